"""Processing after acceptance (Nghị định 61/2018 Điều 20–21): hand-overs between units and
agencies, the leader's approval, the result signed by the agency and returned."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import StoredFile
from chinhquyenso.eoffice import services as eoffice

from ..choices import DossierStatus, StepRole, StepStatus
from ..models import DossierStep, ServiceDossier
from .backoffice_common import (
    APPROVE,
    PROCESS,
    RECEIVE,
    add_event,
    current_step,
    lock,
    reception_unit,
    require_status,
    snapshot,
    tell_applicant,
    unit_name,
)
from .warehouse import add_result_to_warehouse

S = DossierStatus
PDF_MIME = "application/pdf"
IN_PROGRESS = (S.PROCESSING, S.AWAITING_APPROVAL)


def _locked_step(dossier_step: DossierStep) -> tuple[ServiceDossier, DossierStep]:
    """Lock the dossier, and check the step is the one being worked on now."""
    dossier = lock(dossier_step.dossier)
    require_status(dossier, *IN_PROGRESS)
    current = current_step(dossier)
    if current is None or current.pk != dossier_step.pk:
        raise ValidationError(_("This step is not the dossier's current step."))
    return dossier, current


def _require_step_actor(user, step: DossierStep) -> None:
    """The step's assignee, or, while nobody holds it, someone of the unit that handles it."""
    if step.assignee_id is not None and step.assignee_id != user.pk:
        raise PermissionDenied(_("This step is assigned to someone else."))
    core.require(user, APPROVE if step.step.role == StepRole.LEADER else PROCESS, step.agency)


def _can_take(user, step: DossierStep) -> bool:
    perm = APPROVE if step.step.role == StepRole.LEADER else PROCESS
    return user.is_active and core.has_perm(user, perm, step.agency)


def _assign(actor, dossier, step: DossierStep, assignee, from_unit: str) -> None:
    if not _can_take(assignee, step):
        raise ValidationError(
            {
                "assignee": [
                    _("%(name)s cannot handle this step at %(agency)s.")
                    % {"name": assignee, "agency": step.agency}
                ]
            }
        )
    step.assignee = assignee
    step.save(update_fields=["assignee"])
    add_event(
        dossier,
        actor,
        "handed_over",
        from_unit=from_unit,
        to_unit=unit_name(step.agency, assignee),
        note=step.step.name,
    )


def hand_over(user, dossier_step: DossierStep, assignee) -> DossierStep:
    """Give the current step to a person of the unit that handles it (a head, a specialist)."""
    with transaction.atomic():
        dossier, step = _locked_step(dossier_step)
        if not (
            core.has_perm(user, RECEIVE, dossier.agency)
            or core.has_perm(user, PROCESS, step.agency)
        ):
            raise PermissionDenied(_("You do not have permission to do this."))
        if step.status != StepStatus.PENDING:
            raise ValidationError(_("This step has already been started."))
        before = {"assignee": step.assignee_id}
        _assign(user, dossier, step, assignee, unit_name(dossier.agency, user))
        core.audit_record(
            "services.step.hand_over", step, before=before, after={"assignee": assignee.pk}
        )
    return step


def start_step(user, dossier_step: DossierStep) -> DossierStep:
    with transaction.atomic():
        dossier, step = _locked_step(dossier_step)
        _require_step_actor(user, step)
        if step.status != StepStatus.PENDING:
            raise ValidationError(_("This step has already been started."))
        step.assignee, step.status, step.started_at = user, StepStatus.ACTIVE, timezone.now()
        step.save(update_fields=["assignee", "status", "started_at"])
        add_event(dossier, user, "step_started", note=step.step.name, public=False)
        core.audit_record("services.step.start", step, after={"status": step.status})
    return step


def _finish(user, dossier, step: DossierStep, note: str, next_assignee=None) -> None:
    now = timezone.now()
    step.assignee = step.assignee or user
    step.status, step.completed_at, step.note = StepStatus.DONE, now, note
    step.started_at = step.started_at or now
    step.save(update_fields=["assignee", "status", "completed_at", "note", "started_at"])
    following = current_step(dossier)
    here = unit_name(step.agency, user)
    if following is None:
        add_event(dossier, user, "step_completed", from_unit=here, note=note, public=False)
    elif next_assignee is not None:
        _assign(user, dossier, following, next_assignee, here)
    else:
        add_event(
            dossier,
            user,
            "handed_over",
            from_unit=here,
            to_unit=unit_name(following.agency),
            note=following.step.name,
        )
    waiting = following is not None and following.step.role == StepRole.LEADER
    dossier.status = S.AWAITING_APPROVAL if waiting else S.PROCESSING
    dossier.save(update_fields=["status", "updated_at"])


def complete_step(user, dossier_step: DossierStep, note: str = "", next_assignee=None):
    """Finish the current step and hand the dossier to the next one (the tracking slip line)."""
    with transaction.atomic():
        dossier, step = _locked_step(dossier_step)
        if step.step.role == StepRole.LEADER:
            raise ValidationError(_("A leader's step is finished by approving the dossier."))
        _require_step_actor(user, step)
        before = snapshot(dossier)
        _finish(user, dossier, step, (note or "").strip(), next_assignee)
        core.audit_record(
            "services.step.complete",
            dossier,
            before=before,
            after={**snapshot(dossier), "step": step.pk},
        )
    return step


