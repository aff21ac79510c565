"""Incoming documents (văn bản đến), their catalogues, assignments and trace."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ArrivalChannel,
    AssignmentKind,
    AssignmentStatus,
    DocumentSystem,
    IncomingStatus,
    Secrecy,
    SignatureCoverage,
    SignatureVerdict,
    Urgency,
)


class DocumentType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Case-exact (QyĐ, TTr); empty for Công văn and Thư công, which have none.
    abbreviation = models.CharField(_("abbreviation"), max_length=10, blank=True)
    system = models.CharField(_("system"), max_length=10, choices=DocumentSystem.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CopyType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    abbreviation = models.CharField(_("abbreviation"), max_length=10)
    system = models.CharField(_("system"), max_length=10, choices=DocumentSystem.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("copy type")
        verbose_name_plural = _("copy types")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class IncomingDocument(models.Model):
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    # One series per agency per year, shared by paper and electronic arrivals (Điều 22).
    arrival_year = models.PositiveSmallIntegerField(_("arrival year"))
    arrival_number = models.PositiveIntegerField(_("arrival number"))
    arrival_date = models.DateField(_("arrival date"))
    channel = models.CharField(_("channel"), max_length=12, choices=ArrivalChannel.choices)
    issuer_name = models.CharField(_("issuer"), max_length=255)
    notation_raw = models.CharField(_("number and notation"), max_length=100)
    notation_form = models.CharField(max_length=10)
    code_number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    code_notation = models.CharField(_("notation"), max_length=100, blank=True)
    notation_warnings = models.JSONField(default=list, blank=True)
    issued_date = models.DateField(_("issued date"))
    doc_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("document type")
    )
    subject = models.TextField(_("subject"))
    signer = models.CharField(_("signer"), max_length=150, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy"), choices=Secrecy.choices, default=Secrecy.NORMAL
    )
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    file = models.ForeignKey(
        "core.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("file"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IncomingStatus.choices,
        default=IncomingStatus.REGISTERED,
    )
    dossier = models.CharField(_("work dossier"), max_length=100, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    presented_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presented to"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        ordering = ["-arrival_year", "-arrival_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "arrival_year", "arrival_number"], name="incoming_arrival_unique"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status", "-urgency"]),
            models.Index(fields=["agency", "code_number", "code_notation"]),
            models.Index(fields=["agency", "arrival_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.arrival_number}/{self.arrival_year} – {self.notation_raw}"

    def get_absolute_url(self) -> str:
        return reverse("eoffice:incoming_detail", args=[self.pk])


class Assignment(models.Model):
    """Who handles a document: lead, support or for information, with a deadline (Điều 24)."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="assignments"
    )
    kind = models.CharField(_("role in handling"), max_length=10, choices=AssignmentKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    direction = models.TextField(_("direction"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="reassignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["assignee", "status", "deadline"]),
            models.Index(fields=["department", "status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assignee or self.department}"


class TraceEntry(models.Model):
    """One step in a document's life, shown as its timeline (Phụ lục VI: TraceHeaderList)."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="trace")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="trace"
    )
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"


class ExtensionRequest(models.Model):
    """A handler asks the assigning leader for a later deadline."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    current_deadline = models.DateField(_("current deadline"), null=True, blank=True)
    proposed_deadline = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"))
    approved = models.BooleanField(_("approved"), null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"{self.assignment} → {self.proposed_deadline}"


class SignatureCheck(models.Model):
    """One digital signature found in an electronic arrival, and what its verification showed."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="signature_checks"
    )
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    signer_organisation = models.CharField(_("signer's organisation"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    timestamped = models.BooleanField(_("time-stamped"), default=False)
    coverage = models.CharField(
        _("coverage"), max_length=20, choices=SignatureCoverage.choices, blank=True
    )
    result = models.CharField(_("result"), max_length=12, choices=SignatureVerdict.choices)
    detail = models.TextField(_("detail"), blank=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("signature check")
        verbose_name_plural = _("signature checks")
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return f"{self.signer or '?'}: {self.get_result_display()}"
