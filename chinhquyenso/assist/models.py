"""OCR jobs: one scan or PDF read into a searchable PDF, its text and the prefilled metadata."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import OcrStage, OcrStatus


class OcrJob(models.Model):
    source = models.ForeignKey(
        "core.StoredFile",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source file"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OcrStatus.choices, default=OcrStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=OcrStage.choices, default=OcrStage.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    result = models.ForeignKey(
        "core.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("searchable PDF"),
    )
    text = models.TextField(_("extracted text"), blank=True)
    prefill = models.JSONField(_("prefilled metadata"), default=dict, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        "core.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("OCR job")
        verbose_name_plural = _("OCR jobs")
        ordering = ["-id"]
        indexes = [models.Index(fields=["requested_by", "-id"])]

    def __str__(self) -> str:
        return f"OCR #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("assist:ocr_job", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in {OcrStatus.QUEUED, OcrStatus.RUNNING}
