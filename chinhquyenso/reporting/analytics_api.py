"""The DHIS2-like analytics query behind GET /api/v1/reporting/analytics: data (indicators,
elements or element cells) × periods × units, read at request time, returned as rows."""

import decimal
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import analytics
from .analytics_sources import one_reading
from .choices import Periodicity
from .models import DataElement, Indicator, OrgUnit
from .periods import Period

MAX_CELLS = 20000
LEVEL = re.compile(r"^LEVEL-([123])$")


def _items(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(";") if item.strip()]


def parse_periods(text: str) -> list[Period]:
    """Period identifiers, or THIS_YEAR, LAST_YEAR, LAST_5_YEARS (the five before this one)."""
    year = timezone.localdate().year
    relative = {
        "THIS_YEAR": [year],
        "LAST_YEAR": [year - 1],
        "LAST_5_YEARS": list(range(year - 5, year)),
    }
    periods: list[Period] = []
    for item in _items(text):
        try:
            found = (
                [Period(y, Periodicity.YEARLY, 0) for y in relative[item.upper()]]
                if item.upper() in relative
                else [Period.parse(item)]
            )
        except ValidationError as exc:
            raise ValidationError({"pe": exc.messages}) from exc
        periods += [p for p in found if p not in periods]
    if not periods:
        raise ValidationError({"pe": [_("Give at least one period in pe.")]})
    return periods


def parse_units(text: str | None, unit_for: Callable) -> list[OrgUnit]:
    """Unit codes; LEVEL-n or CHILDREN replace them by their units of that level or children."""
    items = _items(text)
    modifiers = [i.upper() for i in items if LEVEL.match(i.upper()) or i.upper() == "CHILDREN"]
    boundaries = [unit_for(code) for code in items if code.upper() not in modifiers] or [
        unit_for(None)
    ]
    if not modifiers:
        units = boundaries
    else:
        units = []
        for boundary in boundaries:
            for modifier in modifiers:
                level = LEVEL.match(modifier)
                units += (
                    analytics.units_of_level(boundary, int(level.group(1)))
                    if level
                    else analytics.children(boundary)
                )
    unique: dict[int, OrgUnit] = {}
    for unit in units:
        unique.setdefault(unit.pk, unit)
    return list(unique.values())


def parse_data(text: str) -> list[tuple[str, Indicator | DataElement]]:
    """(dx item, its indicator or element) in the order asked."""
    items = _items(text)
    if not items:
        raise ValidationError({"dx": [_("Give at least one indicator or data element in dx.")]})
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=items, is_active=True).prefetch_related(
            "targets"
        )
    }
    elements = {
        e.code: e for e in DataElement.objects.filter(code__in=[i.split(".")[0] for i in items])
    }
    found, unknown = [], []
    for item in items:
        target = indicators.get(item) or elements.get(item.split(".")[0])
        if target is None:
            unknown.append(item)
        else:
            found.append((item, target))
    if unknown:
        message = _("Unknown indicators or data elements: %(codes)s.")
        raise ValidationError({"dx": [message % {"codes": ", ".join(unknown)}]})
    return found


def _text(value: decimal.Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def analytics_rows(dx: str, pe: str, ou: str | None, unit_for: Callable) -> dict:
    """Rows [dx, pe, ou, value] (empty values left out, as DHIS2 does); `unit_for(code)` finds a
    unit the caller may view (or the highest one for None)."""
    data = parse_data(dx)
    periods = parse_periods(pe)
    units = parse_units(ou, unit_for)
    cells = len(data) * len(periods) * len(units)
    if cells > MAX_CELLS:
        raise ValidationError(
            _("The query asks for %(cells)s values; at most %(max)s at a time.")
            % {"cells": cells, "max": MAX_CELLS}
        )
    indicators = [t for _item, t in data if isinstance(t, Indicator)]
    elements = list({t.pk: t for _item, t in data if isinstance(t, DataElement)}.values())
    with one_reading():
        values = analytics.table(indicators, periods, units) if indicators else {}
        figures = analytics.element_figures(elements, periods, units) if elements else None
    rows = []
    for item, target in data:
        for period in periods:
            for unit in units:
                if isinstance(target, Indicator):
                    # Rounded to the indicator's decimals, which the text keeps ("70.0").
                    value = values[(target.code, period.id, unit.pk)].value
                    text = None if value is None else format(value, "f")
                else:
                    value = figures.of(unit, period).get(item)
                    text = None if value is None else _text(value)
                if text is not None:
                    rows.append([item, period.id, unit.code, text])
    names = {item: target.name for item, target in data}
    names |= {p.id: p.label() for p in periods}
    names |= {u.code: u.name for u in units}
    return {
        "headers": [
            {"name": "dx", "column": _("Data")},
            {"name": "pe", "column": _("Period")},
            {"name": "ou", "column": _("Reporting unit")},
            {"name": "value", "column": _("Value")},
        ],
        "metaData": {
            "items": {key: {"name": name} for key, name in names.items()},
            "dimensions": {
                "dx": [item for item, _t in data],
                "pe": [p.id for p in periods],
                "ou": [u.code for u in units],
            },
        },
        "rows": rows,
        "height": len(rows),
        "width": 4,
    }
