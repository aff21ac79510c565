"""Registers (Nghị định 30/2020, Phụ lục IV): their forms, the incoming ones, and statistics.

The outgoing and copies registers' rows are in registers_outgoing.py; rendering to PDF and XLSX in
registers_pdf.py and registers_xlsx.py. These modules only read.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .choices import AssignmentKind, IncomingStatus, Secrecy, Urgency
from .models import Assignment, IncomingDocument

# The forms' wording is prescribed by Phụ lục IV and the registers are bound as official records,
# so these headings stay in Vietnamese whatever the interface language (like the national motto).
INCOMING_REGISTER_TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
INCOMING_REGISTER_COLUMNS = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
TRACKING_REGISTER_TITLE = "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"
TRACKING_REGISTER_COLUMNS = (
    "Số đến",
    "Ngày đến",
    "Trích yếu nội dung",
    "Đơn vị hoặc người giải quyết",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)
OUTGOING_REGISTER_TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
OUTGOING_REGISTER_COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
# Phụ lục IV gives no form for copies; these columns follow practice (see docs/copies.md).
COPIES_REGISTER_TITLE = "SỔ ĐĂNG KÝ BẢN SAO VĂN BẢN"
COPIES_REGISTER_COLUMNS = (
    "Số, ký hiệu bản sao",
    "Ngày sao",
    "Hình thức sao",
    "Tên loại, số, ký hiệu, ngày tháng văn bản được sao",
    "Trích yếu nội dung",
    "Nơi nhận",
    "Người ký",
    "Ghi chú",
)
SLIP_TITLE = "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN"
ROLES = {
    AssignmentKind.LEAD: "Chủ trì",
    AssignmentKind.SUPPORT: "Phối hợp",
    AssignmentKind.INFORM: "Để biết",
}

KINDS = {
    "incoming": (INCOMING_REGISTER_TITLE, INCOMING_REGISTER_COLUMNS),
    "tracking": (TRACKING_REGISTER_TITLE, TRACKING_REGISTER_COLUMNS),
    "outgoing": (OUTGOING_REGISTER_TITLE, OUTGOING_REGISTER_COLUMNS),
    "copies": (COPIES_REGISTER_TITLE, COPIES_REGISTER_COLUMNS),
}
# Who keeps each register: the agency's clerks and leaders, through the matching permission.
REGISTER_PERMISSIONS = {
    "incoming": "eoffice.view_all_incoming",
    "tracking": "eoffice.view_all_incoming",
    "outgoing": "eoffice.view_all_outgoing",
    "copies": "eoffice.view_all_outgoing",
}


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date

    @classmethod
    def parse(cls, date_from=None, date_to=None, today: datetime.date | None = None) -> "Period":
        """Dates as date objects or ISO strings; missing ends default to the calendar year."""
        today = today or timezone.localdate()
        start = _date(date_from, "date_from") or datetime.date(today.year, 1, 1)
        end = _date(date_to, "date_to") or datetime.date(start.year, 12, 31)
        if start > end:
            raise ValidationError({"date_to": _("The end of the period is before its start.")})
        return cls(start, end)


def _date(value, name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({name: _("Enter a date as YYYY-MM-DD, e.g. 2026-01-31.")}) from None


def require_register_access(user, agency, kind: str = "incoming") -> None:
    """Registers and statistics belong to the agency's clerks and leaders."""
    core.require(user, REGISTER_PERMISSIONS[kind], agency)


def _documents(agency, period: Period) -> QuerySet[IncomingDocument]:
    top = (
        Assignment.objects.filter(parent__isnull=True)
        .select_related("assignee", "department")
        .order_by("id")
    )
    leads = Assignment.objects.filter(kind=AssignmentKind.LEAD).only(
        "id", "document_id", "deadline", "kind"
    )
    return (
        IncomingDocument.objects.filter(
            agency=agency, arrival_date__gte=period.date_from, arrival_date__lte=period.date_to
        )
        .select_related("doc_type")
        .prefetch_related(
            Prefetch("assignments", queryset=top, to_attr="top_assignments"),
            Prefetch("assignments", queryset=leads, to_attr="lead_assignments"),
        )
        .order_by("arrival_year", "arrival_number")
    )


