"""JSON API of the agencies' officers under /api/v1/feedback/officer: their reports with the
reporter's contact, accept, transfer, answer, refuse; the yearly statistics."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency, Department
from chinhquyenso.core.permissions import has_global_perm

from . import services as feedback
from .api_common import ERRORS, ReportOut, checked_status, page, since_filter
from .models import Report

router = Router(tags=["feedback officers"])
User = get_user_model()
OFFICER_PERMS = ("feedback.receive", "feedback.handle")
PERM_STATISTICS = "feedback.view_statistics"


class OfficerEventOut(Schema):
    at: datetime.datetime
    action: str
    note: str
    public: bool
    actor: str

    @staticmethod
    def resolve_actor(obj) -> str:
        return str(obj.actor) if obj.actor_id else ""


class PhotoOut(Schema):
    id: int
    name: str
    mime_type: str
    with_answer: bool
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("feedback:officer_photo", args=[obj.report_id, obj.pk])

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.file.original_name

    @staticmethod
    def resolve_mime_type(obj) -> str:
        return obj.file.mime_type


class OfficerReportOut(ReportOut):
    id: int
    public: bool
    channel: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    consent_at: datetime.datetime | None
    agency_id: int
    department_id: int | None
    handler_id: int | None
    overdue: bool
    duplicate_of: str | None
    satisfied: bool | None
    rating_comment: str

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return feedback.overdue(obj)

    @staticmethod
    def resolve_duplicate_of(obj) -> str | None:
        return obj.duplicate_of.code if obj.duplicate_of_id else None


class OfficerReportDetailOut(OfficerReportOut):
    timeline: list[OfficerEventOut]
    photos: list[PhotoOut]

    @staticmethod
    def resolve_timeline(obj) -> list:
        return list(obj.events.select_related("actor"))

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.select_related("file"))


class OfficerPage(Schema):
    items: list[OfficerReportOut]
    next_offset: int | None


class AcceptIn(Schema):
    department_id: int | None = None
    handler_id: int | None = None
    working_days: int | None = None
    note: str = ""


class TransferIn(Schema):
    agency_id: int
    reason: str


class RejectIn(Schema):
    reason: str = ""
    duplicate_of: str = ""  # the code of the earlier report


class CategoryFigures(Schema):
    code: str
    name: str
    received: int
    answered: int


class StatisticsOut(Schema):
    year: int
    agency_id: int | None
    received: int
    answered: int
    on_time: int
    rejected: int
    open: int
    overdue: int
    rated: int
    satisfied: int
    on_time_pct: float | None
    satisfied_pct: float | None
    by_category: list[CategoryFigures]


def _officer(request):
    user = request.user
    if not any(core.has_perm(user, perm) for perm in OFFICER_PERMS):
        raise PermissionDenied(_("Only the officers who receive or handle reports do this."))
    return user


def _report(request, report_id: int) -> Report:
    return feedback.officer_report(_officer(request), report_id)


def _found(model, pk: int | None, field: str, message: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


@router.get("/officer/reports", response={200: OfficerPage, **ERRORS},
            summary="Reports of my agencies, with the reporter's contact")  # fmt: skip
def officer_reports(
    request,
    status: str = "",
    category: str = "",
    unit: str = "",
    q: str = "",
    overdue: bool = False,
    since: datetime.datetime | None = None,
    limit: int = 50,
    offset: int = 0,
):
    qs = feedback.filtered(
        feedback.officer_reports(_officer(request)).select_related("duplicate_of"),
        status=checked_status(status), category=category, q=q, overdue=overdue, unit=unit,
    )  # fmt: skip
    return page(since_filter(qs, since), limit, offset)


@router.get("/officer/reports/{report_id}", response={200: OfficerReportDetailOut, **ERRORS},
            summary="One report of my agencies with its whole timeline")  # fmt: skip
def officer_report(request, report_id: int):
    return _report(request, report_id)


@router.post("/officer/reports/{report_id}/accept", response={200: OfficerReportOut, **ERRORS},
             summary="Accept a new report, route it and set the due date")  # fmt: skip
def accept(request, report_id: int, payload: AcceptIn):
    report = _report(request, report_id)
    department = _found(Department, payload.department_id, "department",
                        _("No department has this id."))  # fmt: skip
    handler = _found(User, payload.handler_id, "handler", _("No person has this id."))
    return feedback.accept(request.user, report, department=department, handler=handler,
                           working_days=payload.working_days, note=payload.note)  # fmt: skip


@router.post("/officer/reports/{report_id}/transfer", response={200: OfficerReportOut, **ERRORS},
             summary="Send the report to the agency that should handle it")  # fmt: skip
def transfer(request, report_id: int, payload: TransferIn):
    report = _report(request, report_id)
    agency = _found(Agency, payload.agency_id, "agency", _("No agency has this id."))
    return feedback.transfer(request.user, report, agency, payload.reason)


@router.post("/officer/reports/{report_id}/answer", response={200: OfficerReportOut, **ERRORS},
             summary="Publish the answer (multipart, with photos); closes the report")  # fmt: skip
def answer(request, report_id: int, response: Form[str], photos: File[list[UploadedFile]] = None):
    return feedback.answer(request.user, _report(request, report_id), response, photos or [])


@router.post("/officer/reports/{report_id}/reject", response={200: OfficerReportOut, **ERRORS},
             summary="Refuse the report, with the reason or the report it duplicates")  # fmt: skip
def reject(request, report_id: int, payload: RejectIn):
    user = _officer(request)
    report = feedback.officer_report(user, report_id)
    duplicate = None
    if payload.duplicate_of.strip():
        duplicate = (
            feedback.officer_reports(user).filter(code=payload.duplicate_of.strip().upper()).first()
        )
        if duplicate is None:
            raise ValidationError({"duplicate_of": _("No report of your agencies has this code.")})
    return feedback.reject(user, report, payload.reason, duplicate_of=duplicate)


@router.get("/statistics", response={200: StatisticsOut, **ERRORS},
            summary="A year's figures: received, answered on time, satisfaction")  # fmt: skip
def statistics(request, year: int | None = None, agency_id: int | None = None):
    """Without `agency_id`: the whole platform for a platform-wide role, else the caller's own
    agency."""
    user = request.user
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    if agency_id is None and not has_global_perm(user, PERM_STATISTICS):
        agency_id = user.agency_id
        if agency_id is None:
            raise PermissionDenied(_("You do not have permission to do this."))
    if agency_id is not None and not core.has_perm_in_agency(user, PERM_STATISTICS, agency_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    figures = feedback.statistics(year, agency_id)
    figures["by_category"] = [
        {"code": row["category__code"], "name": row["category__name"],
         "received": row["received"], "answered": row["answered"]}
        for row in figures["by_category"]
    ]  # fmt: skip
    return {"year": year, "agency_id": agency_id, **figures}
