"""Agencies (cơ quan, tổ chức) and their departments (đơn vị, phòng)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import AgencyKind
from ..validators import validate_agency_identifier
from .validity import ValidityPeriod


class Agency(ValidityPeriod):
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    # The abbreviation used in document notations: "UBND" in 12/QĐ-UBND, "TU" in 19-CT/TU.
    notation_abbr = models.CharField(_("notation abbreviation"), max_length=30, blank=True)
    electronic_id = models.CharField(
        _("electronic identifier"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_agency_identifier],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    administrative_unit = models.ForeignKey(
        "core.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("administrative unit"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:agency_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        from ..text import fold

        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Department(ValidityPeriod):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="departments", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=255)
    # Used after the agency abbreviation in công văn notations: 12/UBND-VX.
    abbreviation = models.CharField(_("abbreviation"), max_length=30)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "abbreviation"],
                condition=Q(valid_to__isnull=True),
                name="department_abbr_unique_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.short_name or self.agency.name}"
