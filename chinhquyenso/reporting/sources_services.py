"""Automatic figures from online public services: the QĐ 766 counts (docs/services-indicators.md)
of the agencies of a reporting unit's subtree, the procedures they offer full-process online, and
the identified users of the portal."""

import datetime

from django.utils import timezone

from chinhquyenso.core.choices import UserKind
from chinhquyenso.core.models import User
from chinhquyenso.services import indicators as service_indicators
from chinhquyenso.services import services as public_services
from chinhquyenso.services.choices import OnlineLevel

from .analytics_sources import remembered
from .choices import Periodicity
from .models import OrgUnit
from .periods import Period
from .sources import Figure, provider
from .sources_eoffice import agencies_under

MODULE = "services"
# QĐ 766 counts (services/indicators_sql.COUNT_KEYS) offered as automatic elements; "due" is the
# denominator of on-time processing: completed plus overdue and still open.
COUNTS = (
    "received",
    "received_online",
    "received_digitised",
    "full_received",
    "full_online",
    "completed",
    "completed_on_time",
    "due",
    "results_signed",
)


def _service_periods(period: Period) -> list:
    """The QĐ 766 counts know years, quarters and months; longer periods add up quarters."""
    ServicePeriod = service_indicators.Period
    if period.periodicity == Periodicity.YEARLY:
        return [ServicePeriod(period.year)]
    if period.periodicity == Periodicity.MONTHLY:
        return [ServicePeriod(period.year, month=period.index)]
    first, last = period.months
    return [ServicePeriod(period.year, q) for q in range((first + 2) // 3, last // 3 + 1)]


def _agency_rows(period: Period) -> list[dict]:
    """One call of the QĐ 766 indicators per period and page, rows per agency."""

    def compute() -> list[dict]:
        rows = []
        for part in _service_periods(period):
            rows += service_indicators.indicators(part, by_agency=True)["agencies"] or []
        return rows

    return remembered(("services.indicators", period.id), compute)


def _count(period: Period, unit: OrgUnit, level: int | None, key: str) -> int:
    agencies = {row["agency_id"] for row in agencies_under(unit, level)}
    total = 0
    for row in _agency_rows(period):
        if row["agency_id"] in agencies:
            total += row["counts"][key]
    return total


def _count_provider(key: str):
    def count(period: Period, unit: OrgUnit, level: int | None = None) -> Figure:
        scope = f"agencies of the reporting units under {unit.code}"
        if level is not None:
            scope += f" at level {level}"
        query = f"services.indicators.indicators({period.id}, by agency) counts[{key}], {scope}"
        return Figure(_count(period, unit, level, key), MODULE, query, timezone.now())

    count.__name__ = f"services_{key}"
    return count


for _key in COUNTS:
    provider(f"services.{_key}")(_count_provider(_key))


def _is_current(period: Period, today: datetime.date) -> bool:
    return period.start <= today <= period.end


NO_HISTORY = (
    "kept without history: computed for the current period only; a submitted report keeps"
    " the figure of its period"
)


def _procedures(period: Period, unit: OrgUnit, level: int | None, full: bool) -> Figure:
    now = timezone.now()
    what = "procedures offered full-process online" if full else "procedures offered"
    if not _is_current(period, timezone.localdate()):
        return Figure(None, MODULE, f"{what}: the catalogue is {NO_HISTORY}", now)
    procedures = public_services.search_procedures(
        None, online_level=OnlineLevel.FULL if full else None
    ).filter(agencies__in=agencies_under(unit, level))
    count = procedures.values("pk").distinct().count()
    scope = f"agencies under {unit.code}" + (f" at level {level}" if level is not None else "")
    query = f"services.search_procedures(active{', full-process online' if full else ''}), {scope}"
    return Figure(count, MODULE, query, now)


@provider("services.procedures")
def procedures(period: Period, unit: OrgUnit, level: int | None = None) -> Figure:
    """Active procedures offered by the agencies of the subtree (today's catalogue)."""
    return _procedures(period, unit, level, full=False)


@provider("services.procedures_full_online")
def procedures_full_online(period: Period, unit: OrgUnit, level: int | None = None) -> Figure:
    """Of those, the procedures offered full-process online (Nghị định 42/2022 "toàn trình")."""
    return _procedures(period, unit, level, full=True)


def _users(period: Period, unit: OrgUnit, identified: bool) -> Figure:
    now = timezone.now()
    what = "identified portal accounts" if identified else "portal accounts"
    if unit.parent_id is not None:
        return Figure(None, "core", f"{what}: counted for the whole province only", now)
    if not _is_current(period, timezone.localdate()):
        return Figure(None, "core", f"{what}: the identity level is {NO_HISTORY}", now)
    accounts = User.objects.filter(kind__in=(UserKind.CITIZEN, UserKind.BUSINESS), is_active=True)
    query = "active citizen and business accounts"
    if identified:
        accounts = accounts.filter(identity_level__gte=1)
        query += " identified through VNeID (identity level ≥ 1)"
    return Figure(accounts.count(), "core", query, now)


@provider("core.portal_users")
def portal_users(period: Period, unit: OrgUnit) -> Figure:
    """Citizens and businesses with an account on the portal of online public services."""
    return _users(period, unit, identified=False)


@provider("core.portal_users_identified")
def portal_users_identified(period: Period, unit: OrgUnit) -> Figure:
    """Of those, the accounts identified and authenticated through the national e-ID."""
    return _users(period, unit, identified=True)
