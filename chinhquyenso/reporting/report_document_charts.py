"""The charts of the report on the resolution, drawn by the dashboards' charts module as PNG: the
trend of the percentage indicators over the last half-years, and how far each indicator is from
its 2025 target."""

import decimal

from . import analytics, charts
from .choices import Periodicity
from .models import Indicator, OrgUnit
from .periods import Period

D = decimal.Decimal
TREND_LINES = 5


def _halves(period: Period, count: int = 4) -> list[Period]:
    last = period
    if period.periodicity != Periodicity.SIX_MONTHLY:
        last = Period(period.year, Periodicity.SIX_MONTHLY, 2)
    found = [last]
    while len(found) < count:
        found.insert(0, found[0].previous())
    return found


def _label(period: Period) -> str:
    return f"6T{period.index}/{period.year}"


def trend_chart(period: Period, unit: OrgUnit) -> tuple[str, bytes] | None:
    """Up to five percentage indicators over the last four half-years (those with figures)."""
    indicators = list(
        Indicator.objects.filter(is_active=True, unit="%").exclude(periodicity=Periodicity.YEARLY)
    ) + list(Indicator.objects.filter(is_active=True, unit="%", periodicity=Periodicity.YEARLY))
    halves = _halves(period)
    values = analytics.table(indicators, halves, [unit])
    lines = {}
    for indicator in indicators:
        series = [values[(indicator.code, p.id, unit.pk)].value for p in halves]
        if sum(v is not None for v in series) >= 2:
            lines[indicator.name[:60]] = series
        if len(lines) == TREND_LINES:
            break
    if not lines:
        return None
    caption = "Diễn biến một số chỉ tiêu tỷ lệ qua các kỳ 6 tháng (%)"
    png = charts.trend("", [_label(p) for p in halves], lines, unit="%", fmt="png")
    return caption, png


def target_chart(rows) -> tuple[str, bytes] | None:
    """Each indicator's value as a share of its 2025 target (100 = target reached)."""
    bars = []
    for row in rows:
        target = row.target_value_2025
        if row.value is None or not target:
            continue
        bars.append((row.name[:55], round(D(row.value) / D(target) * 100, 1)))
    if not bars:
        return None
    caption = "Mức độ đạt mục tiêu năm 2025 của các chỉ tiêu (%; 100 = đạt mục tiêu)"
    return caption, charts.comparison("", bars, target=100, unit="%", fmt="png")


def report_charts(period: Period, unit: OrgUnit, rows) -> list[tuple[str, bytes]]:
    found = [chart for chart in (trend_chart(period, unit), target_chart(rows)) if chart]
    return [(f"Biểu đồ {n}. {caption}", png) for n, (caption, png) in enumerate(found, start=1)]
