"""Reception at the one-stop shop (Nghị định 61/2018 Điều 18–19, amended by Nghị định 107/2021):
walk-in dossiers, the completeness check and acceptance, the one supplement request, refusal."""

import datetime
from dataclasses import dataclass, field
from math import floor

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency
from chinhquyenso.core.validators import validate_citizen_id

from ..choices import Channel, DossierStatus, StepRole, StepStatus
from ..models import (
    DossierAttachment,
    DossierStep,
    Procedure,
    RequiredDocument,
    ServiceDossier,
    SupplementRequest,
)
from ..reception_pdf import refusal_pdf, supplement_request_pdf
from .backoffice_common import (
    PROCESS,
    RECEIVE,
    add_event,
    assign_code,
    lock,
    reception_unit,
    require_status,
    snapshot,
    tell_applicant,
    unit_name,
)

S = DossierStatus
SUPPLEMENT_FROM = (S.SUBMITTED, S.PROCESSING, S.AWAITING_APPROVAL)
REFUSE_FROM = (S.SUBMITTED, S.SUPPLEMENT, S.PROCESSING, S.AWAITING_APPROVAL)


@dataclass
class ApplicantData:
    """Who stands at the counter, as read from their CCCD card."""

    full_name: str
    citizen_id: str
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class Scan:
    """One scanned paper; `required_document` is the item of the procedure's list it stands for."""

    upload: object
    name: str = ""
    required_document: RequiredDocument | None = None


@dataclass
class WalkIn:
    applicant: ApplicantData
    form_data: dict = field(default_factory=dict)
    scans: list[Scan] = field(default_factory=list)


def _clean_applicant(data: ApplicantData) -> ApplicantData:
    errors = {}
    data.full_name = (data.full_name or "").strip()
    data.citizen_id = (data.citizen_id or "").strip()
    if not data.full_name:
        errors["full_name"] = [_("Enter the applicant's full name.")]
    try:
        validate_citizen_id(data.citizen_id)
    except ValidationError as exc:
        errors["citizen_id"] = exc.messages
    if errors:
        raise ValidationError(errors)
    data.phone, data.email, data.address = (
        (data.phone or "").strip(),
        (data.email or "").strip(),
        (data.address or "").strip(),
    )
    return data


def receive_walk_in(officer, agency: Agency, procedure: Procedure, walk_in: WalkIn):
    """A dossier handed in at the counter: the scans are stored (digitised) and it waits, as an
    online one does, for the completeness check."""
    core.require(officer, RECEIVE, agency)
    applicant = _clean_applicant(walk_in.applicant)
    if not procedure.is_active or not procedure.agencies.filter(pk=agency.pk).exists():
        raise ValidationError({"procedure": [_("This agency does not receive this procedure.")]})
    if not agency.electronic_id:
        raise ValidationError(_("The agency has no electronic identifier to number dossiers."))
    for scan in walk_in.scans:
        if scan.required_document and scan.required_document.procedure_id != procedure.pk:
            raise ValidationError({"scans": [_("A scan names a paper of another procedure.")]})
    with transaction.atomic():
        user = core.citizen_at_counter(
            officer, applicant.full_name, applicant.citizen_id, applicant.phone
        )
        now = timezone.now()
        dossier = ServiceDossier(
            procedure=procedure,
            agency=agency,
            applicant=user,
            applicant_name=applicant.full_name,
            applicant_id_number=applicant.citizen_id,
            applicant_phone=applicant.phone[:30],
            applicant_email=applicant.email,
            applicant_address=applicant.address[:500],
            channel=Channel.COUNTER,
            form_data=walk_in.form_data or {},
            status=S.SUBMITTED,
            submitted_at=now,
            digitised=bool(walk_in.scans),
        )
        dossier.code = assign_code(dossier, timezone.localdate(now))
        dossier.save()
        for scan in walk_in.scans:
            name = scan.name or getattr(scan.upload, "name", "") or "scan.pdf"
            stored = core.store_file(officer, scan.upload, name)
            DossierAttachment.objects.create(
                dossier=dossier,
                required_document=scan.required_document,
                name=(scan.required_document.name if scan.required_document else name)[:300],
                file=stored,
                added_by=officer,
            )
        add_event(
            dossier,
            officer,
            "submitted_at_counter",
            from_unit=applicant.full_name,
            to_unit=reception_unit(agency),
        )
        core.audit_record("services.dossier.receive_walk_in", dossier, after=snapshot(dossier))
    return dossier


