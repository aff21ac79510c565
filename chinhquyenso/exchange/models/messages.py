"""The outbox (messages we send, one delivery per recipient) and the inbox (documents received)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import STATUS_CHOICES, DeliveryState, InboundState, MessageKind


class OutgoingMessage(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("agency"))  # fmt: skip
    document_id = models.CharField(_("DocumentId"), max_length=255, db_index=True)
    code = models.CharField(_("number and notation"), max_length=120, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    business_type = models.PositiveSmallIntegerField(_("business type"), default=0)
    status_code = models.CharField(_("status"), max_length=2, blank=True, choices=STATUS_CHOICES)
    outgoing_document = models.ForeignKey(
        "eoffice.OutgoingDocument", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    payload = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.status_code} {self.document_id}".strip()

    def get_absolute_url(self) -> str:
        return reverse("exchange:outgoing_detail", args=[self.pk])


class Delivery(models.Model):
    """One message to one recipient: attempts, retries and the statuses the recipient sent."""

    message = models.ForeignKey(OutgoingMessage, on_delete=models.CASCADE,
                                related_name="deliveries")  # fmt: skip
    partner = models.ForeignKey("exchange.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))  # fmt: skip
    recipient_organ_id = models.CharField(_("recipient"), max_length=13)
    recipient_name = models.CharField(_("recipient"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices,
                             default=DeliveryState.QUEUED)  # fmt: skip
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    remote_status = models.CharField(_("recipient's status"), max_length=2, blank=True,
                                     choices=STATUS_CHOICES)  # fmt: skip

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "recipient_organ_id"], name="exchange_delivery_unique"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.message.document_id} → {self.recipient_organ_id}"


class StatusUpdate(models.Model):
    """A status the recipient sent about one of our documents (01 … 16)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="statuses")
    code = models.CharField(_("status"), max_length=2, choices=STATUS_CHOICES)
    description = models.TextField(_("description"), blank=True)
    staff = models.CharField(_("staff"), max_length=255, blank=True)
    reported_at = models.DateTimeField(_("time reported"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.delivery}"


class InboundDocument(models.Model):
    """A document received from a partner for one of our agencies (once per DocumentId)."""

    partner = models.ForeignKey("exchange.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))  # fmt: skip
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("recipient"))  # fmt: skip
    sender_organ_id = models.CharField(_("sender"), max_length=13)
    sender_name = models.CharField(_("sender"), max_length=255, blank=True)
    document_id = models.CharField(_("DocumentId"), max_length=255)
    code = models.CharField(_("number and notation"), max_length=120, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    promulgation_date = models.DateField(_("issued date"), null=True, blank=True)
    business_type = models.PositiveSmallIntegerField(_("business type"), default=0)
    state = models.CharField(_("state"), max_length=20, choices=InboundState.choices,
                             default=InboundState.REGISTERED)  # fmt: skip
    incoming_document = models.ForeignKey(
        "eoffice.IncomingDocument", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    signature_verified = models.BooleanField(_("signature verified"), default=False)
    signer_fingerprint = models.CharField(max_length=64, blank=True)
    last_status_sent = models.CharField(_("last status sent"), max_length=2, blank=True,
                                        choices=STATUS_CHOICES)  # fmt: skip
    recall_reason = models.TextField(_("recall reason"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("received document")
        verbose_name_plural = _("received documents")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender_organ_id", "document_id", "agency"],
                name="exchange_inbound_once_per_document",
            )
        ]
        indexes = [models.Index(fields=["incoming_document"])]

    def __str__(self) -> str:
        return f"{self.code or self.document_id} ({self.sender_name or self.sender_organ_id})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:inbound_detail", args=[self.pk])


class InboundAttachment(models.Model):
    document = models.ForeignKey(InboundDocument, on_delete=models.CASCADE,
                                 related_name="attachments")  # fmt: skip
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=255)

    def __str__(self) -> str:
        return self.name
