"""The rows of the dashboard "Nghị quyết chuyển đổi số" (and of its API and exports): each indicator
with its series since the resolution, latest value, targets, status (per level where the targets
are per level) and where its figures came from."""

import dataclasses
import datetime
import decimal
from collections import defaultdict
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core.choices import UnitLevel

from . import analytics
from .analytics_sources import one_reading
from .analytics_status import Assessment, assess, worst
from .choices import TargetComparison, TargetStatus, ValueSource
from .models import Indicator, IndicatorTarget, OrgUnit
from .periods import Period

D = decimal.Decimal
# The resolution was adopted in 2023: its series start there (the baseline of "on track").
SINCE_YEAR = 2023
MILESTONES = (2025, 2030)
SYMBOLS = {
    TargetComparison.AT_LEAST: "≥",
    TargetComparison.MORE_THAN: ">",
    TargetComparison.AT_MOST: "≤",
    TargetComparison.ABOUT: "≈",
}
STATUS_CLASSES = {
    TargetStatus.MET: "status-met",
    TargetStatus.ON_TRACK: "status-on-track",
    TargetStatus.BEHIND: "status-behind",
    TargetStatus.NO_DATA: "status-no-data",
}


def is_yes_no(indicator: Indicator) -> bool:
    targets = list(indicator.targets.all())
    return bool(targets) and all(t.comparison == TargetComparison.YES for t in targets)


def show(indicator: Indicator, value: D | None) -> str:
    """A figure as people read it: "87,5 %", "Có"/"Chưa", "—"."""
    if value is None:
        return "—"
    if is_yes_no(indicator):
        return _("Yes") if value >= 1 else _("No")
    from django.utils.formats import number_format

    text = number_format(value, indicator.decimals, use_l10n=True, force_grouping=True)
    return f"{text} {indicator.unit}".strip()


def target_text(targets: Sequence[IndicatorTarget], indicator: Indicator) -> str:
    """ "≥ 90 %" or, per level, "tỉnh ≥ 90 %; huyện ≥ 80 %; xã ≥ 70 %"."""
    parts = []
    for target in sorted(targets, key=lambda t: t.level or 0):
        if target.comparison == TargetComparison.YES:
            text = _("achieved")
        else:
            number = show(indicator, target.value) if target.value is not None else "?"
            text = f"{SYMBOLS[target.comparison]} {number}"
        if target.level:
            text = f"{UnitLevel(target.level).label}: {text}"
        parts.append(text)
    return "; ".join(parts)


@dataclasses.dataclass
class LevelLine:
    indicator: Indicator
    level: int
    series: list[analytics.IndicatorValue]
    latest: analytics.IndicatorValue | None
    assessment: Assessment

    @property
    def label(self) -> str:
        return str(UnitLevel(self.level).label)

    @property
    def latest_text(self) -> str:
        return show(self.indicator, self.latest.value if self.latest else None)

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES.get(self.assessment.status, "")


@dataclasses.dataclass
class Row:
    indicator: Indicator
    series: list[analytics.IndicatorValue]
    latest: analytics.IndicatorValue | None
    assessment: Assessment
    levels: list[LevelLine]
    # Lineage of the latest figure's automatic elements: (element code, lineage dict).
    computed: list[tuple[str, dict]]

    @property
    def status(self) -> str | None:
        return self.assessment.status

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES.get(self.status, "")

    @property
    def latest_text(self) -> str:
        return show(self.indicator, self.latest.value if self.latest else None)

    @property
    def target_2025(self) -> str:
        return self.target_label(2025)

    @property
    def target_2030(self) -> str:
        return self.target_label(2030)

    @property
    def automatic(self) -> bool:
        return self.indicator.source == ValueSource.AUTOMATIC

    def targets(self, year: int) -> list[IndicatorTarget]:
        return [t for t in self.indicator.targets.all() if t.year == year]

    def target_label(self, year: int) -> str:
        return target_text(self.targets(year), self.indicator)

    @property
    def lineage_text(self) -> str:
        if not self.computed:
            return _("Entered by the reporting units; see the indicator's page for who and when.")
        lines = []
        for code, lineage in self.computed:
            line = f"{code}: {lineage.get('module', '')} — {lineage.get('query', '')}"
            if lineage.get("frozen"):
                line += " " + _("(frozen when the report was submitted)")
            lines.append(line)
        return "\n".join(lines)


