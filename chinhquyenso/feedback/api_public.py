"""JSON API of the citizen feedback channel under /api/v1/feedback: the categories and public
reports (no sign-in), a citizen's report with photos, their own reports and the rating."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chinhquyenso.core import services as core

from . import services as feedback
from .api_common import (
    ERRORS,
    ErrorOut,
    EventOut,
    ReportDetailOut,
    ReportOut,
    ReportPage,
    checked_status,
    page,
    photo_urls,
    since_filter,
)
from .choices import ReportChannel
from .models import Category

router = Router(tags=["feedback"])


class CategoryOut(Schema):
    code: str
    name: str
    group: str
    description: str
    keywords: str
    handling_days: int


class CreatedOut(Schema):
    id: int
    code: str
    status: str
    agency: str

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name


class OwnReportOut(ReportOut):
    id: int
    public: bool
    channel: str
    satisfied: bool | None
    rating_comment: str


class OwnReportDetailOut(OwnReportOut):
    timeline: list[EventOut]
    photos: list[str]

    @staticmethod
    def resolve_timeline(obj) -> list:
        return list(obj.events.filter(public=True))

    @staticmethod
    def resolve_photos(obj) -> list[str]:
        return photo_urls(obj, "feedback:my_photo", obj.pk)


class OwnPage(Schema):
    items: list[OwnReportOut]
    next_offset: int | None


class RatingIn(Schema):
    satisfied: bool
    comment: str = ""


def _reporter(request):
    if not core.has_perm(request.user, "feedback.report"):
        raise PermissionDenied(_("Only citizens and businesses send reports here."))
    return request.user


@router.get("/categories", response=list[CategoryOut], auth=None,
            summary="What can be reported (the Open311 services)")  # fmt: skip
def categories(request):
    return list(Category.objects.filter(is_active=True))


@router.get("/reports", response={200: ReportPage, 422: ErrorOut}, auth=None,
            summary="Public reports and their answers, newest first")  # fmt: skip
def public_reports(
    request,
    category: str = "",
    status: str = "",
    unit: str = "",
    q: str = "",
    since: datetime.datetime | None = None,
    limit: int = 50,
    offset: int = 0,
):
    """`unit` is a commune's GSO code; `since` keeps the reports changed at or after that moment.
    Who reported is never shown."""
    qs = feedback.filtered(feedback.public_reports(), status=checked_status(status),
                           category=category, q=q, unit=unit)  # fmt: skip
    return page(since_filter(qs, since), limit, offset)


@router.get("/reports/{code}", response={200: ReportDetailOut, 404: ErrorOut}, auth=None,
            summary="One public report with its public timeline")  # fmt: skip
def public_report(request, code: str):
    return feedback.public_report(code)


@router.post("/reports", response={201: CreatedOut, **ERRORS}, summary="Send a report")
def submit(
    request,
    category: Form[str],
    description: Form[str],
    address: Form[str] = "",
    admin_unit: Form[str] = "",
    latitude: Form[str] = "",
    longitude: Form[str] = "",
    public: Form[bool] = True,
    consent: Form[bool] = False,
    client_key: Form[str] = "",
    photos: File[list[UploadedFile]] = None,
):
    """Multipart form. `category` is a category code, `admin_unit` a commune's GSO code, the
    point in decimal degrees; up to 5 JPEG or PNG `photos`. `consent` must be true (Nghị định
    13/2023). The same `client_key` sent again returns the first report."""
    data = feedback.NewReport(
        category=category,
        description=description,
        address=address,
        admin_unit=admin_unit,
        latitude=latitude,
        longitude=longitude,
        public=public,
        consent=consent,
        client_key=client_key,
        photos=list(photos or []),
    )
    return Status(201, feedback.submit(_reporter(request), data, ReportChannel.API))


@router.get("/my", response={200: OwnPage, **ERRORS}, summary="My reports")
def my_reports(request, status: str = "", limit: int = 50, offset: int = 0):
    qs = feedback.filtered(feedback.own_reports(request.user), status=checked_status(status))
    return page(qs, limit, offset)


@router.get("/my/{report_id}", response={200: OwnReportDetailOut, **ERRORS},
            summary="One of my reports")  # fmt: skip
def my_report(request, report_id: int):
    return feedback.own_report(request.user, report_id)


@router.post("/my/{report_id}/rating", response={200: OwnReportOut, **ERRORS},
             summary="Say whether the answer satisfied me (once)")  # fmt: skip
def rate(request, report_id: int, payload: RatingIn):
    report = feedback.own_report(request.user, report_id)
    return feedback.rate(request.user, report, payload.satisfied, payload.comment)
