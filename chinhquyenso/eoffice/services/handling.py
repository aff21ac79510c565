"""Routing and handling incoming documents (Nghị định 30/2020, Điều 23–24).

The clerk presents a document to a leader; the leader assigns a lead (chủ trì), supports (phối
hợp) and those informed (để biết) with a deadline and a direction; a head of department re-assigns
a department's part to specialists; handlers record progress, ask for more time and complete.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import signals
from ..choices import AssignmentKind, AssignmentStatus, IncomingStatus
from ..models import Assignment, ExtensionRequest, IncomingDocument, TraceEntry


@dataclass(frozen=True)
class Target:
    """A person or a department to whom part of the handling is assigned."""

    user: object = None
    department: object = None

    def __post_init__(self):
        if (self.user is None) == (self.department is None):
            raise ValueError("A target is either a person or a department")


def _trace(document, actor, action, note="", assignment=None, file=None) -> TraceEntry:
    return TraceEntry.objects.create(
        document=document, actor=actor, action=action, note=note, assignment=assignment, file=file
    )


def _set_status(document: IncomingDocument, status: str) -> dict:
    before = {"status": document.status}
    document.status = status
    if status == IncomingStatus.COMPLETED:
        document.completed_at = timezone.now()
    document.save(update_fields=["status", "completed_at", "updated_at"])
    signals.incoming_status_changed.send(IncomingDocument, document=document, status=status)
    return before


def _locked(document: IncomingDocument) -> IncomingDocument:
    return IncomingDocument.objects.select_for_update().get(pk=document.pk)


def present(clerk, document: IncomingDocument, leader, note: str = "") -> IncomingDocument:
    """The clerk puts the document before a leader of the receiving agency."""
    core.require(clerk, "eoffice.register_incoming", document.agency)
    if not core.has_perm(leader, "eoffice.assign_incoming", document.agency):
        raise ValidationError(
            {"leader": _("%(name)s is not a leader of this agency.") % {"name": leader}}
        )
    with transaction.atomic():
        document = _locked(document)
        if document.status not in {IncomingStatus.REGISTERED, IncomingStatus.PRESENTED}:
            raise ValidationError(_("Only a document not yet assigned can be presented."))
        document.presented_to = leader
        document.save(update_fields=["presented_to", "updated_at"])
        before = _set_status(document, IncomingStatus.PRESENTED)
        _trace(document, clerk, "presented", note or str(leader))
        core.audit_record(
            "eoffice.incoming.present",
            document,
            before=before,
            after={"status": document.status, "presented_to": leader.pk},
        )
        core.notify(
            leader,
            _("Incoming document %(number)s presented for your direction: %(subject)s")
            % {"number": document.arrival_number, "subject": document.subject[:200]},
            document.get_absolute_url(),
        )
    return document


def _check_target(document: IncomingDocument, target: Target) -> None:
    if target.department is not None:
        if target.department.agency_id != document.agency_id:
            raise ValidationError(
                _("%(unit)s is not a department of the receiving agency.")
                % {"unit": target.department}
            )
    elif target.user.agency_id != document.agency_id or not target.user.is_active:
        raise ValidationError(
            _("%(name)s does not work at the receiving agency.") % {"name": target.user}
        )


def _deadline(document, deadline, working_days) -> datetime.date | None:
    today = timezone.localdate()
    if deadline is None and working_days is not None:
        if working_days < 1:
            raise ValidationError({"working_days": _("Give at least one working day.")})
        deadline = core.add_working_days(today, working_days)
    deadline = deadline or document.due_date
    if deadline is not None and deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    return deadline


def _notify_target(assignment: Assignment, message: str) -> None:
    from django.contrib.auth import get_user_model

    url = assignment.document.get_absolute_url()
    if assignment.assignee_id:
        core.notify(assignment.assignee, message, url, email=True)
        return
    heads = get_user_model().objects.filter(is_active=True, department=assignment.department_id)
    for user in heads:
        if core.has_perm(user, "eoffice.reassign_incoming", assignment.department):
            core.notify(user, message, url, email=True)


def assign(
    leader,
    document: IncomingDocument,
    *,
    lead: Target,
    supports: list[Target] = (),
    informs: list[Target] = (),
    deadline: datetime.date | None = None,
    working_days: int | None = None,
    direction: str = "",
) -> list[Assignment]:
    """The leader's direction: one lead, any supports and informed, one deadline."""
    core.require(leader, "eoffice.assign_incoming", document.agency)
    for target in (lead, *supports, *informs):
        _check_target(document, target)
    keys = [(t.user and t.user.pk, t.department and t.department.pk) for t in (lead, *supports)]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("The same person or department is listed twice."))
    due = _deadline(document, deadline, working_days)
    with transaction.atomic():
        document = _locked(document)
        if document.status not in {IncomingStatus.REGISTERED, IncomingStatus.PRESENTED}:
            raise ValidationError(_("This document has already been assigned."))
        created = []
        for kind, targets in (
            (AssignmentKind.LEAD, [lead]),
            (AssignmentKind.SUPPORT, supports),
            (AssignmentKind.INFORM, informs),
        ):
            for target in targets:
                created.append(
                    Assignment.objects.create(
                        document=document,
                        kind=kind,
                        assignee=target.user,
                        department=target.department,
                        deadline=due if kind != AssignmentKind.INFORM else None,
                        direction=direction.strip(),
                        assigned_by=leader,
                        # Those informed have nothing to do: their part is done on arrival.
                        status=(
                            AssignmentStatus.COMPLETED
                            if kind == AssignmentKind.INFORM
                            else AssignmentStatus.OPEN
                        ),
                    )
                )
        before = _set_status(document, IncomingStatus.ASSIGNED)
        _trace(document, leader, "assigned", direction.strip())
        core.audit_record(
            "eoffice.incoming.assign",
            document,
            before=before,
            after={
                "status": document.status,
                "deadline": due,
                "assignments": [
                    {"kind": a.kind, "user": a.assignee_id, "department": a.department_id}
                    for a in created
                ],
            },
        )
        for assignment in created:
            _notify_target(
                assignment,
                _("%(kind)s: incoming document %(number)s – %(subject)s")
                % {
                    "kind": assignment.get_kind_display(),
                    "number": document.arrival_number,
                    "subject": document.subject[:200],
                },
            )
    return created