def _iterate(agency, period: Period) -> Iterator[IncomingDocument]:
    # chunk_size keeps memory flat on a year of a busy agency; prefetches run once per chunk.
    return _documents(agency, period).iterator(chunk_size=500)


def _name(assignment: Assignment) -> str:
    return str(assignment.assignee) if assignment.assignee_id else assignment.department.name


def _leads(document: IncomingDocument) -> list[Assignment]:
    return [a for a in document.top_assignments if a.kind == AssignmentKind.LEAD]


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def type_and_subject(document: IncomingDocument) -> str:
    """ "Chỉ thị về tăng cường …": the type name runs into a subject that begins with "Về"."""
    subject = document.subject.strip()
    if subject[:3] in {"Về ", "V/v"}:
        return f"{document.doc_type.name} {subject[0].lower()}{subject[1:]}"
    return f"{document.doc_type.name}: {subject}"


def remarks(document: IncomingDocument) -> str:
    parts = []
    if document.urgency != Urgency.NORMAL:
        parts.append(str(document.get_urgency_display()))
    if document.secrecy != Secrecy.NORMAL:
        parts.append(str(document.get_secrecy_display()))
    if document.status == IncomingStatus.RETURNED:
        parts.append(_("Returned to sender"))
    return "; ".join(parts)


@dataclass(frozen=True)
class IncomingRegisterRow:
    """One line of the Sổ đăng ký văn bản đến, fields in the order of its columns."""

    arrival_date: datetime.date
    arrival_number: int
    author: str
    notation: str
    issued_date: datetime.date
    type_and_subject: str
    recipients: str
    transferred_on: datetime.date | None
    signature: str
    remarks: str

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)


def incoming_register_rows(agency, period: Period) -> Iterator[IncomingRegisterRow]:
    for document in _iterate(agency, period):
        leads = _leads(document)
        yield IncomingRegisterRow(
            arrival_date=document.arrival_date,
            arrival_number=document.arrival_number,
            author=document.issuer_name,
            notation=document.notation_raw,
            issued_date=document.issued_date,
            type_and_subject=type_and_subject(document),
            recipients="; ".join(_name(a) for a in leads),
            transferred_on=min((_local_date(a.assigned_at) for a in leads), default=None),
            signature="",  # signed on paper by the recipient when the register is printed
            remarks=remarks(document),
        )


def effective_deadline(document: IncomingDocument) -> datetime.date | None:
    """The latest deadline along the lead chain (an approved extension moves it), else due date."""
    deadlines = [a.deadline for a in document.lead_assignments if a.deadline]
    return max(deadlines) if deadlines else document.due_date


def handling_state(document: IncomingDocument, as_of: datetime.date) -> str:
    """One of: on_time, late, overdue, pending, returned (see docs/registers.md)."""
    deadline = effective_deadline(document)
    if document.status == IncomingStatus.RETURNED:
        return "returned"
    if document.status == IncomingStatus.COMPLETED:
        done = _local_date(document.completed_at)
        return "late" if deadline and done and done > deadline else "on_time"
    return "overdue" if deadline and deadline < as_of else "pending"


def progress_text(document: IncomingDocument, as_of: datetime.date) -> str:
    state = handling_state(document, as_of)
    if state in {"on_time", "late"}:
        done = _local_date(document.completed_at)
        text = _("Completed on %(date)s") % {"date": f"{done:%d/%m/%Y}" if done else ""}
        return f"{text} ({_('late') if state == 'late' else _('on time')})"
    if state == "returned":
        return _("Returned to sender")
    if not document.top_assignments:
        return _("Not assigned yet")
    if state == "overdue":
        days = (as_of - effective_deadline(document)).days
        return _("In progress, overdue by %(days)d day(s)") % {"days": days}
    return _("In progress")


@dataclass(frozen=True)
class TrackingRegisterRow:
    """One line of the Sổ theo dõi giải quyết văn bản đến."""

    arrival_number: int
    arrival_date: datetime.date
    subject: str
    handlers: str
    deadline: datetime.date | None
    progress: str
    reply_notation: str
    remarks: str

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)


