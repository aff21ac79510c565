"""Application dossiers (hồ sơ thủ tục hành chính) and everything that happens to them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import Channel, DossierStatus, PaymentStatus, StepStatus

USER = settings.AUTH_USER_MODEL


class ServiceDossier(models.Model):
    # Thông tư 01/2018/TT-VPCP Điều 19: {agency identifier}-{YYMMDD}-{4-digit daily sequence};
    # empty until the dossier is submitted.
    code = models.CharField(_("dossier code"), max_length=40, blank=True, db_index=True)
    procedure = models.ForeignKey("services.Procedure", on_delete=models.PROTECT,
                                  related_name="dossiers", verbose_name=_("procedure"))  # fmt: skip
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("receiving agency"))  # fmt: skip
    applicant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="service_dossiers",
                                  verbose_name=_("applicant"))  # fmt: skip
    applicant_name = models.CharField(_("applicant's name"), max_length=200)
    applicant_id_number = models.CharField(_("CCCD or tax code"), max_length=14, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    form_data = models.JSONField(_("form"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DossierStatus.choices,
                              default=DossierStatus.DRAFT)  # fmt: skip
    # A client-chosen key: submitting twice with the same key returns the same dossier.
    idempotency_key = models.CharField(max_length=80, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")  # fmt: skip
    # Appointment date given at reception; moved by a stopped clock or an apology letter.
    due_date = models.DateField(_("appointment date"), null=True, blank=True)
    clock_stopped_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    # The refusal notice as issued (Thông tư 01/2018/TT-VPCP, mẫu 03).
    refusal_file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("refusal notice"))  # fmt: skip
    # Walk-in papers scanned and digitised at the counter (QĐ 766 digitisation indicator).
    digitised = models.BooleanField(_("digitised at the counter"), default=False)
    result_file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("result"))  # fmt: skip
    result_signed = models.BooleanField(_("result signed digitally"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service dossier")
        verbose_name_plural = _("service dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="service_dossier_idempotent",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="service_dossier_code_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["agency", "received_at"]),
            models.Index(fields=["agency", "completed_at"]),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("services:dossier_detail", args=[self.pk])


class DossierAttachment(models.Model):
    dossier = models.ForeignKey(ServiceDossier, on_delete=models.CASCADE,
                                related_name="attachments")  # fmt: skip
    required_document = models.ForeignKey("services.RequiredDocument", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")  # fmt: skip
    name = models.CharField(_("name"), max_length=300)
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    # Reused from the applicant's e-data warehouse instead of uploaded again.
    warehouse_item = models.ForeignKey("services.WarehouseItem", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")  # fmt: skip
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    """One processing step of one dossier, with its own deadline."""

    dossier = models.ForeignKey(ServiceDossier, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey("services.ProcessingStep", on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")  # fmt: skip
    status = models.CharField(max_length=10, choices=StepStatus.choices,
                              default=StepStatus.PENDING)  # fmt: skip
    started_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["dossier", "step__order"]
        indexes = [models.Index(fields=["agency", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.dossier} / {self.step}"


class DossierEvent(models.Model):
    """The timeline and the tracking slip (phiếu kiểm soát quá trình): each hand-over and change."""

    dossier = models.ForeignKey(ServiceDossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=40)
    from_unit = models.CharField(max_length=300, blank=True)
    to_unit = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    # Shown to the applicant in the public timeline (internal notes are not).
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action


class SupplementRequest(models.Model):
    """Asked once, listing every missing item; the clock stops until it is answered."""

    dossier = models.ForeignKey(ServiceDossier, on_delete=models.CASCADE,
                                related_name="supplement_requests")  # fmt: skip
    items = models.JSONField(_("missing items"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(blank=True)
    # The request as issued (Thông tư 01/2018/TT-VPCP, mẫu 02).
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("request form"))  # fmt: skip

    def __str__(self) -> str:
        return f"{self.dossier}: {len(self.items)}"


class ApologyLetter(models.Model):
    """Thư xin lỗi: a late dossier gets an apology and a new appointment date."""

    dossier = models.ForeignKey(ServiceDossier, on_delete=models.CASCADE,
                                related_name="apologies")  # fmt: skip
    reason = models.TextField(_("reason"))
    previous_date = models.DateField()
    new_date = models.DateField(_("new appointment date"))
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")  # fmt: skip
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.dossier} → {self.new_date}"


class Payment(models.Model):
    dossier = models.ForeignKey(ServiceDossier, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(_("amount (VND)"), max_digits=12, decimal_places=0)
    provider = models.CharField(_("provider"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices,
                              default=PaymentStatus.PENDING)  # fmt: skip
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    online = models.BooleanField(_("paid online"), default=False)
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.dossier} {self.amount} {self.status}"


class Rating(models.Model):
    dossier = models.OneToOneField(ServiceDossier, on_delete=models.CASCADE,
                                   related_name="rating")  # fmt: skip
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.dossier}: {self.score}"
