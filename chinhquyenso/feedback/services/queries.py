"""Who sees which report: the reporter their own, the handling agency its reports, everyone the
public ones (never who reported them)."""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chinhquyenso.core import services as core

from ..choices import ReportStatus
from ..models import Report

RELATED = ("category", "agency", "admin_unit", "department", "handler")


def own_reports(user) -> QuerySet:
    if not user or not user.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(reporter=user).select_related(*RELATED)


def own_report(user, pk: int) -> Report:
    report = own_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def officer_reports(user) -> QuerySet:
    """Reports of the agencies where the user receives or handles reports, and those handed to
    them by name."""
    if not user or not user.is_authenticated:
        return Report.objects.none()
    granted = [core.agency_ids_with_perm(user, p) for p in ("feedback.receive", "feedback.handle")]
    if None in granted:  # a platform-wide assignment: every agency
        return Report.objects.select_related(*RELATED)
    agencies = set().union(*granted)
    # Specialists and heads whose role is scoped to a department see that department's reports.
    departments = core.departments_with_perm(user, "feedback.handle").values("pk")
    return Report.objects.filter(
        Q(agency_id__in=agencies) | Q(handler=user) | Q(department__in=departments)
    ).select_related(*RELATED)


def officer_report(user, pk: int) -> Report:
    report = officer_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def filtered(qs: QuerySet, *, status: str = "", category: str = "", q: str = "",
             overdue: bool = False, unit: str = "") -> QuerySet:  # fmt: skip
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if unit:
        qs = qs.filter(admin_unit__code=unit)
    if overdue:
        qs = qs.filter(status=ReportStatus.ACCEPTED, due_date__lt=timezone.localdate())
    if q:
        ids = core.search("feedback.report", q, limit=500)
        qs = qs.filter(pk__in=[int(i) for i in ids])
    return qs


def public_reports() -> QuerySet:
    return Report.objects.filter(public=True).select_related("category", "agency", "admin_unit")


def public_report(code: str) -> Report:
    report = public_reports().filter(code=code.strip().upper()).first()
    if report is None:
        raise Http404
    return report


# What `counts_by_agency` gives per agency (and `statistics` for a year): reports received in the
# period, answered, answered by their due date, not accepted, rated, rated satisfied.
COUNT_KEYS = ("received", "answered", "answered_on_time", "rejected", "rated", "satisfied")


def _counts() -> dict:
    return {
        "received": Count("id"),
        "answered": Count("id", filter=Q(status=ReportStatus.RESOLVED)),
        "answered_on_time": Count(
            "id", filter=Q(status=ReportStatus.RESOLVED, closed_at__date__lte=F("due_date"))
        ),
        "rejected": Count("id", filter=Q(status=ReportStatus.REJECTED)),
        "rated": Count("id", filter=Q(satisfied__isnull=False)),
        "satisfied": Count("id", filter=Q(satisfied=True)),
    }


def _received_between(start: datetime.date, end: datetime.date) -> QuerySet:
    """Reports received from `start` to `end`, both included (local dates)."""
    return Report.objects.filter(received_at__date__gte=start, received_at__date__lte=end)


def counts_by_agency(start: datetime.date, end: datetime.date) -> dict[int, dict[str, int]]:
    """{handling agency id: {COUNT_KEYS: n}} of the reports received from `start` to `end` (the
    reporting module sums them over a reporting unit's agencies). One grouped query."""
    rows = _received_between(start, end).values("agency_id").annotate(**_counts())
    return {row.pop("agency_id"): row for row in rows}


def statistics(year: int, agency_id: int | None = None) -> dict:
    """Counts for a year: received, answered, on time (answered by the due date), overdue,
    open, not accepted, and the reporters' satisfaction (QĐ 766 satisfaction group)."""
    qs = _received_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    today = timezone.localdate()
    figures = qs.aggregate(
        **_counts(),
        open=Count("id", filter=Q(status__in=[ReportStatus.NEW, ReportStatus.ACCEPTED])),
        overdue=Count("id", filter=Q(status=ReportStatus.ACCEPTED, due_date__lt=today)),
    )
    figures["on_time"] = figures["answered_on_time"]
    figures["on_time_pct"] = _pct(figures["on_time"], figures["answered"])
    figures["satisfied_pct"] = _pct(figures["satisfied"], figures["rated"])
    figures["by_category"] = list(
        qs.values("category__code", "category__name")
        .annotate(received=Count("id"),
                  answered=Count("id", filter=Q(status=ReportStatus.RESOLVED)))
        .order_by("-received", "category__name")
    )  # fmt: skip
    return figures


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
