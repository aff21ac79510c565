"""Applying online: a draft, its e-form and attachments, submission with the dossier code, and
what the applicant may do afterwards (withdraw, answer a supplement request, rate)."""

import importlib
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.compiled import CompiledQuery, insert_row
from chinhquyenso.core.models import Agency
from chinhquyenso.core.services.sequences import next_value

from .. import eforms
from ..choices import Channel, DossierStatus, OnlineLevel
from ..models import (
    DossierAttachment,
    DossierEvent,
    Procedure,
    Rating,
    RequiredDocument,
    ServiceDossier,
    SupplementRequest,
    WarehouseItem,
    WarehouseUse,
)
from .notifications import notify_applicant, notify_officers_after_commit

# Attachments are scans and documents: PDF, images or Word files (Nghị định 45/2020 Điều 9).
ATTACHMENT_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ATTACHMENT_EXTENSIONS = {"pdf", "png", "jpg", "jpeg", "tif", "tiff", "docx"}
EDITABLE = {DossierStatus.DRAFT, DossierStatus.SUPPLEMENT}
# Before reception (Nghị định 61/2018): the applicant may still take the dossier back.
WITHDRAWABLE = {DossierStatus.DRAFT, DossierStatus.SUBMITTED}
SEQUENCE_SERIES = "services.dossier"


@dataclass(frozen=True)
class NewAttachment:
    """One file to attach: an upload or a document of the applicant's warehouse."""

    required_document: RequiredDocument | None
    upload: object | None = None
    warehouse_item: WarehouseItem | None = None
    name: str = ""


def own_dossiers(user) -> QuerySet:
    """The applicant's own dossiers: the only ones a citizen ever sees."""
    if not user or not user.is_authenticated:
        return ServiceDossier.objects.none()
    return ServiceDossier.objects.filter(applicant=user).select_related("procedure", "agency")


def own_dossier(user, pk: int) -> ServiceDossier:
    """The applicant's dossier `pk`, or 404 (someone else's dossier does not exist for them)."""
    dossier = own_dossiers(user).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    return dossier


def _locked_own(user, dossier: ServiceDossier) -> ServiceDossier:
    core.require(user, "services.apply")
    found = list(ServiceDossier.objects.select_for_update().filter(pk=dossier.pk).order_by())
    locked = found[0] if found else None
    if locked is None or locked.applicant_id != user.pk:
        raise PermissionDenied(_("This is not your dossier."))
    return locked


def _event(dossier, actor, action: str, note: str = "", public: bool = True) -> None:
    event = DossierEvent(
        dossier=dossier,
        actor=actor,
        action=action,
        note=note,
        to_unit=dossier.agency.name,
        public=public,
    )
    insert_row(event)  # built once (core/compiled.py); no signal listens to the timeline


# Every application and submission asks these; their SQL is built once (core/compiled.py).
_RECEIVES = CompiledQuery(
    lambda procedure_id, agency_id: Procedure.agencies.through.objects.filter(
        procedure_id=procedure_id, agency_id=agency_id
    ).values_list("id")[:1],
    int,
    int,
)
_MISSING_IDS = CompiledQuery(
    lambda procedure_id, dossier_id: (
        RequiredDocument.objects.filter(procedure_id=procedure_id, mandatory=True)
        .exclude(
            pk__in=DossierAttachment.objects.filter(
                dossier_id=dossier_id, required_document__isnull=False
            ).values("required_document_id")
        )
        .values_list("id")
    ),
    int,
    int,
)


def start_application(user, procedure: Procedure, agency: Agency | None = None) -> ServiceDossier:
    """A draft dossier of `procedure` at one of its receiving agencies."""
    core.require(user, "services.apply")
    if not procedure.is_active or procedure.online_level == OnlineLevel.NONE:
        raise ValidationError(
            {"procedure": _("This procedure cannot be applied for online; apply at the counter.")}
        )
    if agency is None:
        agencies = list(procedure.agencies.all())
        if len(agencies) != 1:
            raise ValidationError({"agency": _("Choose the agency that receives your dossier.")})
        agency = agencies[0]
    elif not _RECEIVES.rows(procedure.pk, agency.pk):
        raise ValidationError({"agency": _("This agency does not receive this procedure.")})
    with transaction.atomic():
        dossier = ServiceDossier(
            procedure=procedure,
            agency=agency,
            applicant=user,
            applicant_name=str(user)[:200],
            applicant_id_number=user.citizen_id or getattr(user, "tax_code", "") or "",
            applicant_phone=user.phone,
            applicant_email=user.email,
            channel=Channel.ONLINE,
        )
        insert_row(dossier)  # built once (core/compiled.py); no signal listens to dossiers
        core.audit_record(
            "services.dossier.start", dossier, after=core.audit_snapshot(dossier), actor=user
        )
    return dossier