def active_indicators(codes: Sequence[str] | None = None) -> list[Indicator]:
    qs = (
        Indicator.objects.filter(is_active=True)
        .select_related("group")
        .prefetch_related("targets")
        .order_by("group__sort_order", "group__code", "sort_order", "code")
    )
    if codes:
        qs = qs.filter(code__in=codes)
    return list(qs)


def _baseline(series, latest) -> tuple[Period, D] | None:
    for item in series:
        if item.value is not None and item.period < latest.period:
            return item.period, item.value
    return None


def _assessed(series, targets) -> tuple[analytics.IndicatorValue | None, Assessment]:
    latest = analytics.latest(series)
    if latest is None:
        return None, assess(None, None, targets)
    return latest, assess(latest.value, latest.period, targets, _baseline(series, latest))


def rows(
    unit: OrgUnit,
    indicators: Sequence[Indicator] | None = None,
    today: datetime.date | None = None,
) -> list[Row]:
    """Every indicator for `unit`: series since 2023 in its periodicity, status, levels."""
    indicators = list(indicators) if indicators is not None else active_indicators()
    today = today or timezone.localdate()
    by_periodicity: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_periodicity[indicator.periodicity].append(indicator)
    found: dict[str, Row] = {}
    with one_reading():
        for periodicity, group in by_periodicity.items():
            periods = analytics.recent_periods(periodicity, SINCE_YEAR, today)
            figures = analytics.element_figures(
                analytics.referenced_elements(group), periods, [unit]
            )
            values = analytics.values_of(figures, group, periods, [unit])
            level_values = _level_values(group, periods, unit)
            for indicator in group:
                found[indicator.code] = _row(
                    indicator, periods, unit, values, level_values, figures
                )
    return [found[i.code] for i in indicators]


def _level_values(group, periods, unit) -> dict[int, dict]:
    levels = sorted(
        {t.level for i in group for t in i.targets.all() if t.level and t.level >= unit.level}
    )
    result = {}
    for level in levels:
        with_level = [i for i in group if any(t.level == level for t in i.targets.all())]
        result[level] = analytics.table(with_level, periods, [unit], level=level)
    return result


def _row(indicator, periods, unit, values, level_values, figures) -> Row:
    series = [values[(indicator.code, p.id, unit.pk)] for p in periods]
    targets = list(indicator.targets.all())
    whole = [t for t in targets if t.level is None]
    latest, assessment = _assessed(series, whole)
    levels = []
    for level, table in level_values.items():
        if (indicator.code, periods[0].id, unit.pk) not in table:
            continue
        own = [t for t in targets if t.level == level]
        level_series = [table[(indicator.code, p.id, unit.pk)] for p in periods]
        level_latest, level_assessment = _assessed(level_series, own)
        levels.append(LevelLine(indicator, level, level_series, level_latest, level_assessment))
    if not whole and levels:
        statuses = [line.assessment.status for line in levels]
        assessment = Assessment(worst(statuses) or TargetStatus.NO_DATA)
    computed = []
    # Where the latest figure came from (or, without any, the figure of the current period).
    shown = latest.period if latest is not None else periods[-1]
    for code in analytics.referenced_codes(indicator):
        lineage = figures.computed.get((unit.pk, shown.id, code))
        if lineage:
            computed.append((code, lineage))
    return Row(indicator, series, latest, assessment, levels, computed)
