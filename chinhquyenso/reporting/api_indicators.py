"""Indicators and analytics API under /api/v1/reporting/: every indicator with its 2025 and 2030
targets, latest value, period and status; one indicator with its series; and a DHIS2-like
analytics query (dx × pe × ou → rows). Figures are computed at request time; reporting.view over
the unit's subtree is required."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from . import analytics_dashboard, services
from .analytics_api import analytics_rows
from .models import Indicator, OrgUnit

router = Router(tags=["reporting indicators and analytics"])
VIEW = "reporting.view"


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class TargetOut(Schema):
    year: int
    level: int | None
    comparison: str
    value: float | None
    text: str


class ValueOut(Schema):
    period: str
    period_label: str
    value: float | None
    numerator: float | None
    denominator: float | None


class LevelOut(Schema):
    level: int
    level_label: str
    latest: ValueOut | None
    status: str | None


class LineageOut(Schema):
    element: str
    module: str
    query: str
    computed_at: str | None
    frozen: bool


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    group: str | None
    reference: str
    source: str
    periodicity: str
    targets_2025: list[TargetOut]
    targets_2030: list[TargetOut]
    target_2025_text: str
    target_2030_text: str
    latest: ValueOut | None
    value: float | None
    period: str | None
    status: str | None
    status_label: str
    levels: list[LevelOut]
    lineage: list[LineageOut]


class IndicatorListOut(Schema):
    org_unit: str
    org_unit_name: str
    computed_at: datetime.datetime
    indicators: list[IndicatorOut]


class SeriesOut(IndicatorOut):
    series: list[ValueOut]
    level_series: dict[str, list[ValueOut]]


class UnitQuery(Schema):
    orgUnit: str | None = None  # noqa: N815 — the DHIS2 spelling


class AnalyticsQuery(Schema):
    dx: str
    pe: str
    ou: str | None = None


class HeaderOut(Schema):
    name: str
    column: str


class AnalyticsOut(Schema):
    headers: list[HeaderOut]
    metaData: dict  # noqa: N815 — the DHIS2 spelling
    rows: list[list[str]]
    height: int
    width: int


def unit_for(request, code: str | None) -> OrgUnit:
    """The asked unit (or the highest the user may view); 422 unknown, 403 outside the scope."""
    allowed = services.units_with_perm(request.user, VIEW)
    if not code:
        unit = allowed.order_by("depth", "name").first()
        if unit is None:
            raise PermissionDenied(_("No reporting unit is open to you."))
        return unit
    unit = allowed.filter(code=code).first()
    if unit is None:
        if OrgUnit.objects.filter(code=code).exists():
            raise PermissionDenied(
                _("You may not view the reporting unit “%(code)s”.") % {"code": code}
            )
        raise ValidationError(
            {"orgUnit": [_("There is no reporting unit “%(code)s”.") % {"code": code}]}
        )
    return unit


def _number(value) -> float | None:
    return None if value is None else float(value)


def _value(item) -> dict | None:
    if item is None:
        return None
    return {
        "period": item.period.id,
        "period_label": item.period.label(),
        "value": _number(item.value),
        "numerator": _number(item.numerator),
        "denominator": _number(item.denominator),
    }


def _target(target) -> dict:
    return {
        "year": target.year,
        "level": target.level,
        "comparison": target.comparison,
        "value": _number(target.value),
        "text": target.text,
    }


def _indicator(row) -> dict:
    indicator = row.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "group": indicator.group.name if indicator.group_id else None,
        "reference": indicator.reference,
        "source": indicator.source,
        "periodicity": indicator.periodicity,
        "targets_2025": [_target(t) for t in row.targets(2025)],
        "targets_2030": [_target(t) for t in row.targets(2030)],
        "target_2025_text": row.target_2025,
        "target_2030_text": row.target_2030,
        "latest": _value(row.latest),
        "value": _number(row.latest.value) if row.latest else None,
        "period": row.latest.period.id if row.latest else None,
        "status": row.status,
        "status_label": row.assessment.label,
        "levels": [
            {
                "level": line.level,
                "level_label": line.label,
                "latest": _value(line.latest),
                "status": line.assessment.status,
            }
            for line in row.levels
        ],
        "lineage": [
            {
                "element": code,
                "module": lineage.get("module", ""),
                "query": lineage.get("query", ""),
                "computed_at": lineage.get("computed_at"),
                "frozen": bool(lineage.get("frozen")),
            }
            for code, lineage in row.computed
        ],
    }


@router.get(
    "/indicators",
    response={200: IndicatorListOut, 403: ErrorOut, 422: ErrorOut},
    summary="Every indicator: targets 2025 and 2030, latest value, period and status",
)
def indicator_list(request, query: Query[UnitQuery]):
    """For `orgUnit` (a reporting unit's code; default: the highest one open to the caller) and
    everything below it."""
    unit = unit_for(request, query.orgUnit)
    return {
        "org_unit": unit.code,
        "org_unit_name": unit.name,
        "computed_at": timezone.now(),
        "indicators": [_indicator(row) for row in analytics_dashboard.rows(unit)],
    }


@router.get(
    "/indicators/{code}",
    response={200: SeriesOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One indicator with its series since 2023 (and per level)",
)
def indicator_detail(request, code: str, query: Query[UnitQuery]):
    unit = unit_for(request, query.orgUnit)
    indicator = get_object_or_404(
        Indicator.objects.select_related("group").prefetch_related("targets"),
        code=code,
        is_active=True,
    )
    row = analytics_dashboard.rows(unit, [indicator])[0]
    return {
        **_indicator(row),
        "series": [_value(item) for item in row.series],
        "level_series": {
            str(line.level): [_value(item) for item in line.series] for line in row.levels
        },
    }


@router.get(
    "/analytics",
    response={200: AnalyticsOut, 403: ErrorOut, 422: ErrorOut},
    summary="DHIS2-like analytics: dx (indicators or elements) × pe × ou → rows",
)
def analytics_query(request, query: Query[AnalyticsQuery]):
    """`dx`, `pe` and `ou` are lists separated by `;`. dx: indicator codes, data element codes
    or ELEMENT.CELL; pe: 2026, 2026S1, 2026Q3, 202611, THIS_YEAR, LAST_YEAR, LAST_5_YEARS;
    ou: unit codes, and LEVEL-n or CHILDREN to take the units of that level (or the children)
    under them. Rows are [dx, pe, ou, value] with the value as text, as DHIS2 gives it."""
    return analytics_rows(query.dx, query.pe, query.ou, lambda code: unit_for(request, code))