def reassign(
    head,
    assignment: Assignment,
    specialists: list,
    *,
    deadline: datetime.date | None = None,
    direction: str = "",
) -> list[Assignment]:
    """A head of department hands the department's part to specialists (first one leads it)."""
    if assignment.department_id is None:
        raise ValidationError(_("Only a department's assignment can be re-assigned."))
    core.require(head, "eoffice.reassign_incoming", assignment.department)
    if not specialists:
        raise ValidationError({"specialists": _("Choose at least one specialist.")})
    for person in specialists:
        if person.department_id != assignment.department_id or not person.is_active:
            raise ValidationError(
                _("%(name)s is not in %(unit)s.") % {"name": person, "unit": assignment.department}
            )
    due = deadline or assignment.deadline
    if assignment.deadline and due and due > assignment.deadline:
        raise ValidationError(
            {"deadline": _("The deadline cannot be later than the department's deadline.")}
        )
    if due and due < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.status != AssignmentStatus.OPEN:
            raise ValidationError(_("This assignment is no longer open."))
        children = [
            Assignment.objects.create(
                document=assignment.document,
                kind=assignment.kind if index == 0 else AssignmentKind.SUPPORT,
                assignee=person,
                deadline=due,
                direction=direction.strip(),
                assigned_by=head,
                parent=assignment,
            )
            for index, person in enumerate(specialists)
        ]
        assignment.status = AssignmentStatus.REASSIGNED
        assignment.save(update_fields=["status"])
        _trace(assignment.document, head, "reassigned", direction.strip(), assignment)
        core.audit_record(
            "eoffice.assignment.reassign",
            assignment,
            after={"children": [c.pk for c in children], "deadline": due},
        )
        for child in children:
            _notify_target(
                child,
                _("Assigned to you: incoming document %(number)s – %(subject)s")
                % {
                    "number": assignment.document.arrival_number,
                    "subject": assignment.document.subject[:200],
                },
            )
    return children


def is_handler(user, assignment: Assignment) -> bool:
    if assignment.assignee_id is not None:
        return assignment.assignee_id == user.pk
    return core.has_perm(user, "eoffice.reassign_incoming", assignment.department)


def _require_handler(user, assignment: Assignment) -> None:
    if not is_handler(user, assignment):
        raise PermissionDenied(_("This assignment is not yours."))
    if assignment.status != AssignmentStatus.OPEN:
        raise ValidationError(_("This assignment is no longer open."))


def _attach(user, upload, file_name):
    return core.store_file(user, upload, file_name or "attachment") if upload is not None else None


