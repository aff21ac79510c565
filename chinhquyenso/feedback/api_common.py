"""What the public and the officers' feedback API share: the error body, the public shape of a
report, its timeline and the page of a list (no COUNT: one row more tells if there is a next)."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from .choices import ReportStatus

MAX_LIMIT = 200


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class EventOut(Schema):
    at: datetime.datetime
    action: str
    note: str


class ReportOut(Schema):
    """A report as anyone may see it: what, where, who handles it, the answer; never who
    reported it."""

    code: str
    category_code: str
    category_name: str
    description: str
    address: str
    admin_unit_code: str | None
    admin_unit_name: str | None
    latitude: float | None
    longitude: float | None
    status: str
    status_label: str
    agency: str
    received_at: datetime.datetime
    accepted_at: datetime.datetime | None
    due_date: datetime.date | None
    closed_at: datetime.datetime | None
    updated_at: datetime.datetime
    response: str
    reject_reason: str

    @staticmethod
    def resolve_category_code(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj) -> str:
        return obj.category.name

    @staticmethod
    def resolve_admin_unit_code(obj) -> str | None:
        return obj.admin_unit.code if obj.admin_unit_id else None

    @staticmethod
    def resolve_admin_unit_name(obj) -> str | None:
        return obj.admin_unit.name if obj.admin_unit_id else None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_response(obj) -> str:
        return obj.response if obj.status == ReportStatus.RESOLVED else ""


class ReportDetailOut(ReportOut):
    timeline: list[EventOut]
    photos: list[str]

    @staticmethod
    def resolve_timeline(obj) -> list:
        return list(obj.events.filter(public=True))

    @staticmethod
    def resolve_photos(obj) -> list[str]:
        return photo_urls(obj, "feedback:public_photo", obj.code)


def photo_urls(report, url_name: str, key) -> list[str]:
    """Where the web pages serve the report's photos (none while those pages are not mounted)."""
    urls = []
    with contextlib.suppress(NoReverseMatch):
        for photo in report.photos.order_by("id"):
            urls.append(reverse(url_name, args=[key, photo.pk]))
    return urls


class ReportPage(Schema):
    items: list[ReportOut]
    next_offset: int | None


def checked_status(status: str) -> str:
    if status and status not in ReportStatus.values:
        raise ValidationError(
            {"status": _("Use one of: %(values)s.") % {"values": ", ".join(ReportStatus.values)}}
        )
    return status


def page(qs: QuerySet, limit: int, offset: int) -> dict:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    window = list(qs[offset : offset + limit + 1])
    has_next = len(window) > limit
    return {"items": window[:limit], "next_offset": offset + limit if has_next else None}


def since_filter(qs: QuerySet, since: datetime.datetime | None) -> QuerySet:
    """Reports changed at or after `since` (a client keeping a copy asks for what changed)."""
    if since is None:
        return qs
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    return qs.filter(updated_at__gte=since)
