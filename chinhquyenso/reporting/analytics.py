"""Figures computed at read time from the stored values: element totals over a unit's subtree,
indicator values, series over periods and many units at once (docs/reporting.md, "Analytics").

Nothing is precomputed: a value saved a second ago is in the next figure. Automatic elements are
asked of their provider (sources.py) unless a submitted report froze them for that unit and period.
"""

import dataclasses
import datetime
import decimal
from collections.abc import Iterable, Sequence

from django.utils import timezone

from . import analytics_sql, expressions
from .analytics_sources import automatic_figure
from .choices import ValueSource
from .models import CategoryOptionCombo, DataElement, DataValue, Indicator, OrgUnit
from .periods import Period

D = decimal.Decimal


@dataclasses.dataclass
class Figures:
    """Element figures keyed like expression references ("CODE", "CODE.CELL") per unit and
    period, with the lineage of the automatic ones."""

    values: dict[tuple[int, str], dict[str, D]] = dataclasses.field(default_factory=dict)
    # (unit id, period id, element code) → {"module", "query", "computed_at"[, "frozen"]}
    computed: dict[tuple[int, str, str], dict] = dataclasses.field(default_factory=dict)

    def of(self, unit: OrgUnit, period: Period) -> dict[str, D]:
        return self.values.get((unit.pk, period.id), {})


@dataclasses.dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    period: Period
    unit: OrgUnit
    value: D | None
    numerator: D | None
    denominator: D | None
    level: int | None = None


def _elements(codes: Iterable[str]) -> dict[str, DataElement]:
    return {e.code: e for e in DataElement.objects.filter(code__in=set(codes))}


def element_figures(
    elements: Sequence[DataElement],
    periods: Sequence[Period],
    units: Sequence[OrgUnit],
    level: int | None = None,
) -> Figures:
    """Totals and cells of `elements` for every unit (its subtree) and period; with `level`,
    only the values of units of that administrative level inside each subtree count."""
    figures = Figures()
    for unit in units:
        for period in periods:
            figures.values[(unit.pk, period.id)] = {}
    entered = [e for e in elements if e.source != ValueSource.AUTOMATIC]
    automatic = [e for e in elements if e.source == ValueSource.AUTOMATIC]
    if entered and units and periods:
        _entered(figures, entered, periods, units, level)
    if automatic:
        _automatic(figures, automatic, periods, units, level)
    return figures


def _entered(figures: Figures, elements, periods, units, level) -> None:
    by_id = {e.pk: e for e in elements}
    scope = analytics_sql.Scope.of(units, level)
    result = analytics_sql.rollup({e.pk: e.aggregation for e in elements}, list(periods), scope)
    combo_ids = {combo for cells in result.values() for _e, combo in cells}
    cell_codes = dict(
        CategoryOptionCombo.objects.filter(pk__in=combo_ids).values_list("pk", "code")
    )
    for (unit_id, bucket), cells in result.items():
        target = figures.values[(unit_id, periods[bucket].id)]
        totals: dict[int, analytics_sql.Sums] = {}
        for (element_id, combo_id), sums in cells.items():
            element = by_id[element_id]
            value = analytics_sql.figure(sums, element.aggregation)
            if value is not None:
                target[f"{element.code}.{cell_codes[combo_id]}"] = value
            total = totals.setdefault(element_id, analytics_sql.Sums())
            total.add(sums.total, sums.count)
        for element_id, sums in totals.items():
            element = by_id[element_id]
            value = analytics_sql.figure(sums, element.aggregation)
            if value is not None:
                target[element.code] = value


def _automatic(figures: Figures, elements, periods, units, level) -> None:
    frozen = {}
    if level is None:
        # A submitted report froze the unit's automatic figures: they no longer change.
        rows = DataValue.objects.filter(
            element__in=elements,
            org_unit__in=units,
            period__in=[p.id for p in periods],
            number__isnull=False,
        ).values_list("element__code", "org_unit_id", "period", "number", "lineage")
        for code, unit_id, period_id, number, lineage in rows:
            frozen[(unit_id, period_id, code)] = (number, lineage)
    for unit in units:
        for period in periods:
            target = figures.values[(unit.pk, period.id)]
            for element in elements:
                key = (unit.pk, period.id, element.code)
                if key in frozen:
                    number, lineage = frozen[key]
                    target[element.code] = number
                    figures.computed[key] = {**(lineage or {}), "frozen": True}
                    continue
                figure = automatic_figure(element, period, unit, level)
                figures.computed[key] = figure.lineage()
                if figure.value is not None:
                    target[element.code] = figure.value


