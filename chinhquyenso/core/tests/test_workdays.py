"""Working-day arithmetic on real 2026 dates: Tết, Giỗ Tổ, 30/4–1/5, 2/9, make-up days, weekends."""

from datetime import date
from pathlib import Path

import pytest

from chinhquyenso.core.choices import CalendarDayKind
from chinhquyenso.core.models import CalendarDay
from chinhquyenso.core.services import workdays
from chinhquyenso.core.services.workdays import (
    add_working_days,
    holidays_in,
    is_working_day,
    working_days_between,
)

CSV_2026 = Path(__file__).resolve().parents[3] / "data" / "calendar" / "vn-2026.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar_2026(db):
    workdays.load_calendar_file(CSV_2026)


def test_weekends_are_off_and_weekdays_work():
    assert is_working_day(date(2026, 3, 6))  # Friday
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)


def test_start_day_is_not_counted_and_zero_means_today_or_next():
    assert add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 10)
    assert add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_negative_counts_go_backwards():
    assert add_working_days(date(2026, 3, 9), -1) == date(2026, 3, 6)
    assert add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)


def test_tet_2026_break_is_skipped():
    for day in range(14, 23):
        assert not is_working_day(date(2026, 2, day)), day
    assert is_working_day(date(2026, 2, 13))
    assert is_working_day(date(2026, 2, 23))
    assert add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_tet_2026_with_declared_break(calendar_2026):
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 10), 5) == date(2026, 2, 24)


def test_hung_kings_2026_falls_on_sunday_and_is_taken_on_monday():
    assert not is_working_day(date(2026, 4, 26))
    assert not is_working_day(date(2026, 4, 27))
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_reunification_and_labour_day_2026():
    assert not is_working_day(date(2026, 4, 30))
    assert not is_working_day(date(2026, 5, 1))
    assert add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)
    assert working_days_between(date(2026, 4, 28), date(2026, 5, 4)) == 2


def test_national_day_2026_with_declared_swap(calendar_2026):
    # 2/9 is a Wednesday; the day before is the second statutory day; 31/8 was swapped with 22/8.
    for day in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not is_working_day(day)
    assert is_working_day(date(2026, 8, 22))
    assert add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_declared_make_up_saturday_counts_as_working(calendar_2026):
    assert is_working_day(date(2026, 1, 10))
    assert not is_working_day(date(2026, 1, 2))
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert working_days_between(date(2026, 1, 9), date(2026, 1, 12)) == 2


def test_without_declaration_the_make_up_saturday_is_off():
    assert not is_working_day(date(2026, 1, 10))
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)


def test_declared_working_day_overrides_a_statutory_holiday(registry):
    admin = registry.user("quantri", "system_admin")
    workdays.declare_calendar_day(admin, date(2026, 4, 27), CalendarDayKind.WORKING_DAY, "Thử")
    assert is_working_day(date(2026, 4, 27))
    entry = next(e for e in holidays_in(2026) if e.date == date(2026, 4, 27))
    assert entry.declared and not entry.is_off


def test_working_days_between_is_the_inverse_of_add():
    start = date(2026, 1, 1)
    for n in range(0, 60):
        assert working_days_between(start, add_working_days(start, max(n, 1))) == max(n, 1)
    assert working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0


def test_holidays_in_lists_statutory_and_declared_days(calendar_2026):
    entries = {e.date: e for e in holidays_in(2026)}
    assert entries[date(2026, 2, 17)].declared  # declared break replaces the statutory entry
    assert entries[date(2026, 1, 1)].kind == "holiday"
    assert entries[date(2026, 4, 26)].kind == "holiday"
    assert entries[date(2026, 1, 10)].kind == CalendarDayKind.WORKING_DAY
    assert list(entries) == sorted(entries)
    assert CalendarDay.objects.count() == 9


def test_reads_inside_a_transaction_do_not_fill_the_cache():
    from django.core.cache import cache

    is_working_day(date(2031, 5, 5))
    assert cache.get(workdays._cache_key(2031)) is None


@pytest.mark.django_db(transaction=True)
def test_cache_is_invalidated_on_change(registry):
    from django.core.cache import cache

    admin = registry.user("quantri", "system_admin")
    day = date(2030, 6, 3)  # a Monday
    try:
        assert is_working_day(day)
        assert cache.get(workdays._cache_key(2030)) == {}
        workdays.declare_calendar_day(admin, day, CalendarDayKind.DAY_OFF, "Nghỉ thử")
        assert not is_working_day(day)
        workdays.remove_calendar_day(admin, day)
        assert is_working_day(day)
    finally:
        cache.delete(workdays._cache_key(2030))


def test_far_dates_work_across_years():
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert add_working_days(date(2027, 1, 4), -1) == date(2026, 12, 31)
    start = date(2026, 1, 5)
    far = add_working_days(start, 200)
    assert working_days_between(start, far) == 200
    assert add_working_days(far, -200) == start
