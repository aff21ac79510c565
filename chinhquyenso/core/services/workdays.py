"""The working-day calendar: statutory holidays, declared days off and make-up days, deadlines.

Every deadline in the platform is computed with `add_working_days`. Convention (as the Civil Code
2015, Art. 147–148, counts periods): the day of the event is not counted; day 1 is the first
working day after `start`. `n=0` returns `start` when it is a working day, else the next working
day; a negative `n` counts backwards the same way (day -1 is the last working day before `start`).

A day is a working day unless it is off: a declared `CalendarDay` always wins; otherwise statutory
public holidays (Labour Code 2019, Art. 112, from the `holidays` package, lunar dates included) and
Saturdays and Sundays are off.
"""

import csv
import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import holidays
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from chinhquyenso.core import audit
from chinhquyenso.core.choices import CalendarDayKind
from chinhquyenso.core.models import CalendarDay
from chinhquyenso.core.permissions import require

# Bounds the staleness of other processes' copies when the cache is per process (LocMemCache);
# with a shared cache (Redis) a change is seen everywhere at once.
CACHE_SECONDS = 300
# Stops a runaway loop if a misconfiguration declared every day off.
MAX_SCAN_DAYS = 3660


@dataclass(frozen=True)
class CalendarEntry:
    """One non-ordinary day of a year, as shown on the calendar page."""

    date: datetime.date
    name: str
    kind: str  # "holiday" (statutory), or a CalendarDayKind value when declared
    declared: bool

    @property
    def is_off(self) -> bool:
        return self.kind != CalendarDayKind.WORKING_DAY


def _holiday_language() -> str:
    return "en_US" if (translation.get_language() or "vi").startswith("en") else "vi"


@lru_cache(maxsize=64)
def _statutory(year: int, language: str = "vi") -> dict[datetime.date, str]:
    """Public holidays and their compensatory days off (Art. 112 §3) for one year."""
    return dict(holidays.country_holidays("VN", years=year, language=language).items())


def _cache_key(year: int) -> str:
    return f"core:workdays:declared:{year}"


def _declared(year: int) -> dict[datetime.date, str]:
    """Declared days of `year` (date -> kind), cached per year."""
    key = _cache_key(year)
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
    # Inside a transaction the rows may not be committed (or may be rolled back), so only
    # committed reads fill the cache.
    if not transaction.get_connection().in_atomic_block:
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def invalidate(year: int) -> None:
    """Forget the cached declared days of `year`, now and again when the transaction commits."""
    cache.delete(_cache_key(year))
    transaction.on_commit(lambda: cache.delete(_cache_key(year)))


class _Calendar:
    """Per-call memo so a long count reads each year's data once."""

    def __init__(self):
        self._years: dict[int, tuple[dict, dict]] = {}

    def is_working_day(self, day: datetime.date) -> bool:
        if day.year not in self._years:
            self._years[day.year] = (_declared(day.year), _statutory(day.year))
        declared, statutory = self._years[day.year]
        kind = declared.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKING_DAY
        return day not in statutory and day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return _Calendar().is_working_day(day)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (before it when n < 0); see the module docstring."""
    calendar = _Calendar()
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    if n == 0:
        remaining = 1
        day = start - datetime.timedelta(days=1)
    for _scanned in range(MAX_SCAN_DAYS + remaining):
        day += datetime.timedelta(days=step)
        if calendar.is_working_day(day):
            remaining -= 1
            if remaining == 0:
                return day
    raise RuntimeError("No working day found within ten years; check the declared calendar.")


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days d with a < d <= b (negative when b is before a).

    It is the inverse of `add_working_days`: for n >= 1,
    `working_days_between(a, add_working_days(a, n)) == n`.
    """
    if b < a:
        return -working_days_between(b, a)
    calendar = _Calendar()
    count = 0
    day = a
    while day < b:
        day += datetime.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def holidays_in(year: int) -> list[CalendarEntry]:
    """Statutory holidays and declared days of `year` by date; a declared day replaces a holiday."""
    entries = {
        day: CalendarEntry(day, name, "holiday", False)
        for day, name in _statutory(year, _holiday_language()).items()
    }
    for row in CalendarDay.objects.filter(date__year=year):
        entries[row.date] = CalendarEntry(row.date, row.reason, row.kind, True)
    return [entries[day] for day in sorted(entries)]