def _quantize(value: D, decimals: int) -> D:
    return value.quantize(D(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)


def evaluate(indicator: Indicator, values: dict[str, D]) -> tuple[D | None, D | None, D | None]:
    """(value, numerator, denominator): factor × numerator ÷ denominator, rounded to the
    indicator's decimals; None when a referenced figure is missing or the denominator is 0."""
    numerator = expressions.parse(indicator.numerator).evaluate(values)
    denominator = expressions.parse(indicator.denominator).evaluate(values)
    if numerator is None or denominator is None or denominator == 0:
        return None, numerator, denominator
    value = D(indicator.factor) * numerator / denominator
    return _quantize(value, indicator.decimals), numerator, denominator


def referenced_codes(indicator: Indicator) -> list[str]:
    """The data elements an indicator reads, in the order they appear."""
    codes: list[str] = []
    for text in (indicator.numerator, indicator.denominator):
        for ref in expressions.parse(text).references:
            if ref.element not in codes:
                codes.append(ref.element)
    return codes


def referenced_elements(indicators: Iterable[Indicator]) -> list[DataElement]:
    codes = {code for indicator in indicators for code in referenced_codes(indicator)}
    return list(_elements(codes).values())


def values_of(
    figures: Figures,
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    units: Sequence[OrgUnit],
    level: int | None = None,
) -> dict[tuple[str, str, int], IndicatorValue]:
    """Every indicator × period × unit evaluated over element figures already computed."""
    found = {}
    for unit in units:
        for period in periods:
            values = figures.of(unit, period)
            for indicator in indicators:
                value, numerator, denominator = evaluate(indicator, values)
                found[(indicator.code, period.id, unit.pk)] = IndicatorValue(
                    indicator, period, unit, value, numerator, denominator, level
                )
    return found


def table(
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    units: Sequence[OrgUnit],
    level: int | None = None,
) -> dict[tuple[str, str, int], IndicatorValue]:
    """Every indicator × period × unit, from one roll-up of the elements they reference."""
    figures = element_figures(referenced_elements(indicators), periods, units, level)
    return values_of(figures, indicators, periods, units, level)


def indicator_value(
    indicator: Indicator, period: Period, unit: OrgUnit, level: int | None = None
) -> IndicatorValue:
    return table([indicator], [period], [unit], level)[(indicator.code, period.id, unit.pk)]


def series(
    indicator: Indicator, periods: Sequence[Period], unit: OrgUnit, level: int | None = None
) -> list[IndicatorValue]:
    """The indicator over `periods` (oldest first) for one unit."""
    found = table([indicator], periods, [unit], level)
    return [found[(indicator.code, p.id, unit.pk)] for p in periods]


def by_units(
    indicator: Indicator, period: Period, units: Sequence[OrgUnit], level: int | None = None
) -> list[IndicatorValue]:
    """The indicator for several units (children of a unit, the communes of a province)."""
    found = table([indicator], [period], units, level)
    return [found[(indicator.code, period.id, u.pk)] for u in units]


def children(unit: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(parent=unit, is_active=True).order_by("name"))


def units_of_level(unit: OrgUnit, level: int) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(path__startswith=unit.path, level=level, is_active=True).order_by(
            "name"
        )
    )


def recent_periods(
    periodicity: str, since_year: int, until: datetime.date | None = None
) -> list[Period]:
    """Periods of `periodicity` from 1 January of `since_year` to the one containing `until`."""
    until = until or timezone.localdate()
    period = Period.of(periodicity, datetime.date(since_year, 1, 1))
    last = Period.of(periodicity, until)
    found = [period]
    while period != last and period.start < last.start:
        period = period.next()
        found.append(period)
    return found


def latest(values: Sequence[IndicatorValue]) -> IndicatorValue | None:
    """The most recent value that exists in a series (oldest first)."""
    for item in reversed(values):
        if item.value is not None:
            return item
    return None
