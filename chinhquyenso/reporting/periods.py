"""Reporting periods: DHIS2-style identifiers and the data cut-off windows of Nghị định 09/2019.

Identifiers follow DHIS2 so that `dataValueSets` payloads carry over: ``202601`` (month),
``2026Q1`` (quarter), ``2026S1``/``2026S2`` (six months), ``2026`` (year). Nine months, which
DHIS2 lacks, is ``2026N9``. A period also knows its calendar months (for roll-up of monthly data)
and its cut-off window (Điều 12: a month runs from the 15th of the previous month to the 14th).
"""

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import Periodicity

_PATTERNS = (
    (re.compile(r"^(\d{4})(\d{2})$"), Periodicity.MONTHLY),
    (re.compile(r"^(\d{4})Q([1-4])$"), Periodicity.QUARTERLY),
    (re.compile(r"^(\d{4})S([12])$"), Periodicity.SIX_MONTHLY),
    (re.compile(r"^(\d{4})N(9)$"), Periodicity.NINE_MONTHLY),
    (re.compile(r"^(\d{4})()$"), Periodicity.YEARLY),
)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _day(year: int, month: int, day: int) -> datetime.date:
    # Month arithmetic that lets the cut-off start fall in the previous year (month 0 = December).
    if month <= 0:
        year, month = year - 1, month + 12
    return datetime.date(year, month, day)


@dataclasses.dataclass(frozen=True, order=True)
class Period:
    year: int
    periodicity: str
    # Month number, quarter number, half (1/2), 9 for nine months, 0 for a year.
    index: int

    @classmethod
    def parse(cls, value: str) -> "Period":
        text = (value or "").strip().upper()
        for pattern, periodicity in _PATTERNS:
            match = pattern.match(text)
            if not match:
                continue
            year = int(match.group(1))
            index = int(match.group(2) or 0)
            if not 2000 <= year <= 2100 or (
                periodicity == Periodicity.MONTHLY and not 1 <= index <= 12
            ):
                break
            return cls(year, periodicity, index)
        raise ValidationError(
            _(
                "“%(value)s” is not a reporting period"
                " (examples: 202601, 2026Q1, 2026S1, 2026N9, 2026)."
            )
            % {"value": value}
        )

    @classmethod
    def of(cls, periodicity: str, day: datetime.date) -> "Period":
        """The period of this periodicity whose calendar months contain `day`."""
        month = day.month
        index = {
            Periodicity.MONTHLY: month,
            Periodicity.QUARTERLY: (month - 1) // 3 + 1,
            Periodicity.SIX_MONTHLY: 1 if month <= 6 else 2,
            Periodicity.NINE_MONTHLY: 9,
            Periodicity.YEARLY: 0,
        }[periodicity]
        return cls(day.year, periodicity, index)

    @property
    def id(self) -> str:
        if self.periodicity == Periodicity.MONTHLY:
            return f"{self.year}{self.index:02d}"
        suffix = {
            Periodicity.QUARTERLY: f"Q{self.index}",
            Periodicity.SIX_MONTHLY: f"S{self.index}",
            Periodicity.NINE_MONTHLY: "N9",
            Periodicity.YEARLY: "",
        }[self.periodicity]
        return f"{self.year}{suffix}"

    def __str__(self) -> str:
        return self.id

    @property
    def months(self) -> tuple[int, int]:
        """First and last calendar month covered."""
        return {
            Periodicity.MONTHLY: (self.index, self.index),
            Periodicity.QUARTERLY: (3 * self.index - 2, 3 * self.index),
            Periodicity.SIX_MONTHLY: (6 * self.index - 5, 6 * self.index),
            Periodicity.NINE_MONTHLY: (1, 9),
            Periodicity.YEARLY: (1, 12),
        }[self.periodicity]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.months[0], 1)

    @property
    def end(self) -> datetime.date:
        last = self.months[1]
        following = datetime.date(self.year + (last == 12), last % 12 + 1, 1)
        return following - datetime.timedelta(days=1)

    @property
    def cutoff(self) -> tuple[datetime.date, datetime.date]:
        """Nghị định 09/2019 Điều 12: from the 15th of the month before the first month to the
        14th of the last month (a year: 15 December of the previous year to 14 December)."""
        first, last = self.months
        return _day(self.year, first - 1, 15), datetime.date(self.year, last, 14)

    def label(self) -> str:
        if self.periodicity == Periodicity.MONTHLY:
            return _("Month %(month)s/%(year)s") % {"month": self.index, "year": self.year}
        if self.periodicity == Periodicity.QUARTERLY:
            return _("Quarter %(quarter)s/%(year)s") % {
                "quarter": _ROMAN[self.index],
                "year": self.year,
            }
        if self.periodicity == Periodicity.SIX_MONTHLY:
            if self.index == 1:
                return _("First six months of %(year)s") % {"year": self.year}
            return _("Last six months of %(year)s") % {"year": self.year}
        if self.periodicity == Periodicity.NINE_MONTHLY:
            return _("Nine months of %(year)s") % {"year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    def monthly_ids(self) -> list[str]:
        first, last = self.months
        return [f"{self.year}{month:02d}" for month in range(first, last + 1)]

    def contains(self, other: "Period") -> bool:
        """Whether `other` lies inside this period's calendar months (a month in its quarter…)."""
        if other.year != self.year:
            return False
        first, last = self.months
        other_first, other_last = other.months
        return first <= other_first and other_last <= last

    def previous(self) -> "Period":
        if self.periodicity == Periodicity.YEARLY or self.periodicity == Periodicity.NINE_MONTHLY:
            return Period(self.year - 1, self.periodicity, self.index)
        count = {Periodicity.MONTHLY: 12, Periodicity.QUARTERLY: 4, Periodicity.SIX_MONTHLY: 2}
        if self.index == 1:
            return Period(self.year - 1, self.periodicity, count[self.periodicity])
        return Period(self.year, self.periodicity, self.index - 1)

    def next(self) -> "Period":
        if self.periodicity == Periodicity.YEARLY or self.periodicity == Periodicity.NINE_MONTHLY:
            return Period(self.year + 1, self.periodicity, self.index)
        count = {Periodicity.MONTHLY: 12, Periodicity.QUARTERLY: 4, Periodicity.SIX_MONTHLY: 2}
        if self.index == count[self.periodicity]:
            return Period(self.year + 1, self.periodicity, 1)
        return Period(self.year, self.periodicity, self.index + 1)


def periods_between(periodicity: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period of `periodicity` whose calendar months meet [first, last], oldest first."""
    period = Period.of(periodicity, first)
    found = []
    while period.start <= last:
        found.append(period)
        period = period.next()
    return found
