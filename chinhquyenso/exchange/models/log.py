"""The message log: every message in and out, hash-chained and signed by the instance key."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import STATUS_CHOICES, Direction, MessageKind, Outcome


class MessageLogEntry(models.Model):
    created_at = models.DateTimeField(_("time"), db_index=True)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    partner = models.ForeignKey(
        "exchange.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("partner"),
    )  # fmt: skip
    partner_name = models.CharField(_("partner"), max_length=255, blank=True)
    document_id = models.CharField(_("DocumentId"), max_length=255, blank=True, db_index=True)
    status_code = models.CharField(_("status"), max_length=2, blank=True, choices=STATUS_CHOICES)
    from_organ_id = models.CharField(_("from"), max_length=13, blank=True)
    to_organ_ids = models.CharField(_("to"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               db_index=True)  # fmt: skip
    reason = models.TextField(_("reason"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    # Dropped after the retention period; the hash stays, so the chain still verifies.
    payload = models.BinaryField(null=True, blank=True)
    payload_purged_at = models.DateTimeField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    signature = models.TextField()
    certificate = models.ForeignKey("exchange.LogCertificate", on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip

    class Meta:
        verbose_name = _("message log entry")
        verbose_name_plural = _("message log")
        ordering = ["-id"]
        indexes = [models.Index(fields=["partner", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.direction} {self.document_id}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:log_detail", args=[self.pk])


class MessageLogHead(models.Model):
    """One row with the newest hash; locking it serialises appends to the chain."""

    last_hash = models.CharField(max_length=64)
    last_entry_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return self.last_hash


class LogCertificate(models.Model):
    """Certificates of the instance keys that signed log entries (kept across key rotation)."""

    fingerprint = models.CharField(max_length=64, unique=True)
    pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.fingerprint[:16]