def save_form(user, dossier: ServiceDossier, data: dict) -> ServiceDossier:
    """Store the e-form's answers; invalid answers are refused field by field, nothing saved."""
    cleaned = validate_form_data(dossier.procedure, data)
    with transaction.atomic():
        dossier = _locked_own(user, dossier)
        if dossier.status not in EDITABLE:
            raise ValidationError(_("The form can only be changed in a draft or a supplement."))
        before = {"form_data": dossier.form_data}
        dossier.form_data = cleaned
        dossier.save(update_fields=["form_data", "updated_at"])
        core.audit_record(
            "services.dossier.form",
            dossier,
            before=before,
            after={"form_data": cleaned},
            actor=user,
        )
    return dossier


def _check_upload_name(upload) -> None:
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {"file": _("Attach a PDF, an image (PNG, JPEG, TIFF) or a Word (DOCX) file.")}
        )


def _add_attachment(user, dossier: ServiceDossier, new: NewAttachment) -> DossierAttachment:
    """Inside the caller's transaction; a refused file rolls back with everything else."""
    required = new.required_document
    if required is not None and required.procedure_id != dossier.procedure_id:
        raise ValidationError({"required_document": _("This paper is not asked by the procedure.")})
    if (new.upload is None) == (new.warehouse_item is None):
        raise ValidationError({"file": _("Upload a file or pick one from your documents.")})
    item = new.warehouse_item
    if item is not None:
        if item.owner_id != dossier.applicant_id:
            raise ValidationError({"warehouse_item": _("This document is not in your warehouse.")})
        if item.valid_until and item.valid_until < timezone.localdate():
            raise ValidationError({"warehouse_item": _("This document has expired.")})
        stored = item.file
    else:
        _check_upload_name(new.upload)
        try:
            stored = core.store_file(user, new.upload, new.upload.name)
        except core.FileRefused as exc:
            raise ValidationError({"file": exc.messages}) from exc
        if stored.mime_type not in ATTACHMENT_TYPES:
            raise ValidationError(
                {"file": _("Attach a PDF, an image (PNG, JPEG, TIFF) or a Word (DOCX) file.")}
            )
    name = (new.name or (required.name if required else "") or stored.original_name)[:300]
    attachment = DossierAttachment.objects.create(
        dossier=dossier,
        required_document=required,
        name=name,
        file=stored,
        warehouse_item=item,
        added_by=user,
    )
    if item is not None:
        WarehouseUse.objects.create(item=item, dossier=dossier, used_by=user)
    core.audit_record(
        "services.dossier.attach", attachment, after=core.audit_snapshot(attachment), actor=user
    )
    return attachment


def attach(
    user,
    dossier: ServiceDossier,
    required_document: RequiredDocument | None,
    upload=None,
    warehouse_item: WarehouseItem | None = None,
    name: str = "",
) -> DossierAttachment:
    """Attach an uploaded file or a warehouse document (recorded as a use of that document)."""
    with transaction.atomic():
        dossier = _locked_own(user, dossier)
        if dossier.status not in EDITABLE:
            raise ValidationError(_("Papers can only be added to a draft or a supplement."))
        new = NewAttachment(required_document, upload, warehouse_item, name)
        return _add_attachment(user, dossier, new)


def detach(user, attachment: DossierAttachment) -> None:
    """Remove a paper from a draft (a submitted dossier keeps everything it was sent with)."""
    with transaction.atomic():
        dossier = _locked_own(user, attachment.dossier)
        if dossier.status != DossierStatus.DRAFT:
            raise ValidationError(_("Papers can only be removed from a draft."))
        core.audit_record(
            "services.dossier.detach",
            attachment,
            before=core.audit_snapshot(attachment),
            actor=user,
        )
        attachment.delete()


