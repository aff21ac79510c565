"""Administrative units (tỉnh, xã, phường…) with validity periods and successor links."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import UnitKind, UnitLevel
from .validity import ValidityPeriod


class AdministrativeUnit(ValidityPeriod):
    # A GSO code alone is ambiguous: the 2025 reform reused old commune codes for new units.
    code = models.CharField(_("GSO code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="unit_code_period_unique",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_from__isnull=True),
                name="unit_code_unknown_start",
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("core:unit_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        from ..text import fold

        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class UnitSuccession(models.Model):
    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_in"
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