def tracking_register_rows(
    agency, period: Period, as_of: datetime.date | None = None
) -> Iterator[TrackingRegisterRow]:
    as_of = as_of or timezone.localdate()
    for document in _iterate(agency, period):
        handlers = [a for a in document.top_assignments if a.kind != AssignmentKind.INFORM]
        yield TrackingRegisterRow(
            arrival_number=document.arrival_number,
            arrival_date=document.arrival_date,
            subject=type_and_subject(document),
            handlers="; ".join(f"{_name(a)} ({ROLES[a.kind]})" for a in handlers),
            deadline=effective_deadline(document),
            progress=progress_text(document, as_of),
            # Filled once outgoing replies are linked to the incoming document they answer.
            reply_notation="",
            remarks=remarks(document),
        )


@dataclass(frozen=True)
class Cover:
    """The cover of a bound register (Phụ lục IV)."""

    parent_agency: str
    agency: str
    title: str
    year: str
    period: Period
    first_number: int | None
    last_number: int | None
    volume: int

    def lines(self) -> list[str]:
        first, last = (
            ("…", "…")
            if self.first_number is None
            else (
                self.first_number,
                self.last_number,
            )
        )
        return [
            f"Năm: {self.year}",
            f"Từ ngày {self.period.date_from:%d/%m/%Y} đến ngày {self.period.date_to:%d/%m/%Y}",
            f"Từ số {first} đến số {last}",
            f"Quyển số: {self.volume}",
        ]


def number_range(queryset: QuerySet, year_field: str, number_field: str) -> tuple:
    """(first, last): the first number of the first year and the last of the last year."""
    bounds = list(
        queryset.values(year_field)
        .annotate(first=Min(number_field), last=Max(number_field))
        .order_by(year_field)
    )
    return (bounds[0]["first"], bounds[-1]["last"]) if bounds else (None, None)


def build_cover(agency, period: Period, kind: str, volume: int, numbers: tuple) -> Cover:
    if volume < 1:
        raise ValidationError({"volume": _("The volume number starts at 1.")})
    years = sorted({period.date_from.year, period.date_to.year})
    return Cover(
        parent_agency=agency.parent.name if agency.parent_id else "",
        agency=agency.name,
        title=KINDS[kind][0],
        year="–".join(str(y) for y in years),
        period=period,
        first_number=numbers[0],
        last_number=numbers[1],
        volume=volume,
    )


def cover(agency, period: Period, kind: str = "incoming", volume: int = 1) -> Cover:
    """The cover of the incoming or tracking register: numbers are arrival numbers."""
    arrivals = IncomingDocument.objects.filter(
        agency=agency, arrival_date__gte=period.date_from, arrival_date__lte=period.date_to
    )
    numbers = number_range(arrivals, "arrival_year", "arrival_number")
    return build_cover(agency, period, kind, volume, numbers)


@dataclass
class UnitStatistics:
    """Counts for one lead unit or person over a period."""

    unit: str
    received: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    returned: int = 0
    key: tuple = field(default=(), repr=False)


def statistics(
    agency, period: Period, as_of: datetime.date | None = None
) -> tuple[list[UnitStatistics], UnitStatistics]:
    """Per lead department or person: received, completed on time or late, open overdue or not."""
    as_of = as_of or timezone.localdate()
    units: dict[tuple, UnitStatistics] = {}
    total = UnitStatistics(unit=_("Total"))
    for document in _iterate(agency, period):
        leads = _leads(document)
        if leads:
            lead = leads[0]
            key = ("person", lead.assignee_id) if lead.assignee_id else ("unit", lead.department_id)
            name = _name(lead)
        else:
            key, name = ("none", None), _("Not assigned yet")
        row = units.setdefault(key, UnitStatistics(unit=name, key=key))
        state = handling_state(document, as_of)
        for target in (row, total):
            target.received += 1
            setattr(target, state, getattr(target, state) + 1)
    rows = sorted(units.values(), key=lambda r: (r.key[0] == "none", r.unit))
    return rows, total