def missing_documents(dossier: ServiceDossier) -> list[RequiredDocument]:
    """The procedure's mandatory papers that no attachment of the dossier stands for."""
    if not _MISSING_IDS.rows(dossier.procedure_id, dossier.pk):
        return []  # the usual answer at submission, from a query compiled once
    attached = DossierAttachment.objects.filter(
        dossier_id=dossier.pk, required_document__isnull=False
    ).values("required_document_id")
    return list(
        RequiredDocument.objects.filter(procedure_id=dossier.procedure_id, mandatory=True)
        .exclude(pk__in=attached)
        .order_by("order", "id")
    )


def dossier_code(dossier: ServiceDossier, day) -> str:
    """Thông tư 01/2018 Điều 19: `{agency id}-{YYMMDD}-{NNNN}`; call inside the transaction.

    The back office numbers walk-in dossiers from the same daily series, so its function is
    used when installed and both channels share one gapless sequence per agency and day.
    """
    shared = _backoffice("assign_code")
    if shared is not None:
        return shared(dossier, day)
    agency = dossier.agency
    period = day.strftime("%y%m%d")
    number = next_value(SEQUENCE_SERIES, f"agency:{agency.pk}", period)
    return f"{agency.electronic_id}-{period}-{number:04d}"


def submit(user, dossier: ServiceDossier, idempotency_key: str) -> ServiceDossier:
    """Submit the draft; the same key always returns the same dossier, numbered once."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 80:
        raise ValidationError(
            {"idempotency_key": _("A submission key of 1 to 80 characters is required.")}
        )
    core.require(user, "services.apply")
    with transaction.atomic():
        # One query locks the draft and finds an earlier submission with the same key.
        rows = list(
            ServiceDossier.objects.select_for_update(of=("self",))
            .select_related("procedure", "agency", "applicant")
            .filter(Q(pk=dossier.pk) | Q(applicant=user, idempotency_key=key))
            .order_by()
        )
        earlier = next(
            (row for row in rows if row.applicant_id == user.pk and row.idempotency_key == key),
            None,
        )
        if earlier is not None:
            return earlier  # a repeated request: the first one already did the work
        dossier = next((row for row in rows if row.pk == dossier.pk), None)
        if dossier is None or dossier.applicant_id != user.pk:
            raise PermissionDenied(_("This is not your dossier."))
        if dossier.status != DossierStatus.DRAFT:
            raise ValidationError(_("This dossier has already been submitted."))
        errors: dict[str, list[str]] = {}
        missing = missing_documents(dossier)
        if missing:
            errors["attachments"] = [
                _("Attach: %(name)s.") % {"name": required.name} for required in missing
            ]
        try:
            validate_form_data(dossier.procedure, dossier.form_data)
        except ValidationError as exc:
            errors["form"] = [_("The e-form has errors: correct them first.")] + exc.messages
        if not dossier.agency.electronic_id:
            errors["agency"] = [_("The receiving agency has no electronic identifier.")]
        if errors:
            raise ValidationError(errors)
        before = core.audit_snapshot(dossier, ["status", "code"])
        _event(dossier, user, "submitted")
        # From the daily number on, every submission to this agency waits for this one, and
        # from the audit event on every audited change does: those two come last.
        now = timezone.now()
        dossier.code = dossier_code(dossier, timezone.localdate(now))
        dossier.status = DossierStatus.SUBMITTED
        dossier.submitted_at = now
        dossier.idempotency_key = key
        dossier.save(
            update_fields=["code", "status", "submitted_at", "idempotency_key", "updated_at"]
        )
        core.audit_record(
            "services.dossier.submit",
            dossier,
            before=before,
            after=core.audit_snapshot(dossier, ["status", "code"]),
            actor=user,
        )
        # After the commit: from the daily number to the commit every other submission to this
        # agency waits, and the notice names the code, so it cannot come before the number
        # (docs/benchmarks.md). A rolled-back submission still tells nobody anything.
        submitted, notice = dossier, _("your dossier was submitted; wait for its reception.")
        transaction.on_commit(lambda: notify_applicant(submitted, notice), robust=True)
        notify_officers_after_commit(dossier, _("a new dossier was submitted online."), "submitted")
    return dossier


def withdraw(user, dossier: ServiceDossier, reason: str = "") -> ServiceDossier:
    with transaction.atomic():
        dossier = _locked_own(user, dossier)
        if dossier.status not in WITHDRAWABLE or dossier.received_at is not None:
            raise ValidationError(_("A dossier can only be withdrawn before its reception."))
        was_submitted = dossier.status == DossierStatus.SUBMITTED
        before = core.audit_snapshot(dossier, ["status"])
        dossier.status = DossierStatus.WITHDRAWN
        dossier.save(update_fields=["status", "updated_at"])
        _event(dossier, user, "withdrawn", reason.strip())
        core.audit_record(
            "services.dossier.withdraw",
            dossier,
            before=before,
            after={"status": dossier.status, "reason": reason},
            actor=user,
        )
        if was_submitted:
            notify_officers_after_commit(
                dossier, _("the applicant withdrew the dossier."), "withdrawn"
            )
            notify_applicant(dossier, _("your dossier was withdrawn."))
    return dossier


def validate_form_data(procedure: Procedure, data: dict) -> dict:
    """The e-form's answers checked against the procedure's schema; errors keyed by field."""
    return eforms.validate_data(procedure.form_schema or {}, data)


@cache
def _backoffice(name: str):
    """A public function of the one-stop back office, or None where it is not installed; looked
    up once per process (a failed import searches the whole path every time)."""
    for module in ("backoffice", "backoffice_reception", "backoffice_common"):
        try:
            found = getattr(importlib.import_module(f"{__package__}.{module}"), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    return None


def answer_supplement(
    user, dossier: ServiceDossier, note: str, attachments: list[NewAttachment] = ()
) -> ServiceDossier:
    """Answer the open supplement request with a note and new papers, all or nothing; the back
    office restarts the dossier's clock."""
    note = (note or "").strip()
    if not note and not attachments:
        raise ValidationError({"note": _("Write an answer or attach the requested papers.")})
    with transaction.atomic():
        dossier = _locked_own(user, dossier)
        if dossier.status != DossierStatus.SUPPLEMENT:
            raise ValidationError(_("No supplement is requested for this dossier."))
        for new in attachments:
            _add_attachment(user, dossier, new)
        core.audit_record(
            "services.dossier.answer_supplement",
            dossier,
            after={"note": note, "attachments": len(attachments)},
            actor=user,
        )
        resume_clock = _backoffice("resume_clock")
        if resume_clock is not None:
            resume_clock(dossier, actor=user, note=note)
        else:
            _resume_without_backoffice(user, dossier, note)
        dossier.refresh_from_db()
        notify_officers_after_commit(
            dossier, _("the applicant answered the supplement request."), "answered"
        )
    return dossier


def _resume_without_backoffice(user, dossier: ServiceDossier, note: str) -> None:
    """Where the back office is not installed the dossier simply waits for reception again."""
    SupplementRequest.objects.filter(dossier=dossier, answered_at__isnull=True).update(
        answered_at=timezone.now(), answer_note=note
    )
    dossier.status = DossierStatus.SUBMITTED
    dossier.clock_stopped_at = None
    dossier.save(update_fields=["status", "clock_stopped_at", "updated_at"])
    _event(dossier, user, "supplement_answered", note)


def rate(user, dossier: ServiceDossier, score: int, comment: str = "") -> Rating:
    """Once, after the result was returned: 1 (very dissatisfied) to 5 (very satisfied)."""
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    with transaction.atomic():
        dossier = _locked_own(user, dossier)
        if dossier.status != DossierStatus.RETURNED:
            raise ValidationError(_("You can rate the service once the result is returned."))
        if Rating.objects.filter(dossier=dossier).exists():
            raise ValidationError(_("You have already rated this dossier."))
        rating = Rating.objects.create(dossier=dossier, score=score, comment=comment.strip())
        core.audit_record(
            "services.dossier.rate", rating, after=core.audit_snapshot(rating), actor=user
        )
    return rating
