"""What was reported: one value per element, disaggregation cell, unit and period, and the state
of each unit's report (submitted, approved, locked)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ReportStatus


class DataValue(models.Model):
    element = models.ForeignKey(
        "reporting.DataElement",
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("data element"),
    )
    option_combo = models.ForeignKey(
        "reporting.CategoryOptionCombo",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("disaggregation cell"),
    )
    org_unit = models.ForeignKey(
        "reporting.OrgUnit",
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("reporting unit"),
    )
    # DHIS2-style period identifier (202601, 2026Q1, 2026S1, 2026N9, 2026) and its first day, so
    # that ranges are index scans.
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    # The value as entered (text, yes/no, number) and, for numbers, the number that roll-ups sum.
    value = models.CharField(_("value"), max_length=1000)
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    # Where an automatic value came from: {"module": ..., "query": ..., "computed_at": ...}.
    lineage = models.JSONField(_("lineage"), null=True, blank=True)
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["element", "period", "org_unit", "option_combo"],
                name="reporting_value_unique",
            )
        ]
        indexes = [
            models.Index(fields=["org_unit", "period"], name="reporting_value_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.period} {self.org_unit_id} = {self.value}"


class Report(models.Model):
    """One unit's report for one form and period (DHIS2's "complete data set registration" plus
    approval): its deadline, its state and who moved it."""

    data_set = models.ForeignKey(
        "reporting.DataSet",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("report form"),
    )
    org_unit = models.ForeignKey(
        "reporting.OrgUnit",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("reporting unit"),
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    due_date = models.DateField(_("due date"))
    lock_date = models.DateField(_("entry closes"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_reason = models.CharField(_("reason for return"), max_length=1000, blank=True)
    # An approver may reopen entry after the lock date (DHIS2's lock exception), until this day.
    reopened_until = models.DateField(_("reopened until"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "data_set", "org_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "org_unit", "period"], name="reporting_report_unique"
            )
        ]
        indexes = [
            models.Index(fields=["data_set", "period", "status"], name="reporting_report_status")
        ]

    def __str__(self) -> str:
        return f"{self.data_set} — {self.org_unit} — {self.period}"

    @property
    def on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.due_date