def _missing_mandatory(dossier: ServiceDossier) -> list[str]:
    """Names of the mandatory papers of the procedure that the dossier does not carry."""
    present = set(
        dossier.attachments.exclude(required_document=None).values_list(
            "required_document_id", flat=True
        )
    )
    return [
        document.name
        for document in dossier.procedure.required_documents.filter(mandatory=True)
        if document.pk not in present
    ]


def resolve_agency(hint: str, default: Agency) -> Agency:
    """The platform agency an inter-agency step names (name, short name or electronic id)."""
    hint = (hint or "").strip()
    if not hint:
        return default
    match = (
        Agency.objects.filter(name__iexact=hint).first()
        or Agency.objects.filter(short_name__iexact=hint).first()
        or Agency.objects.filter(electronic_id__iexact=hint).first()
    )
    return match or default


def _create_steps(officer, dossier: ServiceDossier, start: datetime.date) -> None:
    """One DossierStep per procedure step; each is due when its cumulative share of the time
    has elapsed, the last one on the appointment date."""
    steps = list(dossier.procedure.steps.order_by("order"))
    total_days, elapsed_share = dossier.procedure.processing_days, 0
    rows = []
    for index, step in enumerate(steps):
        elapsed_share += step.time_share
        days = total_days if index == len(steps) - 1 else floor(total_days * elapsed_share / 100)
        rows.append(
            DossierStep(
                dossier=dossier,
                step=step,
                agency=resolve_agency(step.agency_hint, dossier.agency),
                due_date=core.add_working_days(start, min(days, total_days)),
            )
        )
    DossierStep.objects.bulk_create(rows)
    first = rows[0] if rows else None
    # The reception step is the acceptance itself.
    if first is not None and first.step.role == StepRole.ONE_STOP_OFFICER:
        now = timezone.now()
        DossierStep.objects.filter(pk=first.pk).update(
            status=StepStatus.DONE, assignee=officer, started_at=now, completed_at=now
        )
        if len(rows) > 1:
            add_event(
                dossier,
                officer,
                "handed_over",
                from_unit=unit_name(dossier.agency, officer),
                to_unit=unit_name(rows[1].agency),
                note=rows[1].step.name,
            )


def check_and_accept(officer, dossier: ServiceDossier) -> ServiceDossier:
    """Accept a complete dossier: the appointment date is counted in working days from today."""
    with transaction.atomic():
        locked = lock(dossier)
        core.require(officer, RECEIVE, locked.agency)
        require_status(locked, S.SUBMITTED)
        missing = _missing_mandatory(locked)
        if missing:
            raise ValidationError(
                {
                    "documents": [
                        _(
                            "Mandatory papers are missing: %(names)s. Request a supplement "
                            "listing them."
                        )
                        % {"names": "; ".join(missing)}
                    ]
                }
            )
        before = snapshot(locked)
        now = timezone.now()
        start = timezone.localdate(now)
        locked.received_at, locked.received_by, locked.status = now, officer, S.PROCESSING
        locked.due_date = core.add_working_days(start, locked.procedure.processing_days)
        locked.save()
        add_event(
            locked,
            officer,
            "accepted",
            from_unit=locked.applicant_name,
            to_unit=reception_unit(locked.agency),
            note=_("Appointment date: %(date)s") % {"date": locked.due_date.strftime("%d/%m/%Y")},
        )
        _create_steps(officer, locked, start)
        core.audit_record("services.dossier.accept", locked, before=before, after=snapshot(locked))
        tell_applicant(
            locked,
            _("Your dossier was accepted; the result is due on %(date)s.")
            % {"date": locked.due_date.strftime("%d/%m/%Y")},
        )
    return locked


