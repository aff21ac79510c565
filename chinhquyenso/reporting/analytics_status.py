"""Where an indicator stands against its targets: met, on track, behind or no data.

Met: the value satisfies the next milestone's target (2025, then 2030). On track: not yet, but it
is at or past the straight line from the baseline (the earliest value before it) to that target.
A milestone already passed stays a floor: falling below it is behind.
"""

import dataclasses
import decimal
from collections.abc import Sequence

from .choices import TargetComparison, TargetStatus
from .models import IndicatorTarget
from .periods import Period

D = decimal.Decimal
# "khoảng 20 %": within 5 % of the target (or above it) counts as reached.
ABOUT_TOLERANCE = D("0.95")
# Worst first: the status of an indicator with targets per level is its worst level's.
SEVERITY = [TargetStatus.BEHIND, TargetStatus.ON_TRACK, TargetStatus.MET, TargetStatus.NO_DATA]


@dataclasses.dataclass(frozen=True)
class Assessment:
    status: str | None  # a TargetStatus, or None when the indicator has no target here
    target: IndicatorTarget | None = None
    expected: D | None = None  # the value the straight line asks for by now

    @property
    def label(self) -> str:
        return str(TargetStatus(self.status).label) if self.status else ""


def satisfies(value: D, comparison: str, target: D | None) -> bool:
    if comparison == TargetComparison.YES:
        return value >= (target if target is not None else 1)
    if target is None:
        return False
    if comparison == TargetComparison.AT_LEAST:
        return value >= target
    if comparison == TargetComparison.MORE_THAN:
        return value > target
    if comparison == TargetComparison.AT_MOST:
        return value <= target
    return value >= target * ABOUT_TOLERANCE


def _position(period: Period) -> int:
    # Months since year 0 at the end of the period: a target is due at the end of its year.
    return period.year * 12 + period.months[1]


def _target_position(target: IndicatorTarget) -> int:
    return target.year * 12 + 12


def assess(
    value: D | None,
    period: Period | None,
    targets: Sequence[IndicatorTarget],
    baseline: tuple[Period, D] | None = None,
) -> Assessment:
    """`targets` are those of one level (or of the whole unit); `baseline` is the earliest value
    before `period`, if any."""
    if not targets:
        return Assessment(None if value is not None else TargetStatus.NO_DATA)
    if value is None or period is None:
        return Assessment(TargetStatus.NO_DATA)
    now = _position(period)
    ordered = sorted(targets, key=_target_position)
    passed = [t for t in ordered if _target_position(t) < now]
    upcoming = next((t for t in ordered if _target_position(t) >= now), None)
    if passed and not satisfies(value, passed[-1].comparison, passed[-1].value):
        return Assessment(TargetStatus.BEHIND, passed[-1])
    if upcoming is None:
        return Assessment(TargetStatus.MET, passed[-1])
    if satisfies(value, upcoming.comparison, upcoming.value):
        return Assessment(TargetStatus.MET, upcoming)
    if _target_position(upcoming) == now or upcoming.comparison == TargetComparison.YES:
        return Assessment(TargetStatus.BEHIND, upcoming)
    if baseline is None or _position(baseline[0]) >= now or upcoming.value is None:
        # No line to judge by: holding the last milestone is on track, anything else is not.
        status = TargetStatus.ON_TRACK if passed else TargetStatus.BEHIND
        return Assessment(status, upcoming)
    start, base = _position(baseline[0]), baseline[1]
    share = D(now - start) / D(_target_position(upcoming) - start)
    expected = base + (upcoming.value - base) * share
    comparison = upcoming.comparison
    if comparison == TargetComparison.ABOUT:
        comparison = TargetComparison.AT_LEAST
    on_track = satisfies(value, comparison, expected)
    return Assessment(
        TargetStatus.ON_TRACK if on_track else TargetStatus.BEHIND,
        upcoming,
        expected.quantize(D("0.01")),
    )


def worst(statuses: Sequence[str | None]) -> str | None:
    """The status of several levels together: the worst one that has data."""
    known = [s for s in statuses if s]
    if not known:
        return None
    return min(known, key=SEVERITY.index)
