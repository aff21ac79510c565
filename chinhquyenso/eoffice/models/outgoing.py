"""Outgoing documents (văn bản đi): drafts, versions, approval, numbering, issue, delivery."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ApprovalDecision,
    ApprovalStage,
    ArrivalState,
    NumberingScheme,
    OutgoingStatus,
    Secrecy,
    SigningAuthority,
    Urgency,
)

USER = settings.AUTH_USER_MODEL


class AgencyNumbering(models.Model):
    """How an agency numbers what it issues (chosen by its head, Nghị định 30/2020 Điều 15)."""

    agency = models.OneToOneField(
        "core.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    scheme = models.CharField(
        _("numbering scheme"),
        max_length=10,
        choices=NumberingScheme.choices,
        default=NumberingScheme.SINGLE,
    )
    # Party agencies number per type over the committee's term (HD 36-HD/VPTW), not per year.
    party_term_start = models.DateField(_("start of the Party committee's term"), null=True,
                                        blank=True)  # fmt: skip

    class Meta:
        verbose_name = _("numbering settings")
        verbose_name_plural = _("numbering settings")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.get_scheme_display()}"


class OutgoingDocument(models.Model):
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafting unit"),
    )
    doc_type = models.ForeignKey(
        "eoffice.DocumentType", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("document type"),
    )  # fmt: skip
    subject = models.TextField(_("subject"))
    is_legal_normative = models.BooleanField(_("legal normative document"), default=False)
    proposed_urgency = models.PositiveSmallIntegerField(
        _("proposed urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy"), choices=Secrecy.choices, default=Secrecy.NORMAL
    )
    drafter = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewer"),
    )  # fmt: skip
    signer = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signer"),
    )  # fmt: skip
    signing_authority = models.CharField(
        _("signing authority"), max_length=5, choices=SigningAuthority.choices, blank=True
    )
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OutgoingStatus.choices, default=OutgoingStatus.DRAFT
    )
    # Given at issue time, never at draft time.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    series = models.CharField(max_length=80, blank=True)
    notation = models.CharField(_("notation"), max_length=100, blank=True)
    number_text = models.CharField(_("number and notation"), max_length=120, blank=True)
    issued_date = models.DateField(_("issued date"), null=True, blank=True)
    issued_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipients_text = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    # Agencies on the platform that receive it electronically at issue time.
    internal_recipients = models.ManyToManyField(
        "core.Agency", blank=True, related_name="+", verbose_name=_("recipients on the platform")
    )
    filing_line = models.CharField(_("filing line (Lưu)"), max_length=200, blank=True)
    copies_count = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    final_file = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed file"),
    )  # fmt: skip
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        verbose_name=_("corrects"),
    )  # fmt: skip
    recalled_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.TextField(_("reason for recall"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "series", "number_year", "number"],
                condition=models.Q(number__isnull=False),
                name="outgoing_number_unique",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["agency", "issued_date"]),
        ]

    def __str__(self) -> str:
        return self.number_text or f"{_('Draft')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("eoffice:outgoing_detail", args=[self.pk])


class DraftVersion(models.Model):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="versions")  # fmt: skip
    version = models.PositiveSmallIntegerField(_("version"))
    source_file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    # The PDF that is signed: the upload itself, or the DOCX converted by LibreOffice.
    pdf_file = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="draft_version_once")
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class DraftComment(models.Model):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="comments")  # fmt: skip
    version = models.ForeignKey(DraftVersion, on_delete=models.SET_NULL, null=True, blank=True)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class ApprovalStep(models.Model):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="approvals")  # fmt: skip
    stage = models.CharField(_("stage"), max_length=10, choices=ApprovalStage.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=ApprovalDecision.choices)
    note = models.TextField(_("note"), blank=True)
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_decision_display()}"


class OutgoingTrace(models.Model):
    """One step in an outgoing document's life (drafted, submitted, approved, signed, issued…)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="trace")  # fmt: skip
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action


class ElectronicArrival(models.Model):
    """A document delivered electronically to an agency, waiting for its clerk to register it.

    Internal delivery creates one per recipient agency on the platform; document exchange (edXML)
    will create them for documents from outside.
    """

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(
        OutgoingDocument, on_delete=models.PROTECT, null=True, blank=True,
        related_name="arrivals",
    )  # fmt: skip
    sender_name = models.CharField(_("sender"), max_length=255)
    number_text = models.CharField(_("number and notation"), max_length=120)
    issued_date = models.DateField(_("issued date"))
    doc_type = models.ForeignKey("eoffice.DocumentType", on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    subject = models.TextField(_("subject"))
    signer = models.CharField(_("signer"), max_length=150, blank=True)
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, default=Urgency.NORMAL)
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")  # fmt: skip
    state = models.CharField(
        _("state"), max_length=12, choices=ArrivalState.choices, default=ArrivalState.ARRIVED
    )
    incoming = models.OneToOneField(
        "eoffice.IncomingDocument", on_delete=models.PROTECT, null=True, blank=True,
        related_name="electronic_arrival",
    )  # fmt: skip
    note = models.TextField(blank=True)
    arrived_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("electronic arrival")
        verbose_name_plural = _("electronic arrivals")
        ordering = ["-urgency", "arrived_at"]
        indexes = [models.Index(fields=["agency", "state"])]

    def __str__(self) -> str:
        return f"{self.number_text} → {self.agency_id}"


class ExternalRecipient(models.Model):
    """A recipient outside the platform, queued for document exchange (edXML, a later issue)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE,
                                 related_name="external_recipients")  # fmt: skip
    name = models.CharField(_("recipient"), max_length=255)
    electronic_id = models.CharField(_("electronic identifier"), max_length=13, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class CopyDocument(models.Model):
    """A copy (sao y, trích sao, sao lục; Party "BS") with its own yearly series (Điều 25–27)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    copy_type = models.ForeignKey("eoffice.CopyType", on_delete=models.PROTECT, related_name="+")
    source_outgoing = models.ForeignKey(
        OutgoingDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="copies"
    )
    source_incoming = models.ForeignKey(
        "eoffice.IncomingDocument", on_delete=models.PROTECT, null=True, blank=True,
        related_name="copies",
    )  # fmt: skip
    number = models.PositiveIntegerField(_("number"))
    number_year = models.PositiveSmallIntegerField()
    number_text = models.CharField(_("number and notation"), max_length=120)
    copied_date = models.DateField(_("date of copy"))
    # Paper → electronic: the scan, later signed by the agency.
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")  # fmt: skip
    recipients_text = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    signer = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")  # fmt: skip
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        ordering = ["-number_year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number_year", "number"], name="copy_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number_text


class SigningCredential(models.Model):
    """A person's or an agency's signing key, as a PKCS#12 file an administrator uploads.

    The PKCS#12 password is never stored: the signer types it (like a token PIN) each time.
    """

    user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="signing_credentials")  # fmt: skip
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")  # fmt: skip
    label = models.CharField(_("label"), max_length=150)
    pkcs12 = models.BinaryField(_("PKCS#12 file"))
    certificate_subject = models.CharField(_("certificate subject"), max_length=300)
    certificate_serial = models.CharField(_("serial number"), max_length=80)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid to"))
    # Blue signature image (person) or red seal image (agency), PNG with transparency.
    image = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")  # fmt: skip
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signing credential")
        verbose_name_plural = _("signing credentials")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, agency__isnull=True)
                | models.Q(user__isnull=True, agency__isnull=False),
                name="signing_credential_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.label
