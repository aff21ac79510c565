"""JSON API of the incoming registers and statistics under /api/v1/eoffice/."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from .registers import (
    INCOMING_REGISTER_COLUMNS,
    Period,
    cover,
    incoming_register_rows,
    statistics,
)
from .registers_export import agency_for, export_register

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


@router.get(
    "/registers/incoming",
    response={200: RegisterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Sổ đăng ký văn bản đến for a period: JSON rows, or a PDF/XLSX file",
    description="`format=json` (default) returns the cover and the rows in the Phụ lục IV column "
    "order; `format=pdf` or `format=xlsx` returns the bound register as a file.",
)
def incoming_register(
    request,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    format: str = "json",
    volume: int = 1,
    agency_id: int | None = None,
):
    agency = agency_for(request.user, agency_id)
    period = Period.parse(date_from, date_to)
    if format in {"pdf", "xlsx"}:
        exported = export_register(request.user, agency, "incoming", format, period, volume)
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
        return response
    if format != "json":
        raise ValidationError({"format": _("Choose json, pdf or xlsx.")})
    front = cover(agency, period, "incoming", volume)
    return {
        "cover": {
            **{k: getattr(front, k) for k in ("parent_agency", "agency", "title", "year")},
            "date_from": period.date_from,
            "date_to": period.date_to,
            "first_number": front.first_number,
            "last_number": front.last_number,
            "volume": front.volume,
        },
        "columns": list(INCOMING_REGISTER_COLUMNS),
        "rows": list(incoming_register_rows(agency, period)),
    }


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