def record_progress(user, assignment: Assignment, note: str, upload=None, file_name="") -> None:
    _require_handler(user, assignment)
    if not note.strip() and upload is None:
        raise ValidationError({"note": _("Describe the progress or attach a file.")})
    with transaction.atomic():
        stored = _attach(user, upload, file_name)
        document = _locked(assignment.document)
        _trace(document, user, "progress", note.strip(), assignment, stored)
        before = None
        if document.status == IncomingStatus.ASSIGNED:
            before = _set_status(document, IncomingStatus.IN_PROGRESS)
        core.audit_record(
            "eoffice.assignment.progress",
            assignment,
            before=before,
            after={"note": note.strip(), "file": stored.sha256 if stored else None},
        )


def complete(user, assignment: Assignment, result: str, upload=None, file_name="") -> None:
    """Complete one's part; when the lead's part is complete, the document is complete."""
    _require_handler(user, assignment)
    if not result.strip():
        raise ValidationError({"result": _("Describe the result of the handling.")})
    with transaction.atomic():
        stored = _attach(user, upload, file_name)
        document = _locked(assignment.document)
        now = timezone.now()
        chain = [assignment]
        while chain[-1].parent_id is not None:
            chain.append(chain[-1].parent)
        # Completing a specialist's part completes the department's part it came from.
        for part in chain:
            if part.kind == assignment.kind and part.status != AssignmentStatus.COMPLETED:
                part.status = AssignmentStatus.COMPLETED
                part.completed_at = now
                part.save(update_fields=["status", "completed_at"])
        _trace(document, user, "completed_part", result.strip(), assignment, stored)
        before = None
        if assignment.kind == AssignmentKind.LEAD:
            before = _set_status(document, IncomingStatus.COMPLETED)
            _trace(document, user, "completed")
        core.audit_record(
            "eoffice.assignment.complete",
            assignment,
            before=before,
            after={"result": result.strip(), "document_status": document.status},
        )


def request_extension(
    user, assignment: Assignment, proposed_deadline: datetime.date, reason: str
) -> ExtensionRequest:
    _require_handler(user, assignment)
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for the extension.")
    if assignment.deadline and proposed_deadline <= assignment.deadline:
        errors["proposed_deadline"] = _("The proposed deadline must be later than the current one.")
    if assignment.extensions.filter(approved__isnull=True).exists():
        errors["proposed_deadline"] = _("An extension request is already waiting for a decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = ExtensionRequest.objects.create(
            assignment=assignment,
            requested_by=user,
            current_deadline=assignment.deadline,
            proposed_deadline=proposed_deadline,
            reason=reason.strip(),
        )
        _trace(assignment.document, user, "extension_requested", reason.strip(), assignment)
        core.audit_record("eoffice.extension.request", request, after=core.audit_snapshot(request))
        core.notify(
            assignment.assigned_by,
            _("%(name)s asks to extend the deadline of incoming document %(number)s to %(date)s")
            % {
                "name": user,
                "number": assignment.document.arrival_number,
                "date": proposed_deadline.strftime("%d/%m/%Y"),
            },
            assignment.document.get_absolute_url(),
        )
    return request


def decide_extension(user, request: ExtensionRequest, approve: bool, note: str = "") -> None:
    """Decided by whoever assigned the part (or a leader of the agency)."""
    assignment = request.assignment
    if user.pk != assignment.assigned_by_id:
        core.require(user, "eoffice.assign_incoming", assignment.document.agency)
    with transaction.atomic():
        request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        if request.approved is not None:
            raise ValidationError(_("This request has already been decided."))
        request.approved = approve
        request.decided_by = user
        request.decided_at = timezone.now()
        request.save(update_fields=["approved", "decided_by", "decided_at"])
        before = {"deadline": assignment.deadline}
        if approve:
            assignment.deadline = request.proposed_deadline
            assignment.save(update_fields=["deadline"])
        action = "extension_approved" if approve else "extension_refused"
        _trace(assignment.document, user, action, note.strip(), assignment)
        core.audit_record(
            f"eoffice.extension.{'approve' if approve else 'refuse'}",
            request,
            before=before,
            after={"deadline": assignment.deadline},
        )
        core.notify(
            request.requested_by,
            (_("Extension approved: new deadline %(date)s") if approve else _("Extension refused"))
            % {"date": request.proposed_deadline.strftime("%d/%m/%Y")},
            assignment.document.get_absolute_url(),
        )
