"""Public JSON API of the QĐ 766 citizen-service index under /api/v1/services/ (aggregates only)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from . import indicators

router = Router(tags=["online public services: indicators"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class PeriodOut(Schema):
    year: int
    quarter: int | None
    month: int | None
    start: datetime.date
    end: datetime.date


class RatioDefOut(Schema):
    key: str
    label: str
    weight: int


class GroupOut(Schema):
    key: str
    label: str
    points: int
    ratios: list[RatioDefOut]


class ScoreOut(Schema):
    counts: dict[str, int]
    ratios: dict[str, float | None]
    average_rating: float | None
    points: dict[str, float | None]
    total: float | None
    total_max: int
    index: float | None


class LevelOut(ScoreOut):
    level: int
    level_label: str


class AgencyOut(LevelOut):
    agency_id: int
    agency: str


class IndicatorsOut(Schema):
    period: PeriodOut
    groups: list[GroupOut]
    province: ScoreOut
    levels: list[LevelOut]
    agencies: list[AgencyOut] | None


class IndicatorsQuery(Schema):
    year: int | None = None
    quarter: int | None = None
    month: int | None = None
    by: str = "level"


@router.get(
    "/indicators",
    auth=None,
    response={200: IndicatorsOut, 422: ErrorOut},
    summary="QĐ 766 citizen-service index: the province, each level, each agency",
)
def service_indicators(request, query: Query[IndicatorsQuery]):
    """Public, as the province publishes the index: counts and ratios only, never a person."""
    if query.by not in {"level", "agency"}:
        raise ValidationError({"by": [_("Group by level (default) or agency.")]})
    period = indicators.Period.parse(query.year, query.quarter, query.month)
    return indicators.indicators(period, by_agency=query.by == "agency")
