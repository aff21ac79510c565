"""JSON API of the e-office's handling of incoming documents (Điều 23–24 Nghị định 30/2020):
presenting, assigning, returning, re-assigning, progress, completion, extensions, and the queues
of the clerk, the leader and the specialist."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chinhquyenso.core.models import Department

from . import selectors, services
from .api import AssignmentOut, ErrorOut, IncomingOut, visible_document
from .models import Assignment, ExtensionRequest

router = Router(tags=["e-office"])
User = get_user_model()


class PresentIn(Schema):
    leader_id: int
    note: str = ""


@router.post(
    "/incoming/{document_id}/present",
    response={200: IncomingOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Present to a leader",
)
def present(request, document_id: int, payload: PresentIn):
    document = visible_document(request, document_id)
    leader = get_object_or_404(User, pk=payload.leader_id)
    return services.present(request.user, document, leader, payload.note)


class TargetIn(Schema):
    user_id: int | None = None
    department_id: int | None = None


class AssignIn(Schema):
    lead: TargetIn
    supports: list[TargetIn] = []
    informs: list[TargetIn] = []
    deadline: datetime.date | None = None
    working_days: int | None = None
    direction: str = ""


def _target(data: TargetIn) -> services.Target:
    if (data.user_id is None) == (data.department_id is None):
        raise ValidationError(_("Give either user_id or department_id for each target."))
    if data.user_id is not None:
        return services.Target(user=get_object_or_404(User, pk=data.user_id))
    return services.Target(department=get_object_or_404(Department, pk=data.department_id))


@router.post(
    "/incoming/{document_id}/assign",
    response={200: list[AssignmentOut], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Assign lead, support, informed",
)
def assign(request, document_id: int, payload: AssignIn):
    document = visible_document(request, document_id)
    return services.assign(
        request.user,
        document,
        lead=_target(payload.lead),
        supports=[_target(t) for t in payload.supports],
        informs=[_target(t) for t in payload.informs],
        deadline=payload.deadline,
        working_days=payload.working_days,
        direction=payload.direction,
    )


class ReturnIn(Schema):
    reason: str


@router.post(
    "/incoming/{document_id}/return",
    response={200: IncomingOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Return to the sender with a reason",
)
def return_document(request, document_id: int, payload: ReturnIn):
    document = visible_document(request, document_id)
    services.return_to_sender(request.user, document, payload.reason)
    document.refresh_from_db()
    return document


def _assignment(request, assignment_id: int) -> Assignment:
    assignment = get_object_or_404(Assignment.objects.select_related("document"), pk=assignment_id)
    visible_document(request, assignment.document_id)
    return assignment


class ReassignIn(Schema):
    specialist_ids: list[int]
    deadline: datetime.date | None = None
    direction: str = ""


@router.post(
    "/assignments/{assignment_id}/reassign",
    response={200: list[AssignmentOut], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Re-assign to specialists",
)
def reassign(request, assignment_id: int, payload: ReassignIn):
    assignment = _assignment(request, assignment_id)
    people = [get_object_or_404(User, pk=pk) for pk in payload.specialist_ids]
    return services.reassign(
        request.user, assignment, people, deadline=payload.deadline, direction=payload.direction
    )


@router.post(
    "/assignments/{assignment_id}/progress",
    response={204: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record progress (note and/or file)",
)
def progress(request, assignment_id: int, note: Form[str] = "", file: File[UploadedFile] = None):
    assignment = _assignment(request, assignment_id)
    services.record_progress(
        request.user, assignment, note, upload=file, file_name=file.name if file else ""
    )
    return Status(204, None)


@router.post(
    "/assignments/{assignment_id}/complete",
    response={204: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Complete one's part (with a reply file)",
)
def complete(request, assignment_id: int, result: Form[str], file: File[UploadedFile] = None):
    assignment = _assignment(request, assignment_id)
    services.complete(
        request.user, assignment, result, upload=file, file_name=file.name if file else ""
    )
    return Status(204, None)


class ExtensionIn(Schema):
    proposed_deadline: datetime.date
    reason: str


class ExtensionOut(Schema):
    id: int
    assignment_id: int
    proposed_deadline: datetime.date
    reason: str
    approved: bool | None


@router.post(
    "/assignments/{assignment_id}/extension",
    response={201: ExtensionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ask for a later deadline",
)
def extension(request, assignment_id: int, payload: ExtensionIn):
    assignment = _assignment(request, assignment_id)
    created = services.request_extension(
        request.user, assignment, payload.proposed_deadline, payload.reason
    )
    return Status(201, created)


class DecisionIn(Schema):
    approve: bool
    note: str = ""


@router.post(
    "/extensions/{request_id}/decision",
    response={200: ExtensionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Approve or refuse an extension",
)
def decide(request, request_id: int, payload: DecisionIn):
    ext = get_object_or_404(ExtensionRequest.objects.select_related("assignment"), pk=request_id)
    visible_document(request, ext.assignment.document_id)
    services.decide_extension(request.user, ext, payload.approve, payload.note)
    ext.refresh_from_db()
    return ext


class TaskOut(AssignmentOut):
    document: IncomingOut
    overdue: bool


@router.get("/tasks", response=list[TaskOut], summary="My open assignments, urgent first")
def my_tasks(request, limit: int = 100):
    return list(selectors.my_tasks(request.user)[: max(1, min(limit, 500))])


@router.get("/inbox", response=list[IncomingOut], summary="Clerk inbox: not yet assigned")
def inbox(request, limit: int = 100):
    return list(selectors.clerk_inbox(request.user)[: max(1, min(limit, 500))])


@router.get("/queue", response=list[IncomingOut], summary="Leader queue: awaiting direction")
def queue(request, limit: int = 100):
    return list(selectors.leader_queue(request.user)[: max(1, min(limit, 500))])
