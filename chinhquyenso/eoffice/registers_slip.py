"""Phiếu giải quyết văn bản đến of one document (Phụ lục IV): data, directions and results."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import AssignmentKind
from .models import IncomingDocument
from .registers import ROLES, effective_deadline, remarks, type_and_subject

RESULT_ACTIONS = {
    "progress": lambda: _("Progress"),
    "completed_part": lambda: _("Result"),
    "extension_requested": lambda: _("Extension requested"),
    "extension_approved": lambda: _("Extension approved"),
    "extension_refused": lambda: _("Extension refused"),
}


@dataclass(frozen=True)
class Direction:
    text: str
    author: str
    on: datetime.date


@dataclass(frozen=True)
class Handler:
    role: str
    name: str
    deadline: datetime.date | None
    status: str


@dataclass(frozen=True)
class Result:
    on: datetime.date
    author: str
    kind: str
    text: str


@dataclass(frozen=True)
class Slip:
    parent_agency: str
    agency: str
    fields: list[tuple[str, str]]
    leader_directions: list[Direction]
    unit_directions: list[Direction]
    handlers: list[Handler]
    results: list[Result]


def _date(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _name(assignment) -> str:
    return str(assignment.assignee) if assignment.assignee_id else assignment.department.name


def slip(document: IncomingDocument) -> Slip:
    """Everything the printed slip shows; the caller has checked that the user may see it."""
    assignments = list(
        document.assignments.select_related("assignee", "department", "assigned_by").order_by(
            "assigned_at", "id"
        )
    )
    document.lead_assignments = [a for a in assignments if a.kind == AssignmentKind.LEAD]
    agency = document.agency
    # The form's labels are the decree's wording, kept in Vietnamese like the registers' columns.
    fields = [
        ("Số đến", f"{document.arrival_number}/{document.arrival_year}"),
        ("Ngày đến", _date(document.arrival_date)),
        ("Tác giả", document.issuer_name),
        ("Số, ký hiệu văn bản", document.notation_raw),
        ("Ngày tháng văn bản", _date(document.issued_date)),
        ("Tên loại và trích yếu nội dung văn bản", type_and_subject(document)),
        ("Thời hạn giải quyết", _date(effective_deadline(document))),
        ("Ghi chú", remarks(document)),
    ]
    directions: dict[bool, list[Direction]] = {True: [], False: []}
    seen = set()
    for a in assignments:
        key = (a.parent_id, a.assigned_by_id, a.direction)
        if not a.direction or key in seen:
            continue  # one direction is given once for all the parts it assigns
        seen.add(key)
        directions[a.parent_id is None].append(
            Direction(a.direction, str(a.assigned_by), timezone.localdate(a.assigned_at))
        )
    handlers = [
        Handler(ROLES[a.kind], _name(a), a.deadline, str(a.get_status_display()))
        for a in assignments
    ]
    trace = document.trace.filter(action__in=RESULT_ACTIONS).select_related("actor")
    results = [
        Result(timezone.localdate(t.at), str(t.actor or ""), RESULT_ACTIONS[t.action](), t.note)
        for t in trace
    ]
    return Slip(
        parent_agency=agency.parent.name if agency.parent_id else "",
        agency=agency.name,
        fields=fields,
        leader_directions=directions[True],
        unit_directions=directions[False],
        handlers=handlers,
        results=results,
    )