def _validate(kind: str, reason: str) -> str:
    reason = (reason or "").strip()
    errors = {}
    if kind not in CalendarDayKind.values:
        errors["kind"] = _("Choose a day off or a make-up working day.")
    if not reason:
        errors["reason"] = _("Give the reason and its source, e.g. the decision that declares it.")
    elif len(reason) > CalendarDay._meta.get_field("reason").max_length:
        errors["reason"] = _("The reason is too long (at most 255 characters).")
    if errors:
        raise ValidationError(errors)
    return reason


def _create(actor, day: datetime.date, kind: str, reason: str) -> CalendarDay:
    if CalendarDay.objects.filter(date=day).exists():
        raise ValidationError(
            {
                "date": _("%(date)s is already declared; remove it first to change it.")
                % {"date": day.strftime("%d/%m/%Y")}
            }
        )
    row = CalendarDay.objects.create(date=day, kind=kind, reason=reason)
    audit.record("core.calendar_day.declare", row, after=audit.snapshot(row), actor=actor)
    invalidate(day.year)
    return row


def _delete(actor, row: CalendarDay) -> None:
    audit.record("core.calendar_day.remove", row, before=audit.snapshot(row), actor=actor)
    row.delete()
    invalidate(row.date.year)


def declare_calendar_day(user, day: datetime.date, kind: str, reason: str) -> CalendarDay:
    """Declare `day` a day off or a make-up working day (e.g. a Government decision)."""
    require(user, "core.manage_calendar")
    reason = _validate(kind, reason)
    with transaction.atomic():
        return _create(user, day, kind, reason)


def remove_calendar_day(user, day: datetime.date) -> None:
    """Remove a declared day; the date falls back to the statutory calendar."""
    require(user, "core.manage_calendar")
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(date=day).first()
        if row is None:
            raise ValidationError(
                {"date": _("%(date)s is not a declared day.") % {"date": day.strftime("%d/%m/%Y")}}
            )
        _delete(user, row)


@dataclass
class LoadResult:
    created: int = 0
    replaced: int = 0
    unchanged: int = 0


def _read_rows(path: Path) -> list[tuple[datetime.date, str, str]]:
    """Rows of a `date,kind,reason,source` CSV; every bad line is reported at once."""
    rows, errors = [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            try:
                day = datetime.date.fromisoformat((record.get("date") or "").strip())
            except ValueError:
                errors.append(_("line %(line)s: the date must be YYYY-MM-DD.") % {"line": line})
                continue
            parts = [(record.get(k) or "").strip() for k in ("reason", "source")]
            try:
                reason = _validate(
                    (record.get("kind") or "").strip(), " – ".join(filter(None, parts))
                )
            except ValidationError as exc:
                errors.extend(
                    _("line %(line)s: %(message)s") % {"line": line, "message": m}
                    for m in exc.messages
                )
                continue
            rows.append((day, record["kind"].strip(), reason))
    seen = [day for day, _kind, _reason in rows]
    errors.extend(
        _("%(date)s appears more than once.") % {"date": day}
        for day in sorted({d for d in seen if seen.count(d) > 1})
    )
    if errors:
        raise ValidationError(errors)
    return rows


def load_calendar_file(path: Path | str, *, user=None, replace: bool = False) -> LoadResult:
    """Declare the days listed in a CSV file; running it twice changes nothing the second time.

    `user=None` means the system (the management command); a user needs `core.manage_calendar`.
    A date already declared differently is a conflict: nothing changes unless `replace` is set.
    """
    if user is not None:
        require(user, "core.manage_calendar")
    path = Path(path)
    if not path.is_file():
        raise ValidationError(_("The file %(path)s does not exist.") % {"path": path})
    rows = _read_rows(path)
    result = LoadResult()
    with transaction.atomic():
        existing = {
            row.date: row
            for row in CalendarDay.objects.select_for_update().filter(
                date__in=[day for day, _kind, _reason in rows]
            )
        }
        conflicts = [
            day
            for day, kind, reason in rows
            if day in existing and (existing[day].kind, existing[day].reason) != (kind, reason)
        ]
        if conflicts and not replace:
            raise ValidationError(
                _("Already declared differently (use --replace to overwrite): %(dates)s")
                % {"dates": ", ".join(day.isoformat() for day in conflicts)}
            )
        for day, kind, reason in rows:
            if day in existing and day not in conflicts:
                result.unchanged += 1
                continue
            if day in existing:
                _delete(user, existing[day])
                result.replaced += 1
            else:
                result.created += 1
            _create(user, day, kind, reason)
    return result
