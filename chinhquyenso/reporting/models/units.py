"""Reporting units (đơn vị báo cáo): one tree, with a materialised path so that a roll-up over a
province of 10,000 units is one indexed range, not a walk."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core.choices import UnitLevel


class OrgUnit(models.Model):
    """A unit that reports or receives reports: usually an agency (the People's Committee of a
    commune, a department); its administrative unit places it on the map."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # "/12/345/" — ancestors' ids then its own, so descendants are path__startswith (PostgreSQL
    # also gets a varchar_pattern_ops index for that prefix match from db_index).
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    level = models.PositiveSmallIntegerField(_("administrative level"), choices=UnitLevel.choices)
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    administrative_unit = models.ForeignKey(
        "core.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administrative unit"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reporting unit")
        verbose_name_plural = _("reporting units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class DataSetAssignment(models.Model):
    """A report form a unit must send (and from when)."""

    data_set = models.ForeignKey(
        "reporting.DataSet",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("report form"),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("reporting unit"),
    )
    since = models.DateField(_("reports since"), null=True, blank=True)

    class Meta:
        verbose_name = _("assigned report form")
        verbose_name_plural = _("assigned report forms")
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "org_unit"], name="reporting_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_set_id} → {self.org_unit_id}"
