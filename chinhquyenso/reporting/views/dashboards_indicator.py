"""One indicator for a unit: its trend since the resolution, the units below compared, and where
every figure came from (which units entered it, or which module computed it and when)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .. import analytics, analytics_dashboard, charts
from ..analytics_lineage import entered_by
from ..analytics_sources import one_reading
from ..analytics_status import assess
from ..choices import TargetComparison
from ..exports import Sheet, respond
from ..models import Indicator
from ..periods import Period
from .dashboards import navigation, unit_in_scope


def _targets_for_chart(row, level: int | None) -> dict[int, float]:
    targets = [t for t in row.indicator.targets.all() if t.level == level]
    return {
        t.year: float(t.value)
        for t in targets
        if t.value is not None and t.comparison != TargetComparison.YES
    }


def trend_chart(row, unit, fmt: str = "svg"):
    labels = [item.period.id for item in row.series]
    lines = {unit.name: [item.value for item in row.series]}
    for line in row.levels:
        lines[line.label] = [item.value for item in line.series]
    level = None if any(t.level is None for t in row.indicator.targets.all()) else unit.level
    return charts.trend(
        row.indicator.name,
        labels,
        lines,
        _targets_for_chart(row, level),
        row.indicator.unit,
        fmt=fmt,
    )


def comparison_chart(indicator, values, period, fmt: str = "svg"):
    levels = {item.unit.level for item in values}
    level = levels.pop() if len(levels) == 1 else None
    targets = [t for t in indicator.targets.all() if t.level == level and t.value is not None]
    upcoming = next(
        (t for t in sorted(targets, key=lambda t: t.year) if t.year >= period.year), None
    )
    title = _("%(indicator)s — units below, %(period)s") % {
        "indicator": indicator.name,
        "period": period.label(),
    }
    bars = [(item.unit.name, item.value) for item in values]
    target = float(upcoming.value) if upcoming else None
    return charts.comparison(title, bars, target, indicator.unit, fmt=fmt)


def _period(request, row) -> Period:
    text = request.GET.get("period", "").strip()
    if text:
        return Period.parse(text)
    if row.latest is not None:
        return row.latest.period
    return row.series[-1].period


@login_required
def indicator_detail(request, code: str):
    unit = unit_in_scope(request)
    indicator = get_object_or_404(
        Indicator.objects.select_related("group").prefetch_related("targets"),
        code=code,
        is_active=True,
    )
    with one_reading():
        row = analytics_dashboard.rows(unit, [indicator])[0]
        try:
            period = _period(request, row)
        except ValidationError as exc:
            return HttpResponseBadRequest(" ".join(exc.messages))
        elements = analytics.referenced_elements([indicator])
        figures = analytics.element_figures(elements, [period], [unit])
        current = analytics.values_of(figures, [indicator], [period], [unit])
        current = current[(indicator.code, period.id, unit.pk)]
        children = analytics.children(unit)
        child_values = analytics.by_units(indicator, period, children) if children else []
    sheet = _sheet(row, unit, current, child_values)
    if request.GET.get("chart") == "comparison" and child_values:
        sheet.chart = lambda: comparison_chart(indicator, child_values, period, fmt="png")
    exported = respond(request, sheet)
    if exported is not None:
        return exported
    context = {
        **navigation(request, unit, {"period": request.GET.get("period", "")}),
        "row": row,
        "indicator": indicator,
        "period": period,
        "current": current,
        "current_text": analytics_dashboard.show(indicator, current.value),
        "trend_svg": trend_chart(row, unit),
        "comparison_svg": comparison_chart(indicator, child_values, period)
        if child_values
        else None,
        "children": [
            {
                "value": item,
                "text": analytics_dashboard.show(indicator, item.value),
                "assessment": assess(
                    item.value,
                    period,
                    [t for t in indicator.targets.all() if t.level in (None, item.unit.level)],
                ),
            }
            for item in child_values
        ],
        "series": [(item, analytics_dashboard.show(indicator, item.value)) for item in row.series],
        "computed": [
            (code, figures.computed[(unit.pk, period.id, code)])
            for code in analytics.referenced_codes(indicator)
            if (unit.pk, period.id, code) in figures.computed
        ],
        "entered": entered_by(elements, period, unit),
        "elements": elements,
    }
    return render(request, "reporting/dashboard_indicator.html", context)


def _sheet(row, unit, current, child_values) -> Sheet:
    indicator = row.indicator
    rows = [
        [f"{unit.name} — {item.period.label()}", item.value, item.numerator, item.denominator]
        for item in row.series
    ]
    rows += [
        [f"{item.unit.name} — {item.period.label()}", item.value, item.numerator, item.denominator]
        for item in child_values
    ]
    return Sheet(
        title=indicator.name,
        name=f"{indicator.code}-{unit.code}",
        header=[_("Unit and period"), _("Value"), _("Numerator"), _("Denominator")],
        rows=rows,
        subtitle=[
            f"{indicator.reference}".strip(),
            _("Numerator: %(n)s; denominator: %(d)s; factor %(f)s")
            % {"n": indicator.numerator, "d": indicator.denominator, "f": indicator.factor},
            _("Target 2025: %(t)s") % {"t": row.target_2025 or "—"},
            _("Target 2030: %(t)s") % {"t": row.target_2030 or "—"},
        ],
        chart=lambda: trend_chart(row, unit, fmt="png"),
    )
