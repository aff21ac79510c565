"""Drafting outgoing documents (Nghị định 30/2020 Điều 10–13): the draft, its particulars and
its versions (a DOCX is converted to the PDF that will be signed). Review and approval follow in
outgoing_approval.py, signing in signing.py, issue in outgoing_issue.py.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import selectors_outgoing as selectors
from ..choices import (
    OutgoingStatus,
    Secrecy,
    SigningAuthority,
    Urgency,
)
from ..models import (
    DocumentType,
    DraftVersion,
    ExternalRecipient,
    OutgoingDocument,
)
from .outgoing import audit, label, locked, require_status, tell, trace
from .outgoing_convert import docx_to_pdf
from .registration import resolve_doc_type

S = OutgoingStatus
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EDITABLE = (S.DRAFT, S.IN_REVIEW, S.IN_APPROVAL)


def _read(upload) -> bytes:
    if isinstance(upload, bytes):
        return upload
    upload.seek(0)
    return b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()


def _prepare(upload, file_name: str) -> tuple[bytes, bytes | None, str]:
    """The upload, the PDF made from it when it is a DOCX, and its name; converted before anything
    is stored, so a file that cannot be converted leaves nothing behind."""
    if upload is None:
        raise ValidationError({"file": _("Attach the draft (DOCX or PDF).")})
    content = _read(upload)
    name = (file_name or getattr(upload, "name", "") or "").strip() or "draft"
    if content.startswith(b"%PDF-"):
        return content, None, name
    if content.startswith(b"PK\x03\x04") and not name.lower().endswith(".pdf"):
        return content, docx_to_pdf(content), name
    raise ValidationError({"file": _("Upload the draft as a DOCX or PDF file.")})


def _store_version(user, document, prepared, note: str) -> DraftVersion:
    content, converted, name = prepared
    source = core.store_file(user, content, name)
    if converted is None:
        if source.mime_type != "application/pdf":
            raise ValidationError({"file": _("Upload the draft as a DOCX or PDF file.")})
        pdf = source
    else:
        if source.mime_type != DOCX_MIME:
            raise ValidationError({"file": _("Upload the draft as a DOCX or PDF file.")})
        pdf = core.store_file(user, converted, name.rsplit(".", 1)[0] + ".pdf")
    number = (document.versions.order_by("-version").values_list("version", flat=True).first()
              or 0) + 1  # fmt: skip
    return DraftVersion.objects.create(
        document=document,
        version=number,
        source_file=source,
        pdf_file=pdf,
        note=note.strip(),
        created_by=user,
    )


def _external(values: Iterable) -> list[tuple[str, str]]:
    """Names (or (name, electronic id) pairs) of recipients outside the platform."""
    pairs = []
    for value in values:
        name, electronic_id = (value, "") if isinstance(value, str) else value
        if name.strip():
            pairs.append((name.strip()[:255], (electronic_id or "").strip()))
    return pairs


def _validate(document: OutgoingDocument, internal, external) -> None:
    errors: dict[str, str] = {}
    scope = document.department or document.agency
    if not document.subject.strip():
        errors["subject"] = _("Enter the subject (trích yếu).")
    if document.reviewer is None and document.signer is None:
        errors["signer"] = _("Choose who reviews or approves the draft: a draft needs an approver.")
    if document.reviewer is not None and not core.has_perm(
        document.reviewer, "eoffice.review_outgoing", scope
    ):
        errors["reviewer"] = _("%(name)s cannot review drafts of this unit.") % {
            "name": document.reviewer
        }
    if document.signer is not None and not core.has_perm(
        document.signer, "eoffice.approve_outgoing", document.agency
    ):
        errors["signer"] = _("%(name)s is not a leader of this agency.") % {"name": document.signer}
    if document.department is not None and document.department.agency_id != document.agency_id:
        errors["department"] = _("The drafting unit must belong to the issuing agency.")
    if document.proposed_urgency not in Urgency.values:
        errors["proposed_urgency"] = _("Unknown urgency.")
    if document.secrecy not in Secrecy.values:
        errors["secrecy"] = _("Unknown secrecy level.")
    if document.signing_authority not in SigningAuthority.values:
        errors["signing_authority"] = _("Unknown signing authority.")
    if document.is_legal_normative and not document.doc_type.abbreviation:
        errors["is_legal_normative"] = _("A %(type)s cannot be a legal normative document.") % {
            "type": document.doc_type.name
        }
    if document.copies_count < 1:
        errors["copies_count"] = _("The number of copies must be at least 1.")
    if any(a.pk == document.agency_id for a in internal):
        errors["internal_recipients"] = _("The issuing agency cannot be its own recipient.")
    # Classified documents never travel over the network (Luật Bảo vệ bí mật nhà nước 2018).
    if document.secrecy > Secrecy.NORMAL and (internal or external):
        errors["secrecy"] = _(
            "Secret documents are delivered on paper: remove the electronic recipients."
        )
    if errors:
        raise ValidationError(errors)


def _doc_type(value) -> DocumentType:
    return value if isinstance(value, DocumentType) else resolve_doc_type(str(value))


def create_draft(
    user,
    agency,
    *,
    doc_type,
    subject: str,
    department=None,
    is_legal_normative: bool = False,
    proposed_urgency: int = Urgency.NORMAL,
    secrecy: int = Secrecy.NORMAL,
    reviewer=None,
    signer=None,
    signing_authority: str = "",
    signer_position: str = "",
    recipients_text: str = "",
    internal_recipients: Iterable = (),
    external_recipients: Iterable = (),
    copies_count: int = 1,
    upload=None,
    file_name: str = "",
    note: str = "",
    corrects: OutgoingDocument | None = None,
) -> OutgoingDocument:
    """A new draft with version 1 (a correction letter may start without a file)."""
    if department is None and user.department_id and user.department.agency_id == agency.pk:
        department = user.department
    core.require(user, "eoffice.draft_outgoing", department or agency)
    document = OutgoingDocument(
        agency=agency,
        department=department,
        doc_type=_doc_type(doc_type),
        subject=(subject or "").strip(),
        is_legal_normative=is_legal_normative,
        proposed_urgency=proposed_urgency,
        urgency=proposed_urgency,
        secrecy=secrecy,
        drafter=user,
        reviewer=reviewer,
        signer=signer,
        signing_authority=signing_authority,
        signer_position=signer_position.strip(),
        recipients_text=recipients_text.strip(),
        copies_count=copies_count,
        corrects=corrects,
    )
    internal = list(internal_recipients)
    external = _external(external_recipients)
    _validate(document, internal, external)
    prepared = None
    if corrects is None or upload is not None:
        prepared = _prepare(upload, file_name)  # before the transaction: conversion is slow
    with transaction.atomic():
        document.save()
        document.internal_recipients.set(internal)
        ExternalRecipient.objects.bulk_create(
            ExternalRecipient(document=document, name=n, electronic_id=e) for n, e in external
        )
        if prepared is not None:
            _store_version(user, document, prepared, note)
        trace(document, user, "correction_drafted" if corrects else "drafted")
        audit("draft", document, None, "subject", "doc_type", "reviewer", "signer", "corrects")
    return document


def update_draft(user, document: OutgoingDocument, **changes) -> OutgoingDocument:
    """The drafter changes a draft's particulars (only while it is a draft)."""
    allowed = {
        "subject", "department", "is_legal_normative", "proposed_urgency", "secrecy", "reviewer",
        "signer", "signing_authority", "signer_position", "recipients_text", "copies_count",
        "doc_type",
    }  # fmt: skip
    unknown = set(changes) - allowed - {"internal_recipients", "external_recipients"}
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if user.pk != document.drafter_id:
        raise PermissionDenied(_("Only the drafter can change the draft."))
    with transaction.atomic():
        document = locked(document)
        require_status(document, S.DRAFT)
        before = core.audit_snapshot(document)
        for name, value in changes.items():
            if name in allowed:
                setattr(document, name, _doc_type(value) if name == "doc_type" else value)
        internal = list(changes.get("internal_recipients", document.internal_recipients.all()))
        if "external_recipients" in changes:
            external = _external(changes["external_recipients"])
        else:
            external = list(document.external_recipients.values_list("name", "electronic_id"))
        _validate(document, internal, external)
        document.save()
        document.internal_recipients.set(internal)
        document.external_recipients.all().delete()
        ExternalRecipient.objects.bulk_create(
            ExternalRecipient(document=document, name=n, electronic_id=e) for n, e in external
        )
        trace(document, user, "updated")
        core.audit_record(
            "eoffice.outgoing.update", document, before=before, after=core.audit_snapshot(document)
        )
    return document


def add_version(
    user, document: OutgoingDocument, *, upload, file_name: str = "", note: str = ""
) -> DraftVersion:
    """A new version by the drafter, the reviewer or the signer while the draft is open."""
    if not selectors.is_participant(user, document):
        raise PermissionDenied(_("Only the drafter, the reviewer or the signer can add a version."))
    core.require(user, "eoffice.draft_outgoing", document.department or document.agency)
    prepared = _prepare(upload, file_name)
    with transaction.atomic():
        document = locked(document)
        require_status(document, *EDITABLE)
        version = _store_version(user, document, prepared, note)
        trace(document, user, "version_added", f"v{version.version}")
        core.audit_record(
            "eoffice.outgoing.version",
            document,
            after={"version": version.version, "file": version.source_file.sha256},
        )
        tell(
            [document.drafter, document.reviewer, document.signer],
            _("New version %(version)s of the draft: %(subject)s")
            % {"version": version.version, "subject": label(document)},
            document,
            skip=user,
        )
    return version
