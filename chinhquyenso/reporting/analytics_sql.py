"""The roll-up query: stored values of some data elements, over a unit's subtree and the periods
inside each asked period, aggregated by the database (docs/reporting.md, "Analytics").

For each unit and disaggregation cell only one periodicity is used inside an asked period: the
coarsest one that has values there (a unit's yearly figure wins over its months, a six-monthly one
over its quarters), so cumulative reports are never added to the months they cover.
"""

import dataclasses
import decimal
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from .choices import AggregationType, Periodicity
from .models import DataValue, OrgUnit
from .periods import Period

# Coarseness of a stored period: the coarsest present inside an asked period is used.
GRAIN = {
    Periodicity.MONTHLY: 1,
    Periodicity.QUARTERLY: 2,
    Periodicity.SIX_MONTHLY: 3,
    Periodicity.NINE_MONTHLY: 4,
    Periodicity.YEARLY: 5,
}
# Elements whose figure per unit is its latest value (stocks, rates, yes/no) rather than a sum.
LATEST = (AggregationType.LAST, AggregationType.LAST_AVERAGE, AggregationType.NONE)
AVERAGED = (AggregationType.AVERAGE, AggregationType.LAST_AVERAGE)


def contained(period: Period) -> list[Period]:
    """Every period (of any periodicity) whose months lie inside `period`, itself included."""
    year = period.year
    candidates = (
        [Period(year, Periodicity.MONTHLY, m) for m in range(1, 13)]
        + [Period(year, Periodicity.QUARTERLY, q) for q in range(1, 5)]
        + [Period(year, Periodicity.SIX_MONTHLY, h) for h in (1, 2)]
        + [Period(year, Periodicity.NINE_MONTHLY, 9), Period(year, Periodicity.YEARLY, 0)]
    )
    return [p for p in candidates if period.contains(p)]


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which stored values count: those of the units under `roots` (paths), optionally only of
    one administrative level; `targets` are the units figures are wanted for (ids)."""

    roots: tuple[str, ...]
    targets: tuple[int, ...]
    level: int | None = None

    @classmethod
    def of(cls, units: Iterable[OrgUnit], level: int | None = None) -> "Scope":
        units = list(units)
        roots: list[str] = []
        for path in sorted(u.path for u in units):
            if not roots or not path.startswith(roots[-1]):
                roots.append(path)
        return cls(tuple(roots), tuple(u.pk for u in units), level)


@dataclasses.dataclass
class Sums:
    total: decimal.Decimal = decimal.Decimal(0)
    count: int = 0

    def add(self, total, count: int) -> None:
        self.total += _decimal(total)
        self.count += int(count or 0)


# (target unit id, bucket index) → (element id, option combo id) → Sums
Result = dict[tuple[int, int], dict[tuple[int, int], Sums]]


def _decimal(value) -> decimal.Decimal:
    if value is None:
        return decimal.Decimal(0)
    if isinstance(value, decimal.Decimal):
        return value
    return decimal.Decimal(str(value))


def _single_root_everything(scope: Scope) -> bool:
    # The whole province asked for: no need to read the unit tree at all.
    if scope.level is not None or len(scope.roots) != 1 or scope.roots[0].count("/") != 2:
        return False
    return not OrgUnit.objects.filter(parent=None).exclude(path=scope.roots[0]).exists()


def _source(elements, none_ids, buckets, scope, per_unit: bool, params: list) -> str:
    """The eligible stored values with their bucket (asked period) and grain (periodicity)."""
    by_grain: dict[int, list[str]] = defaultdict(list)
    bucket_when, all_ids = [], []
    for index, bucket in enumerate(buckets):
        ids = []
        for inner in contained(bucket):
            by_grain[GRAIN[inner.periodicity]].append(inner.id)
            ids.append(inner.id)
        bucket_when.append(f"WHEN v.period IN ({', '.join(['%s'] * len(ids))}) THEN {index}")
        params.extend(ids)
        all_ids.extend(ids)
    grain_when = []
    for grain, ids in sorted(by_grain.items()):
        grain_when.append(f"WHEN v.period IN ({', '.join(['%s'] * len(ids))}) THEN {grain}")
        params.extend(ids)
    join = per_unit or not _single_root_everything(scope)
    where = [
        f"v.element_id IN ({', '.join(['%s'] * len(elements))})",
        f"v.period IN ({', '.join(['%s'] * len(all_ids))})",
        "v.period_start >= %s",
        "v.period_start <= %s",
        "v.number IS NOT NULL",
    ]
    params.extend(elements)
    params.extend(all_ids)
    params.extend([min(b.start for b in buckets), max(b.end for b in buckets)])
    if join:
        where.append("(" + " OR ".join(["u.path LIKE %s"] * len(scope.roots)) + ")")
        params.extend(f"{root}%" for root in scope.roots)
    if scope.level is not None:
        where.append("u.level = %s")
        params.append(scope.level)
    if none_ids and not per_unit:
        # Not-aggregated elements: only the asked unit's own values.
        where.append(
            f"(v.element_id NOT IN ({', '.join(['%s'] * len(none_ids))}) OR v.org_unit_id = %s)"
        )
        params.extend(none_ids)
        params.append(scope.targets[0])
    value_table = DataValue._meta.db_table
    unit_table = OrgUnit._meta.db_table
    return (
        "SELECT v.element_id, v.option_combo_id, v.org_unit_id, v.number, v.period_start, "
        + ("u.path AS path, " if per_unit else "")
        + f"CASE {' '.join(bucket_when)} END AS bucket, "
        + f"CASE {' '.join(grain_when)} END AS grain "
        + f"FROM {value_table} v "
        + (f"JOIN {unit_table} u ON u.id = v.org_unit_id " if join else "")
        + "WHERE "
        + " AND ".join(where)
    )


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _summed(elements, buckets, scope, per_unit) -> list[tuple]:
    """SUM and AVERAGE elements: per unit, the values of its coarsest periodicity."""
    params: list = []
    source = _source(elements, (), buckets, scope, per_unit, params)
    unit = ", org_unit_id, path" if per_unit else ""
    # Only column names and integers of ours are formatted in; every value is a bound parameter.
    sql = (
        f"SELECT element_id, option_combo_id, bucket{unit}, SUM(s), SUM(c) FROM ("  # noqa: S608
        " SELECT g.*, MAX(grain) OVER"
        " (PARTITION BY element_id, option_combo_id, org_unit_id, bucket) AS top FROM ("
        f"  SELECT element_id, option_combo_id, org_unit_id{', path' if per_unit else ''},"
        "   bucket, grain, SUM(number) AS s, COUNT(number) AS c"
        f"  FROM ({source}) e"
        f"  GROUP BY element_id, option_combo_id, org_unit_id{', path' if per_unit else ''},"
        "   bucket, grain"
        " ) g"
        ") t WHERE grain = top"
        f" GROUP BY element_id, option_combo_id, bucket{unit}"
    )
    return _run(sql, params)


def _latest(elements, none_ids, buckets, scope, per_unit) -> list[tuple]:
    """LAST, LAST_AVERAGE and NONE elements: per unit, its latest value in the period."""
    params: list = []
    source = _source(elements, none_ids, buckets, scope, per_unit, params)
    unit = ", org_unit_id, path" if per_unit else ""
    sql = (
        f"SELECT element_id, option_combo_id, bucket{unit}, SUM(number), COUNT(number)"  # noqa: S608
        " FROM ("
        " SELECT e.*, ROW_NUMBER() OVER (PARTITION BY element_id, option_combo_id, org_unit_id,"
        "  bucket ORDER BY grain DESC, period_start DESC) AS rn"
        f" FROM ({source}) e"
        ") t WHERE rn = 1"
        f" GROUP BY element_id, option_combo_id, bucket{unit}"
    )
    return _run(sql, params)


def rollup(aggregations: dict[int, str], buckets: list[Period], scope: Scope) -> Result:
    """Sums and counts per target unit, asked period and (element, cell).

    `aggregations` maps element ids to their AggregationType. With one target the database
    returns the final sums; with several, per-unit sums are folded into every target above them.
    """
    result: Result = defaultdict(lambda: defaultdict(Sums))
    if not aggregations or not buckets or not scope.targets:
        return result
    per_unit = len(scope.targets) > 1
    summed = [e for e, kind in aggregations.items() if kind not in LATEST]
    latest = [e for e, kind in aggregations.items() if kind in LATEST]
    none_ids = [e for e, kind in aggregations.items() if kind == AggregationType.NONE]
    rows = []
    if summed:
        rows += _summed(summed, buckets, scope, per_unit)
    if latest:
        rows += _latest(latest, none_ids, buckets, scope, per_unit)
    if not per_unit:
        for element, combo, bucket, total, count in rows:
            result[(scope.targets[0], bucket)][(element, combo)].add(total, count)
        return result
    targets = set(scope.targets)
    none = set(none_ids)
    for element, combo, bucket, unit_id, path, total, count in rows:
        for segment in path.strip("/").split("/"):
            target = int(segment)
            if target in targets and (element not in none or target == unit_id):
                result[(target, bucket)][(element, combo)].add(total, count)
    return result


def figure(sums: Sums | None, aggregation: str) -> decimal.Decimal | None:
    """The value of aggregated sums: a total, or an average for averaged elements."""
    if sums is None or sums.count == 0:
        return None
    if aggregation in AVERAGED:
        return sums.total / sums.count
    return sums.total
