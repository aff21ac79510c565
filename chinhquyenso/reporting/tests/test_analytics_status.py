import decimal

import pytest

from chinhquyenso.reporting.analytics_status import assess, satisfies, worst
from chinhquyenso.reporting.choices import TargetComparison as C
from chinhquyenso.reporting.choices import TargetStatus as S
from chinhquyenso.reporting.models import IndicatorTarget
from chinhquyenso.reporting.periods import Period

D = decimal.Decimal


def target(year, value, comparison=C.AT_LEAST):
    return IndicatorTarget(
        year=year, value=None if value is None else D(value), comparison=comparison
    )


TARGETS = [target(2025, 90), target(2030, 100)]


@pytest.mark.parametrize(
    "value, comparison, goal, expected",
    [
        ("90", C.AT_LEAST, "90", True),
        ("90", C.MORE_THAN, "90", False),
        ("90.1", C.MORE_THAN, "90", True),
        ("5", C.AT_MOST, "5", True),
        ("19", C.ABOUT, "20", True),  # within 5 %
        ("18.9", C.ABOUT, "20", False),
        ("1", C.YES, None, True),
        ("0", C.YES, None, False),
    ],
)
def test_comparisons(value, comparison, goal, expected):
    assert satisfies(D(value), comparison, None if goal is None else D(goal)) is expected


def test_met_on_track_behind_no_data():
    y = Period.parse
    baseline = (y("2023"), D(50))
    assert assess(None, y("2024"), TARGETS).status == S.NO_DATA
    assert assess(D(91), y("2024"), TARGETS, baseline).status == S.MET
    # 2024 is half way from 2023 (50) to 2025 (90): the line asks for 70.
    on_track = assess(D(72), y("2024"), TARGETS, baseline)
    assert (on_track.status, on_track.expected, on_track.target.year) == (S.ON_TRACK, 70, 2025)
    assert assess(D(65), y("2024"), TARGETS, baseline).status == S.BEHIND
    # In the milestone year there is no "on the way" any more.
    assert assess(D(89), y("2025"), TARGETS, baseline).status == S.BEHIND
    # After 2025: the 2025 target stays a floor, 2030 is the next milestone.
    assert assess(D(95), y("2026"), TARGETS, (y("2025"), D(92))).status == S.ON_TRACK
    assert assess(D(89), y("2026"), TARGETS, baseline).status == S.BEHIND
    assert assess(D(100), y("2026"), TARGETS).status == S.MET
    assert assess(D(100), y("2031"), TARGETS).status == S.MET
    # Without a baseline, a value short of the first milestone is behind.
    assert assess(D(80), y("2024"), TARGETS).status == S.BEHIND
    # A six-monthly value is half a year nearer: 2024S1 on the 2023→2025 line asks for 60.
    assert assess(D(61), y("2024S1"), TARGETS, baseline).status == S.ON_TRACK


def test_targets_at_most_and_yes_no():
    y = Period.parse
    fewer = [target(2025, 10, C.AT_MOST)]
    # From 30 in 2023 down to 10 in 2025: by 2024 at most 20.
    assert assess(D(18), y("2024"), fewer, (y("2023"), D(30))).status == S.ON_TRACK
    assert assess(D(25), y("2024"), fewer, (y("2023"), D(30))).status == S.BEHIND
    yes = [target(2025, None, C.YES)]
    assert assess(D(1), y("2024"), yes).status == S.MET
    assert assess(D(0), y("2024"), yes, (y("2023"), D(0))).status == S.BEHIND


def test_no_target_and_worst_of_levels():
    assert assess(D(5), Period.parse("2026"), []).status is None
    assert worst([S.MET, S.NO_DATA, S.ON_TRACK]) == S.ON_TRACK
    assert worst([S.MET, S.BEHIND]) == S.BEHIND
    assert worst([S.NO_DATA, S.NO_DATA]) == S.NO_DATA
    assert worst([]) is None
