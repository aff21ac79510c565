"""JSON API of the registers (incoming, outgoing, copies) and statistics under /api/v1/eoffice/."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from .registers import KINDS, Period, statistics
from .registers_export import ROWS, agency_for, export_register, register_cover

router = Router(tags=["e-office registers"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class RegisterRowOut(Schema):
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


class CoverOut(Schema):
    parent_agency: str
    agency: str
    title: str
    year: str
    date_from: datetime.date
    date_to: datetime.date
    first_number: int | None
    last_number: int | None
    volume: int


class RegisterOut(Schema):
    cover: CoverOut
    columns: list[str]
    rows: list[RegisterRowOut]


class OutgoingRowOut(Schema):
    notation: str
    issued_date: datetime.date
    type_and_subject: str
    signer: str
    recipients: str
    file_copy_holders: str
    copies_count: int
    transferred_on: datetime.date | None
    signature: str
    remarks: str


class OutgoingRegisterOut(Schema):
    cover: CoverOut
    columns: list[str]
    rows: list[OutgoingRowOut]


class CopyRowOut(Schema):
    notation: str
    copied_date: datetime.date
    copy_form: str
    source: str
    subject: str
    recipients: str
    signer: str
    remarks: str


class CopiesRegisterOut(Schema):
    cover: CoverOut
    columns: list[str]
    rows: list[CopyRowOut]


class UnitStatisticsOut(Schema):
    unit: str
    received: int
    on_time: int
    late: int
    overdue: int
    pending: int
    returned: int


class StatisticsOut(Schema):
    agency_id: int
    date_from: datetime.date
    date_to: datetime.date
    as_of: datetime.date
    units: list[UnitStatisticsOut]
    total: UnitStatisticsOut


def _register(request, kind, date_from, date_to, format, volume, agency_id):
    """The register as JSON (cover, columns, rows) or as the bound PDF/XLSX file."""
    agency = agency_for(request.user, agency_id, kind)
    period = Period.parse(date_from, date_to)
    if format in {"pdf", "xlsx"}:
        exported = export_register(request.user, agency, kind, format, period, volume)
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
        return response
    if format != "json":
        raise ValidationError({"format": _("Choose json, pdf or xlsx.")})
    front = register_cover(agency, period, kind, volume)
    return {
        "cover": {
            **{k: getattr(front, k) for k in ("parent_agency", "agency", "title", "year")},
            "date_from": period.date_from,
            "date_to": period.date_to,
            "first_number": front.first_number,
            "last_number": front.last_number,
            "volume": front.volume,
        },
        "columns": list(KINDS[kind][1]),
        "rows": list(ROWS[kind](agency, period)),
    }


FORMATS_NOTE = (
    "`format=json` (default) returns the cover and the rows in the column order; `format=pdf` or "
    "`format=xlsx` returns the bound register as a file."
)


@router.get(
    "/registers/incoming",
    response={200: RegisterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Sổ đăng ký văn bản đến for a period: JSON rows, or a PDF/XLSX file",
    description=FORMATS_NOTE + " Columns of Phụ lục IV; the period is by arrival date.",
)
def incoming_register(
    request,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    format: str = "json",
    volume: int = 1,
    agency_id: int | None = None,
):
    return _register(request, "incoming", date_from, date_to, format, volume, agency_id)


@router.get(
    "/registers/outgoing",
    response={200: OutgoingRegisterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Sổ đăng ký văn bản đi for a period: JSON rows, or a PDF/XLSX file",
    description=FORMATS_NOTE + " Columns of Phụ lục IV; issued (and later recalled) documents "
    "by issued date.",
)
def outgoing_register(
    request,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    format: str = "json",
    volume: int = 1,
    agency_id: int | None = None,
):
    return _register(request, "outgoing", date_from, date_to, format, volume, agency_id)


@router.get(
    "/registers/copies",
    response={200: CopiesRegisterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Sổ đăng ký bản sao văn bản for a period: JSON rows, or a PDF/XLSX file",
    description=FORMATS_NOTE + " Copies by date of copy (columns: docs/copies.md).",
)
def copies_register(
    request,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    format: str = "json",
    volume: int = 1,
    agency_id: int | None = None,
):
    return _register(request, "copies", date_from, date_to, format, volume, agency_id)


@router.get(
    "/statistics",
    response={200: StatisticsOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Incoming documents per lead unit: received, on time, late, overdue, not yet due",
)
def incoming_statistics(
    request,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    agency_id: int | None = None,
):
    agency = agency_for(request.user, agency_id)
    period = Period.parse(date_from, date_to)
    today = timezone.localdate()
    units, total = statistics(agency, period, as_of=today)
    return {
        "agency_id": agency.pk,
        "date_from": period.date_from,
        "date_to": period.date_to,
        "as_of": today,
        "units": units,
        "total": total,
    }
