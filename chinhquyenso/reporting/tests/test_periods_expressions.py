import datetime
import decimal

import pytest
from django.core.exceptions import ValidationError

from chinhquyenso.reporting import expressions
from chinhquyenso.reporting.choices import Periodicity
from chinhquyenso.reporting.periods import Period, periods_between

D = decimal.Decimal


@pytest.mark.parametrize(
    "text, periodicity, start, end, cutoff",
    [
        ("202601", Periodicity.MONTHLY, "2026-01-01", "2026-01-31", ("2025-12-15", "2026-01-14")),
        ("2026Q1", Periodicity.QUARTERLY, "2026-01-01", "2026-03-31", ("2025-12-15", "2026-03-14")),
        ("2026Q3", Periodicity.QUARTERLY, "2026-07-01", "2026-09-30", ("2026-06-15", "2026-09-14")),
        (
            "2026S1",
            Periodicity.SIX_MONTHLY,
            "2026-01-01",
            "2026-06-30",
            ("2025-12-15", "2026-06-14"),
        ),
        (
            "2026N9",
            Periodicity.NINE_MONTHLY,
            "2026-01-01",
            "2026-09-30",
            ("2025-12-15", "2026-09-14"),
        ),
        ("2026", Periodicity.YEARLY, "2026-01-01", "2026-12-31", ("2025-12-15", "2026-12-14")),
    ],
)
def test_periods_follow_decree_09_cutoffs(text, periodicity, start, end, cutoff):
    period = Period.parse(text)
    assert period.periodicity == periodicity
    assert period.id == text
    assert period.start.isoformat() == start and period.end.isoformat() == end
    assert tuple(day.isoformat() for day in period.cutoff) == cutoff


@pytest.mark.parametrize("text", ["", "2026Q5", "202613", "26Q1", "2026S3", "abc", "1999"])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValidationError):
        Period.parse(text)


def test_period_navigation_and_containment():
    assert Period.parse("202601").previous().id == "202512"
    assert Period.parse("2026Q4").next().id == "2027Q1"
    assert Period.parse("2026").contains(Period.parse("2026Q2"))
    assert not Period.parse("2026S1").contains(Period.parse("2026Q3"))
    assert Period.parse("2026Q2").monthly_ids() == ["202604", "202605", "202606"]
    assert Period.of(Periodicity.QUARTERLY, datetime.date(2026, 11, 25)).id == "2026Q4"
    months = periods_between(
        Periodicity.MONTHLY, datetime.date(2025, 11, 3), datetime.date(2026, 2, 1)
    )
    assert [p.id for p in months] == ["202511", "202512", "202601", "202602"]


def test_expressions_evaluate_safely():
    expr = expressions.parse("100 * #{ONLINE} / #{TOTAL}")
    assert [r.key for r in expr.references] == ["ONLINE", "TOTAL"]
    assert expr.evaluate({"ONLINE": D(45), "TOTAL": D(50)}) == D(90)
    assert expr.evaluate({"ONLINE": D(45)}) is None
    assert expr.evaluate({"ONLINE": D(1), "TOTAL": D(0)}) is None
    cell = expressions.parse("#{STAFF.FEMALE} - -#{STAFF}")
    assert cell.evaluate({"STAFF.FEMALE": D(3), "STAFF": D(4)}) == D(7)


@pytest.mark.parametrize(
    "text",
    ["", "__import__('os')", "#{A} ** 2", "abs(#{A})", "#{A} +", "x + 1", "'a' + #{A}", "#{A}[0]"],
)
def test_unsafe_or_broken_expressions_are_refused(text):
    with pytest.raises(ValidationError):
        expressions.parse(text)
