"""Automatic figures from the e-office: work dossiers closed in a period and those processed
online (docs/kpi.md), for the agencies of a reporting unit's subtree."""

from django.utils import timezone

from chinhquyenso.eoffice import services as eoffice

from .analytics_sources import remembered
from .choices import Periodicity
from .models import OrgUnit
from .periods import Period
from .sources import Figure, provider

MODULE = "eoffice"


def _kpi_periods(period: Period) -> list | None:
    """The e-office KPI counts years and quarters; longer periods are sums of their quarters,
    months are not available."""
    kpi = eoffice.kpi
    if period.periodicity == Periodicity.YEARLY:
        return [kpi.Period(period.year)]
    if period.periodicity == Periodicity.MONTHLY:
        return None
    first, last = period.months
    return [kpi.Period(period.year, q) for q in range((first + 2) // 3, last // 3 + 1)]


def agencies_under(unit: OrgUnit, level: int | None = None):
    """The agencies of the reporting units in `unit`'s subtree (of one level, if given)."""
    units = OrgUnit.objects.filter(path__startswith=unit.path, agency__isnull=False)
    if level is not None:
        units = units.filter(level=level)
    return units.values("agency_id")


def _counts(period: Period, unit: OrgUnit, level: int | None) -> tuple[int, int] | None:
    """(dossiers, processed online) of the subtree's agencies, of one level if given. The KPI
    gives every level in one call (an agency's level is that of its administrative unit, province
    when it has none — the rule sync_from_agencies gives the reporting units), so one call per
    period serves the total and the three levels."""
    parts = _kpi_periods(period)
    if parts is None:
        return None

    def compute() -> dict[int, tuple[int, int]]:
        agencies = agencies_under(unit)
        found: dict[int, tuple[int, int]] = {}
        for part in parts:
            for row in eoffice.kpi.online_processing(part, agencies)["levels"]:
                dossiers, online = found.get(row["level"], (0, 0))
                found[row["level"]] = (dossiers + row["dossiers"], online + row["processed_online"])
        return found

    levels = remembered(("eoffice.kpi", period.id, unit.pk), compute)
    if level is not None:
        return levels.get(level, (0, 0))
    return sum(d for d, _o in levels.values()), sum(o for _d, o in levels.values())


def _query(period: Period, unit: OrgUnit, level: int | None, what: str) -> str:
    scope = f"agencies of the reporting units under {unit.code}"
    row = f", level {level}" if level is not None else ", all levels"
    return f"eoffice.kpi.online_processing({period.id}, {scope}){row}: {what}"


def _figure(period: Period, unit: OrgUnit, level: int | None, index: int, what: str) -> Figure:
    counts = _counts(period, unit, level)
    now = timezone.now()
    if counts is None:
        return Figure(None, MODULE, f"{what}: not counted per month by the e-office KPI", now)
    return Figure(counts[index], MODULE, _query(period, unit, level, what), now)


@provider("eoffice.work_dossiers")
def work_dossiers(period: Period, unit: OrgUnit, level: int | None = None) -> Figure:
    """Work dossiers closed in the period, state-secret dossiers left out."""
    return _figure(period, unit, level, 0, "work dossiers closed")


@provider("eoffice.work_dossiers_online")
def work_dossiers_online(period: Period, unit: OrgUnit, level: int | None = None) -> Figure:
    """Of those, the dossiers processed online (every document electronic, on the platform)."""
    return _figure(period, unit, level, 1, "work dossiers processed online")
