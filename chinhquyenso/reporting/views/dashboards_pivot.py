"""The pivot table (indicators × periods × units) and the commune view (every commune of a unit
with its value, best first — a table, as the repository holds no commune boundaries for a map)."""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core.choices import UnitLevel

from .. import analytics, analytics_dashboard, charts
from ..analytics_sources import one_reading
from ..analytics_status import assess
from ..exports import Sheet, respond
from ..models import Indicator
from ..periods import Period
from .dashboards import navigation, unit_in_scope

MAX_CELLS = 5000
CHART_LINES = 8


def _periods(text: str) -> list[Period]:
    periods = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if part:
            period = Period.parse(part)
            if period not in periods:
                periods.append(period)
    if not periods:
        raise ValidationError(_("Choose at least one period."))
    return periods


def _default_periods() -> str:
    year = timezone.localdate().year
    return " ".join(str(y) for y in range(year - 2, year + 1))


@login_required
def pivot(request):
    unit = unit_in_scope(request)
    everything = analytics_dashboard.active_indicators()
    codes = request.GET.getlist("indicator")
    indicators = [i for i in everything if i.code in codes] if codes else everything
    periods_text = request.GET.get("periods", "").strip() or _default_periods()
    below = analytics.children(unit)
    chosen = set(request.GET.getlist("ou"))
    units = [unit] if not chosen or unit.code in chosen else []
    units += [child for child in below if child.code in chosen]
    errors = []
    try:
        periods = _periods(periods_text)
    except ValidationError as exc:
        periods, errors = [], exc.messages
    if codes and not indicators:
        errors.append(_("None of the chosen indicators exists."))
    cells = len(indicators) * len(periods) * len(units)
    if cells > MAX_CELLS:
        errors.append(
            _("The table would have %(cells)s cells; choose fewer (at most %(max)s).")
            % {"cells": cells, "max": MAX_CELLS}
        )
    values = {}
    if not errors and units:
        with one_reading():
            values = analytics.table(indicators, periods, units)
    sheet = _pivot_sheet(unit, indicators, periods, units, values)
    if not errors:
        exported = respond(request, sheet)
        if exported is not None:
            return exported
    context = {
        **navigation(request, unit),
        "indicators": everything,
        "chosen_indicators": {i.code for i in indicators},
        "periods_text": periods_text,
        "periods": periods,
        "below": below,
        "chosen_units": {u.code for u in units},
        "header": sheet.header,
        "rows": sheet.rows if not errors else [],
        "errors": errors,
        "query": request.GET.urlencode(),
    }
    return render(request, "reporting/dashboard_pivot.html", context, status=400 if errors else 200)


def _pivot_sheet(unit, indicators, periods, units, values) -> Sheet:
    rows = []
    for indicator in indicators:
        for member in units:
            cells = [values.get((indicator.code, p.id, member.pk)) for p in periods]
            rows.append(
                [indicator.name, member.name]
                + [analytics_dashboard.show(indicator, c.value) if c else "—" for c in cells]
            )

    def chart() -> bytes:
        first = indicators[0]
        lines = {
            member.name: [
                getattr(values.get((first.code, p.id, member.pk)), "value", None) for p in periods
            ]
            for member in units[:CHART_LINES]
        }
        return charts.trend(first.name, [p.id for p in periods], lines, unit=first.unit, fmt="png")

    return Sheet(
        title=_("Pivot table — %(unit)s") % {"unit": unit.name},
        name=f"pivot-{unit.code}",
        header=[_("Indicator"), _("Unit")] + [p.label() for p in periods],
        rows=rows,
        chart=chart if indicators and units and periods else None,
    )


def _commune_period(indicator, unit) -> Period:
    periods = analytics.recent_periods(indicator.periodicity, analytics_dashboard.SINCE_YEAR)
    series = analytics.series(indicator, periods, unit, level=UnitLevel.COMMUNE)
    latest = analytics.latest(series)
    return latest.period if latest else periods[-1]


@login_required
def communes(request):
    unit = unit_in_scope(request)
    everything = analytics_dashboard.active_indicators()
    code = request.GET.get("indicator") or (everything[0].code if everything else "")
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("targets"), code=code, is_active=True
    )
    errors = []
    with one_reading():
        try:
            text = request.GET.get("period", "").strip()
            period = Period.parse(text) if text else _commune_period(indicator, unit)
        except ValidationError as exc:
            errors, period = exc.messages, _commune_period(indicator, unit)
        members = analytics.units_of_level(unit, UnitLevel.COMMUNE)
        values = analytics.by_units(indicator, period, members) if members else []
    targets = [t for t in indicator.targets.all() if t.level in (None, UnitLevel.COMMUNE)]
    ranked = sorted(values, key=lambda v: (v.value is None, -(v.value or 0), v.unit.name))
    rows = [
        {
            "rank": index + 1 if item.value is not None else None,
            "value": item,
            "text": analytics_dashboard.show(indicator, item.value),
            "assessment": assess(item.value, period, targets),
        }
        for index, item in enumerate(ranked)
    ]
    sheet = Sheet(
        title=_("%(indicator)s — communes of %(unit)s, %(period)s")
        % {"indicator": indicator.name, "unit": unit.name, "period": period.label()},
        name=f"{indicator.code}-communes-{unit.code}-{period.id}",
        header=[_("Rank"), _("Commune"), _("Value"), _("Status")],
        rows=[[r["rank"], r["value"].unit.name, r["text"], r["assessment"].label] for r in rows],
        chart=(
            lambda: charts.comparison(
                sheet.title, [(r["value"].unit.name, r["value"].value) for r in rows], fmt="png"
            )
        )
        if rows
        else None,
    )
    if not errors:
        exported = respond(request, sheet)
        if exported is not None:
            return exported
    context = {
        **navigation(request, unit, {"indicator": indicator.code, "period": period.id}),
        "indicators": everything,
        "indicator": indicator,
        "period": period,
        "rows": rows,
        "errors": errors,
        "chart_svg": charts.comparison(
            sheet.title, [(r["value"].unit.name, r["value"].value) for r in rows]
        )
        if rows
        else None,
    }
    return render(
        request, "reporting/dashboard_communes.html", context, status=400 if errors else 200
    )
