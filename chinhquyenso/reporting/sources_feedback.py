"""Automatic figures from the citizen feedback channel: reports received in the period by the
agencies of a reporting unit's subtree, answered, answered on time, not accepted, rated and rated
satisfied (the feedback part of QĐ 766's satisfaction group; docs/feedback.md)."""

from django.utils import timezone

from chinhquyenso.feedback import services as feedback

from .analytics_sources import remembered
from .models import OrgUnit
from .periods import Period
from .sources import Figure, provider
from .sources_eoffice import agencies_under

MODULE = "feedback"


def _agency_counts(period: Period) -> dict[int, dict[str, int]]:
    """One grouped query per period and page, counts per handling agency."""
    return remembered(
        ("feedback.counts", period.id),
        lambda: feedback.counts_by_agency(period.start, period.end),
    )


def _count_provider(key: str):
    def count(period: Period, unit: OrgUnit, level: int | None = None) -> Figure:
        agencies = {row["agency_id"] for row in agencies_under(unit, level)}
        rows = _agency_counts(period)
        total = sum(rows[agency][key] for agency in agencies if agency in rows)
        scope = f"agencies of the reporting units under {unit.code}"
        if level is not None:
            scope += f" at level {level}"
        query = (
            f"feedback.counts_by_agency({period.start:%Y-%m-%d}..{period.end:%Y-%m-%d})[{key}],"
            f" reports received in the period, {scope}"
        )
        return Figure(total, MODULE, query, timezone.now())

    count.__name__ = f"feedback_{key}"
    return count


for _key in feedback.COUNT_KEYS:
    provider(f"feedback.{_key}")(_count_provider(_key))
