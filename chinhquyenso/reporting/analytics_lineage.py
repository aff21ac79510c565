"""Where an entered figure came from: which units' values are in it, how many, when last saved
and by whom (automatic figures carry their own lineage from the provider)."""

import dataclasses
import datetime
from collections.abc import Sequence

from django.db.models import Count, Max

from .analytics_sql import contained
from .choices import AggregationType, ValueSource
from .models import DataElement, DataValue, OrgUnit
from .periods import Period


@dataclasses.dataclass(frozen=True)
class Contribution:
    unit_code: str
    unit_name: str
    values: int
    last_saved: datetime.datetime


@dataclasses.dataclass(frozen=True)
class EnteredLineage:
    element: DataElement
    units: int
    last_saved: datetime.datetime | None
    contributions: list[Contribution]


def entered_by(
    elements: Sequence[DataElement], period: Period, unit: OrgUnit, limit: int = 50
) -> list[EnteredLineage]:
    """For each entered element, the units under `unit` whose values of `period` (or of the
    periods inside it) are in the figure, the most recently saved first (at most `limit`)."""
    found = []
    ids = [p.id for p in contained(period)]
    for element in elements:
        if element.source == ValueSource.AUTOMATIC:
            continue
        values = DataValue.objects.filter(element=element, period__in=ids, number__isnull=False)
        if element.aggregation == AggregationType.NONE:
            values = values.filter(org_unit=unit)
        else:
            values = values.filter(org_unit__path__startswith=unit.path)
        summary = values.aggregate(units=Count("org_unit", distinct=True), last=Max("updated_at"))
        rows = (
            values.values("org_unit__code", "org_unit__name")
            .annotate(count=Count("id"), last=Max("updated_at"))
            .order_by("-last", "org_unit__name")[:limit]
        )
        found.append(
            EnteredLineage(
                element,
                summary["units"],
                summary["last"],
                [
                    Contribution(r["org_unit__code"], r["org_unit__name"], r["count"], r["last"])
                    for r in rows
                ],
            )
        )
    return found