def request_supplement(officer, dossier: ServiceDossier, items: list[str]) -> SupplementRequest:
    """Ask once for everything missing; an accepted dossier's clock stops until the answer."""
    items = [str(item).strip() for item in items or [] if str(item).strip()]
    with transaction.atomic():
        locked = lock(dossier)
        if not (
            core.has_perm(officer, RECEIVE, locked.agency)
            or core.has_perm(officer, PROCESS, locked.agency)
        ):
            raise PermissionDenied(_("You do not have permission to do this."))
        require_status(locked, *SUPPLEMENT_FROM)
        if locked.supplement_requests.exists():
            raise ValidationError(
                _(
                    "A supplement was already requested once for this dossier; it cannot be "
                    "requested again (Nghị định 61/2018, Điều 19)."
                )
            )
        if not items:
            raise ValidationError({"items": [_("List every missing or incomplete item.")]})
        before = snapshot(locked)
        form = supplement_request_pdf(locked, items, officer, timezone.localdate())
        stored = core.store_file(officer, form, f"phieu-bo-sung-{locked.code}.pdf")
        request = SupplementRequest.objects.create(
            dossier=locked, items=items, requested_by=officer, file=stored
        )
        locked.status = S.SUPPLEMENT
        if locked.received_at is not None:
            locked.clock_stopped_at = timezone.now()
        locked.save()
        add_event(
            locked,
            officer,
            "supplement_requested",
            from_unit=reception_unit(locked.agency),
            to_unit=locked.applicant_name,
            note="\n".join(items),
        )
        core.audit_record(
            "services.dossier.request_supplement",
            locked,
            before=before,
            after={**snapshot(locked), "items": items, "form_sha256": stored.sha256},
        )
        tell_applicant(
            locked, _("Please supplement your dossier: %(items)s") % {"items": "; ".join(items)}
        )
    return request


def resume_clock(dossier: ServiceDossier, *, actor=None, note: str = "") -> ServiceDossier:
    """The applicant answered the supplement request.

    An accepted dossier goes back to processing and its appointment date (and its open steps'
    dates) move by the working days the clock stood still; a dossier asked at reception goes back
    to the queue to be checked again. `actor` is the applicant or an officer; None when the
    portal's own service, which checked the applicant, calls it.
    """
    with transaction.atomic():
        locked = lock(dossier)
        if actor is not None and actor.pk != locked.applicant_id:
            core.require(actor, RECEIVE, locked.agency)
        require_status(locked, S.SUPPLEMENT)
        before = snapshot(locked)
        request = locked.supplement_requests.order_by("-requested_at").first()
        if request is not None and request.answered_at is None:
            request.answered_at, request.answer_note = timezone.now(), note
            request.save(update_fields=["answered_at", "answer_note"])
        stopped = 0
        if locked.clock_stopped_at is not None:
            stopped = core.working_days_between(
                timezone.localdate(locked.clock_stopped_at), timezone.localdate()
            )
            if stopped > 0 and locked.due_date is not None:
                locked.due_date = core.add_working_days(locked.due_date, stopped)
                for step in locked.steps.exclude(status=StepStatus.DONE).exclude(due_date=None):
                    step.due_date = core.add_working_days(step.due_date, stopped)
                    step.save(update_fields=["due_date"])
            locked.clock_stopped_at = None
        locked.status = S.PROCESSING if locked.received_at else S.SUBMITTED
        locked.save()
        add_event(
            locked,
            actor,
            "supplement_answered",
            from_unit=locked.applicant_name,
            to_unit=reception_unit(locked.agency),
            note=note,
        )
        core.audit_record(
            "services.dossier.resume_clock",
            locked,
            before=before,
            after={**snapshot(locked), "stopped_working_days": stopped},
        )
    return locked


def refuse(officer, dossier: ServiceDossier, reason: str) -> ServiceDossier:
    """Refuse to receive or to settle the dossier, always saying why."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock(dossier)
        core.require(officer, RECEIVE, locked.agency)
        require_status(locked, *REFUSE_FROM)
        if not reason:
            raise ValidationError({"reason": [_("Give the reason for the refusal.")]})
        before = snapshot(locked)
        form = refusal_pdf(locked, reason, officer, timezone.localdate())
        stored = core.store_file(officer, form, f"phieu-tu-choi-{locked.code}.pdf")
        locked.status, locked.refusal_reason = S.REFUSED, reason
        locked.completed_at, locked.clock_stopped_at = timezone.now(), None
        locked.refusal_file = stored
        locked.save()
        add_event(
            locked,
            officer,
            "refused",
            from_unit=reception_unit(locked.agency),
            to_unit=locked.applicant_name,
            note=reason,
        )
        core.audit_record(
            "services.dossier.refuse",
            locked,
            before=before,
            after={**snapshot(locked), "form_sha256": stored.sha256},
        )
        tell_applicant(locked, _("Your dossier was refused: %(reason)s") % {"reason": reason})
    return locked
