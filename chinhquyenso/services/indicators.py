"""QĐ 766/QĐ-TTg citizen-service index from the platform's records (docs/services-indicators.md).

Periods, the ratios and their QĐ 766 groups, and the scoring; the counting is in indicators_sql.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core.choices import UnitLevel

from . import indicators_sql


@dataclass(frozen=True)
class Period:
    """A year, or one quarter or one month of it."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, year=None, quarter=None, month=None) -> "Period":
        try:
            year = int(year) if year not in (None, "") else timezone.localdate().year
            quarter = int(quarter) if quarter not in (None, "") else None
            month = int(month) if month not in (None, "") else None
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Year, quarter and month must be numbers.")) from exc
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": [_("Enter a year between 2000 and 2100.")]})
        if quarter is not None and not 1 <= quarter <= 4:
            raise ValidationError({"quarter": [_("The quarter is 1, 2, 3 or 4.")]})
        if month is not None and not 1 <= month <= 12:
            raise ValidationError({"month": [_("The month is a number from 1 to 12.")]})
        if quarter is not None and month is not None:
            raise ValidationError(
                {"month": [_("Choose a quarter or a month, not both.")]}
            )  # fmt: skip
        return cls(year, quarter, month)

    @property
    def dates(self) -> tuple[datetime.date, datetime.date]:
        """[first day, day after the last day)."""
        if self.month is not None:
            first_month, months = self.month, 1
        elif self.quarter is not None:
            first_month, months = 3 * (self.quarter - 1) + 1, 3
        else:
            first_month, months = 1, 12
        start = datetime.date(self.year, first_month, 1)
        following = first_month + months
        end = (
            datetime.date(self.year + 1, 1, 1)
            if following > 12
            else datetime.date(self.year, following, 1)
        )
        return start, end

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Local midnights: a dossier returned on 31/12 at 23:30 belongs to that year."""
        tz = timezone.get_current_timezone()
        start, end = self.dates
        return (
            datetime.datetime.combine(start, datetime.time(), tz),
            datetime.datetime.combine(end, datetime.time(), tz),
        )

    def as_dict(self) -> dict:
        start, end = self.dates
        return {
            "year": self.year,
            "quarter": self.quarter,
            "month": self.month,
            "start": start,
            "end": end - datetime.timedelta(days=1),
        }


@dataclass(frozen=True)
class Ratio:
    key: str
    label: str
    numerator: str
    denominator: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    points: int
    # (ratio key, weight inside the group); weights are rescaled over the ratios that have data.
    parts: tuple[tuple[str, int], ...]


L = gettext_lazy
RATIOS = {
    r.key: r
    for r in (
        Ratio("published_complete", L("Procedures published with full information"),
              "procedures_complete", "procedures"),
        Ratio("on_time", L("Dossiers completed on time"), "completed_on_time", "due"),
        Ratio("digitised", L("Received dossiers digitised"), "received_digitised", "received"),
        Ratio("electronic_results", L("Results issued electronically"),
              "results_signed", "completed"),
        Ratio("reused", L("Dossiers reusing digitised data"), "received_reused", "received"),
        Ratio("online_applications", L("Dossiers received online"), "received_online", "received"),
        Ratio("full_process_online", L("Full-process online procedures applied for online"),
              "full_online", "full_received"),
        Ratio("online_payments", L("Fees paid online"), "payments_online", "payments"),
        Ratio("satisfied", L("Ratings of 4 or 5 stars"), "rated_satisfied", "rated"),
        Ratio("feedback_on_time", L("Citizen feedback answered on time"), "feedback_on_time",
              "feedback_answered"),
        Ratio("feedback_satisfied", L("Citizen feedback answers found satisfying"),
              "feedback_satisfied", "feedback_rated"),
    )
}  # fmt: skip
# Quyết định 766/QĐ-TTg: five groups, 100 points. The weights inside a group are the platform's
# choice (the decision's sub-indicators that the platform cannot measure are left out).
GROUPS = (
    Group("publicity", L("Publicity and transparency"), 18, (("published_complete", 18),)),
    Group("progress", L("Processing progress and results"), 20, (("on_time", 20),)),
    Group("digitisation", L("Digitisation of dossiers"), 22,
          (("digitised", 10), ("electronic_results", 8), ("reused", 4))),
    Group("online", L("Online service provision"), 22,
          (("online_applications", 8), ("full_process_online", 6), ("online_payments", 8))),
    Group("satisfaction", L("Satisfaction"), 18,
          (("feedback_on_time", 6), ("feedback_satisfied", 6), ("satisfied", 6))),
)  # fmt: skip


def score(counts: dict) -> dict:
    """Ratios (per cent), average rating, points per group and in total from one row of counts."""
    counts = {key: counts.get(key, 0) for key in indicators_sql.COUNT_KEYS}
    counts["due"] = counts["completed"] + counts["overdue_open"]
    # Points come from the exact fractions, not from the shares rounded for display.
    exact = {
        key: counts[r.numerator] / counts[r.denominator] if counts[r.denominator] else None
        for key, r in RATIOS.items()
    }
    ratios = {key: None if f is None else round(100 * f, 1) for key, f in exact.items()}
    points: dict[str, float | None] = {}
    for group in GROUPS:
        measured = [(exact[key], weight) for key, weight in group.parts if exact[key] is not None]
        weights = sum(weight for _fraction, weight in measured)
        points[group.key] = (
            round(group.points * sum(f * w for f, w in measured) / weights, 2) if weights else None
        )
    scored = [g for g in GROUPS if points[g.key] is not None]
    total = round(sum(points[g.key] for g in scored), 2) if scored else None
    total_max = sum(g.points for g in scored)
    return {
        "counts": counts,
        "ratios": ratios,
        "average_rating": round(counts["rating_sum"] / counts["rated"], 2)
        if counts["rated"]
        else None,
        "points": points,
        "total": total,
        "total_max": total_max,
        # The total rescaled to 100 over the groups that could be measured.
        "index": round(100 * total / total_max, 1) if total_max else None,
    }


def _level_row(level: int, counts: dict) -> dict:
    return {"level": level, "level_label": str(UnitLevel(level).label), **score(counts)}


def indicators(period: Period, by_agency: bool = False) -> dict:
    """The province's row, one row per level (always all three) and optionally one per agency."""
    province, per_level, agencies = indicators_sql.tables(period, timezone.localdate(), by_agency)
    result = {
        "period": period.as_dict(),
        "groups": [
            {
                "key": g.key,
                "label": str(g.label),
                "points": g.points,
                "ratios": [
                    {"key": key, "label": str(RATIOS[key].label), "weight": weight}
                    for key, weight in g.parts
                ],
            }
            for g in GROUPS
        ],
        "province": score(province),
        "levels": [_level_row(level, per_level.get(level, {})) for level in UnitLevel.values],
        "agencies": None,
    }
    if agencies is not None:
        agencies.sort(key=lambda r: (r["level"], r["agency_name"], r["agency_pk"]))
        result["agencies"] = [
            {"agency_id": r["agency_pk"], "agency": r["agency_name"], **_level_row(r["level"], r)}
            for r in agencies
        ]
    return result
