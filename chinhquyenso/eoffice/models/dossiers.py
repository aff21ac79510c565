"""Work dossiers (hồ sơ công việc): the yearly file plan and the dossiers opened from it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import DossierStatus

USER = settings.AUTH_USER_MODEL


class FilePlan(models.Model):
    """Danh mục hồ sơ: one per agency and year, approved by the head of the agency (Điều 28)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")  # fmt: skip
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("file plan")
        verbose_name_plural = _("file plans")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="file_plan_once")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}"


class FilePlanEntry(models.Model):
    plan = models.ForeignKey(FilePlan, on_delete=models.CASCADE, related_name="entries")
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")  # fmt: skip
    # The file notation, e.g. "01.TCCB"; the FileCode is OrganId + year + this (Phụ lục VI).
    notation = models.CharField(_("file notation"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    # Empty = permanent (Vĩnh viễn).
    retention_years = models.PositiveSmallIntegerField(_("retention (years)"), null=True,
                                                       blank=True)  # fmt: skip
    responsible = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")  # fmt: skip
    # Construction works (xây dựng cơ bản) go to the archive within 3 months, not 1 year (Điều 31).
    construction = models.BooleanField(_("construction works"), default=False)

    class Meta:
        verbose_name = _("file plan entry")
        verbose_name_plural = _("file plan entries")
        ordering = ["plan", "notation"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "notation"], name="file_plan_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.notation} {self.title}"


class WorkDossier(models.Model):
    entry = models.ForeignKey(FilePlanEntry, on_delete=models.PROTECT, related_name="dossiers")
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=DossierStatus.choices, default=DossierStatus.OPEN
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Processed on the platform end to end (the online-processing KPI); see docs/kpi.md.
    processed_online = models.BooleanField(_("processed online"), default=True)
    handover_due = models.DateField(_("hand-over due"), null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("work dossier")
        verbose_name_plural = _("work dossiers")
        ordering = ["-opened_at"]
        # closed_at: the KPI counts the dossiers closed in a period.
        indexes = [
            models.Index(fields=["status", "handover_due"]),
            models.Index(fields=["closed_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("eoffice:dossier_detail", args=[self.pk])


class DossierItem(models.Model):
    """A document filed in a dossier; one document may be in many dossiers without copying."""

    dossier = models.ForeignKey(WorkDossier, on_delete=models.CASCADE, related_name="items")
    incoming = models.ForeignKey("eoffice.IncomingDocument", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="dossier_items")  # fmt: skip
    outgoing = models.ForeignKey("eoffice.OutgoingDocument", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="dossier_items")  # fmt: skip
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(incoming__isnull=False, outgoing__isnull=True)
                | models.Q(incoming__isnull=True, outgoing__isnull=False),
                name="dossier_item_one_document",
            ),
            models.UniqueConstraint(fields=["dossier", "incoming"], name="dossier_incoming_once"),
            models.UniqueConstraint(fields=["dossier", "outgoing"], name="dossier_outgoing_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.incoming_id or self.outgoing_id}"