def approve(leader, dossier: ServiceDossier, note: str = "") -> ServiceDossier:
    """The leader approves the settlement at the leader's step."""
    with transaction.atomic():
        locked = lock(dossier)
        require_status(locked, S.AWAITING_APPROVAL)
        step = current_step(locked)
        if step is None or step.step.role != StepRole.LEADER:
            raise ValidationError(_("The dossier is not at a leader's step."))
        _require_step_actor(leader, step)
        before = snapshot(locked)
        add_event(
            locked, leader, "approved", from_unit=unit_name(step.agency, leader), note=note or ""
        )
        _finish(leader, locked, step, (note or "").strip())
        core.audit_record("services.dossier.approve", locked, before=before, after=snapshot(locked))
    return locked


def upload_result(user, dossier: ServiceDossier, upload, name: str = "") -> StoredFile:
    """The result drafted by the processing unit, as a PDF to be signed by the agency."""
    with transaction.atomic():
        locked = lock(dossier)
        core.require(user, PROCESS, locked.agency)
        require_status(locked, *IN_PROGRESS)
        stored = core.store_file(user, upload, name or getattr(upload, "name", "") or "ket-qua.pdf")
        if stored.mime_type != PDF_MIME:
            raise ValidationError({"result": [_("The result must be a PDF file.")]})
        before = snapshot(locked)
        locked.result_file, locked.result_signed = stored, False
        locked.save(update_fields=["result_file", "result_signed", "updated_at"])
        add_event(locked, user, "result_uploaded", note=stored.original_name, public=False)
        core.audit_record(
            "services.dossier.upload_result", locked, before=before, after=snapshot(locked)
        )
    return stored


def _read(stored: StoredFile) -> bytes:
    with core.open_file(stored) as content:
        return content.read()


def sign_result(user, dossier: ServiceDossier, passphrase: str) -> ServiceDossier:
    """The agency signs the result with its key (the password typed now); the result is ready.

    A wrong password, a missing or expired key change nothing.
    """
    with transaction.atomic():
        locked = lock(dossier)
        if not (
            core.has_perm(user, APPROVE, locked.agency)
            or core.has_perm(user, RECEIVE, locked.agency)
        ):
            raise PermissionDenied(_("You do not have permission to do this."))
        require_status(locked, S.PROCESSING)
        if locked.result_file_id is None or locked.result_signed:
            raise ValidationError(_("Upload the result (PDF) to be signed first."))
        if (
            locked.steps.exclude(status=StepStatus.DONE)
            .exclude(step__role=StepRole.ONE_STOP_OFFICER)
            .exists()
        ):
            raise ValidationError(_("Finish the processing steps before signing the result."))
        signed, credential, _line = eoffice.sign_pdf_as_agency(
            locked.agency,
            _read(locked.result_file),
            passphrase,
            label=locked.code,
            reason=_("Result of the administrative procedure"),
        )
        stored = core.store_file(user, signed, f"ket-qua-{locked.code}.pdf")
        before = snapshot(locked)
        locked.result_file, locked.result_signed, locked.status = stored, True, S.RESULT_READY
        locked.save()
        add_event(
            locked,
            user,
            "result_signed",
            from_unit=unit_name(locked.agency, user),
            to_unit=reception_unit(locked.agency),
            note=credential.certificate_subject,
        )
        core.audit_record(
            "services.dossier.sign_result",
            locked,
            before=before,
            after={**snapshot(locked), "credential": credential.pk},
        )
        add_result_to_warehouse(locked, actor=user)
        tell_applicant(locked, _("The result of your dossier is ready."))
    return locked


def return_result(officer, dossier: ServiceDossier, at_counter: bool = False) -> ServiceDossier:
    """Hand the result over (electronically, or on paper at the counter); the dossier is done."""
    with transaction.atomic():
        locked = lock(dossier)
        core.require(officer, RECEIVE, locked.agency)
        require_status(locked, S.RESULT_READY)
        before = snapshot(locked)
        now = timezone.now()
        for step in locked.steps.exclude(status=StepStatus.DONE):
            step.assignee = step.assignee or officer
            step.status, step.completed_at = StepStatus.DONE, now
            step.started_at = step.started_at or now
            step.save(update_fields=["assignee", "status", "completed_at", "started_at"])
        locked.status, locked.completed_at = S.RETURNED, now
        locked.save()
        how = _("at the counter") if at_counter else _("electronically")
        add_event(
            locked,
            officer,
            "result_returned",
            from_unit=reception_unit(locked.agency),
            to_unit=locked.applicant_name,
            note=how,
        )
        core.audit_record(
            "services.dossier.return_result",
            locked,
            before=before,
            after={**snapshot(locked), "at_counter": at_counter},
        )
        tell_applicant(locked, _("The result of your dossier was returned %(how)s.") % {"how": how})
    return locked
