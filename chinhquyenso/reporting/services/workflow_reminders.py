"""Reminders to reporting units: a few days before a report is due, to units that have not
submitted it, and once a week after the due date to late units while entry is open. In-app and by
e-mail to the users who enter the unit's data; each reminder is sent once, however often it runs."""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import RoleAssignment
from chinhquyenso.core.permissions import PERMISSIONS

from ..models import DataSet, OrgUnit, Report
from ..periods import Period
from .entry_state import report_dates, today
from .workflow import report_url
from .workflow_completeness import Timeliness, expected_units, timeliness

BEFORE_DAYS = 3
LATE_EVERY_DAYS = 7
# Late units of periods due longer ago than this are no longer reminded.
LATE_WINDOW_DAYS = 60


def _periods(data_set: DataSet, day: datetime.date, before_days: int) -> list[Period]:
    """Periods of the form due between LATE_WINDOW_DAYS ago and `before_days` from now."""
    latest = day + datetime.timedelta(days=before_days)
    period = Period.of(data_set.periodicity, latest)
    found = []
    while True:
        due, _lock = report_dates(data_set, period)
        if due < day - datetime.timedelta(days=LATE_WINDOW_DAYS):
            return found
        if due <= latest and period.start <= day:
            found.append(period)
        period = period.previous()


def _kind(data_set: DataSet, period: Period, day: datetime.date, before_days: int) -> str:
    due, lock = report_dates(data_set, period)
    if day <= due:
        return "due" if (due - day).days <= before_days else ""
    if lock is not None and day > lock:
        return ""
    weeks_late = ((day - due).days - 1) // LATE_EVERY_DAYS
    return f"late{weeks_late}"


def _enterers(agency_ids: set[int], day: datetime.date) -> dict[int, list]:
    assignments = (
        RoleAssignment.objects.active(day)
        .filter(
            role__in=PERMISSIONS["reporting.enter_data"],
            agency_id__in=agency_ids,
            department__isnull=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )
    users = defaultdict(dict)
    for assignment in assignments:
        users[assignment.agency_id][assignment.user_id] = assignment.user
    return {agency: list(found.values()) for agency, found in users.items()}


def _message(kind: str, data_set: DataSet, period: Period, unit: OrgUnit) -> str:
    due, _lock = report_dates(data_set, period)
    values = {
        "form": data_set.name,
        "period": period.label(),
        "unit": unit.name,
        "date": due.strftime("%d/%m/%Y"),
    }
    if kind == "due":
        return _("Reminder: “%(form)s” of %(unit)s for %(period)s is due on %(date)s.") % values
    return (
        _("Late: “%(form)s” of %(unit)s for %(period)s was due on %(date)s and is not submitted.")
        % values
    )


def send_reporting_reminders(
    day: datetime.date | None = None, *, before_days: int = BEFORE_DAYS
) -> int:
    """Remind units of reports due within `before_days` and of late reports; returns how many
    notifications were created."""
    day = day or today()
    sent = 0
    for data_set in DataSet.objects.filter(is_active=True).order_by("code"):
        for period in _periods(data_set, day, before_days):
            kind = _kind(data_set, period, day, before_days)
            if not kind:
                continue
            due, _lock = report_dates(data_set, period)
            missing = [
                unit
                for unit in expected_units(data_set, period)
                if timeliness(unit, due) == Timeliness.MISSING and unit.agency_id
            ]
            if not missing:
                continue
            users = _enterers({u.agency_id for u in missing}, day)
            for unit in missing:
                message = _message("due" if kind == "due" else "late", data_set, period, unit)
                url = report_url(Report(data_set=data_set, org_unit=unit, period=period.id))
                key = f"reporting.{kind}:{data_set.pk}:{unit.pk}:{period.id}"
                for user in users.get(unit.agency_id, []):
                    sent += core.notify(user, message, url, email=True, dedup_key=key)
    return sent
