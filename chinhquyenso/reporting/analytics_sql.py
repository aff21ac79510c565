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

from django.db import connection, transaction
from django.db.models import Q

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


# The periodicity of a stored period, read from its identifier.
GRAIN_SQL = (
    "CASE substr(v.period, 5, 1) WHEN 'Q' THEN 2 WHEN 'S' THEN 3 WHEN 'N' THEN 4"
    " ELSE CASE WHEN length(v.period) = 4 THEN 5 ELSE 1 END END"
)


def _bucket_sql(buckets: list[Period], params: list) -> str:
    """Which asked period (its index) a stored value falls in."""
    if len(buckets) == 1:
        return "0"
    if all(b.periodicity == Periodicity.YEARLY for b in buckets):
        params.extend(str(b.year) for b in buckets)
        whens = " ".join(f"WHEN %s THEN {i}" for i in range(len(buckets)))
        return f"CASE substr(v.period, 1, 4) {whens} END"
    whens = []
    for index, bucket in enumerate(buckets):
        ids = [p.id for p in contained(bucket)]
        whens.append(f"WHEN v.period IN ({', '.join(['%s'] * len(ids))}) THEN {index}")
        params.extend(ids)
    return f"CASE {' '.join(whens)} END"


def _source(elements, buckets, scope, params: list, own: bool = False) -> str:
    """The eligible stored values with their bucket (asked period) and grain (periodicity);
    with `own`, only the target units' own values (elements that are not aggregated)."""
    bucket = _bucket_sql(buckets, params)
    all_ids = [p.id for b in buckets for p in contained(b)]
    join = scope.level is not None or not (own or _single_root_everything(scope))
    where = [f"v.element_id IN ({', '.join(['%s'] * len(elements))})"]
    params.extend(elements)
    if not all(b.periodicity == Periodicity.YEARLY for b in buckets):
        # Inside a year every period lies within it; a quarter must leave out the year's
        # and the six months' values that start on its first day.
        where.append(f"v.period IN ({', '.join(['%s'] * len(all_ids))})")
        params.extend(all_ids)
    elif len(buckets) > 1:
        where.append(f"substr(v.period, 1, 4) IN ({', '.join(['%s'] * len(buckets))})")
        params.extend(str(b.year) for b in buckets)
    where += ["v.period_start >= %s", "v.period_start <= %s", "v.number IS NOT NULL"]
    params.extend([min(b.start for b in buckets), max(b.end for b in buckets)])
    if own:
        where.append(f"v.org_unit_id IN ({', '.join(['%s'] * len(scope.targets))})")
        params.extend(scope.targets)
    elif join:
        where.append("(" + " OR ".join(["u.path LIKE %s"] * len(scope.roots)) + ")")
        params.extend(f"{root}%" for root in scope.roots)
    if scope.level is not None:
        where.append("u.level = %s")
        params.append(scope.level)
    value_table = DataValue._meta.db_table
    unit_table = OrgUnit._meta.db_table
    return (
        "SELECT v.element_id, v.option_combo_id, v.org_unit_id, v.number, v.period, "
        + f"{bucket} AS bucket, {GRAIN_SQL} AS grain "
        + f"FROM {value_table} v "
        + (f"JOIN {unit_table} u ON u.id = v.org_unit_id " if join else "")
        + "WHERE "
        + " AND ".join(where)
    )


def _run(sql: str, params: list) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Hash aggregates and sorts in memory, and no JIT compilation: compiling cost
            # PostgreSQL more than running these queries (docs/benchmarks.md, "Reporting").
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _by_period(elements, buckets, scope) -> list[tuple]:
    """Sums and counts per element, cell and stored period for the whole scope, grouped on the
    stored columns only (cheapest for the database); the asked period and the periodicity are
    read from the identifier here: (element, cell, bucket, grain, period, total, count)."""
    params: list = []
    source = _source(elements, buckets, scope, params)
    keys = "element_id, option_combo_id, period"
    sql = f"SELECT {keys}, SUM(number), COUNT(number) FROM ({source}) e GROUP BY {keys}"  # noqa: S608
    where = {p.id: (i, GRAIN[p.periodicity]) for i, b in enumerate(buckets) for p in contained(b)}
    return [
        (element, combo, *where[period], period, total, count)
        for element, combo, period, total, count in _run(sql, params)
        if period in where
    ]


def _grouped(elements, buckets, scope) -> list[tuple]:
    """Sums and counts per element, cell, asked period, periodicity and unit."""
    params: list = []
    source = _source(elements, buckets, scope, params)
    keys = "element_id, option_combo_id, bucket, grain, org_unit_id"
    sql = f"SELECT {keys}, SUM(number), COUNT(number) FROM ({source}) e GROUP BY {keys}"  # noqa: S608
    return _run(sql, params)


def _coarsest(rows) -> list[tuple]:
    """Per element, cell, asked period and unit, only the sums of the coarsest periodicity:
    (element, cell, bucket, unit, total, count)."""
    best: dict[tuple, tuple] = {}
    for element, combo, bucket, grain, unit_id, total, count in rows:
        key = (element, combo, bucket, unit_id)
        if key not in best or grain > best[key][0]:
            best[key] = (grain, total, count)
    return [(*key, total, count) for key, (_grain, total, count) in best.items()]


def _summed(elements, buckets, scope, per_unit) -> list[tuple]:
    """SUM and AVERAGE elements: per unit, the values of its coarsest periodicity.

    One grouped pass without the units first: where an element has a single periodicity in an
    asked period (the usual case) no unit can have two, and those sums are final. Only the
    elements with several periodicities are grouped again per unit."""
    if per_unit:
        return _coarsest(_grouped(elements, buckets, scope))
    sums: dict[tuple, Sums] = defaultdict(Sums)
    grains: dict[tuple, set] = defaultdict(set)
    for element, combo, bucket, grain, _period, total, count in _by_period(
        elements, buckets, scope
    ):
        sums[(element, combo, bucket)].add(total, count)
        grains[(element, combo, bucket)].add(grain)
    mixed = {key[0] for key, found in grains.items() if len(found) > 1}
    final = [
        (element, combo, bucket, None, found.total, found.count)
        for (element, combo, bucket), found in sums.items()
        if element not in mixed
    ]
    if mixed:
        final += _coarsest(_grouped(sorted(mixed), buckets, scope))
    return final


# Per unit the latest value wins: the largest key "grain, period, value" as text. Within one
# grain period identifiers of equal width sort in time (years padded: "202600"); the value only
# follows, and a unit has one value per period and cell. A hash aggregate, no sort.
LATEST_KEY = (
    "MAX(CAST(grain AS VARCHAR(1)) || substr(period || '00', 1, 6)"
    " || CAST(number AS VARCHAR(40)){collate})"
)


def _byte_order() -> str:
    # PostgreSQL compares text by the database's locale, which is far slower than bytes.
    return ' COLLATE "C"' if connection.vendor == "postgresql" else ""


def _latest_by_unit(elements, buckets, scope, per_unit, own: bool = False) -> list[tuple]:
    """LAST, LAST_AVERAGE and NONE elements: per unit, its latest value in the period (of its
    coarsest periodicity there): (element, cell, bucket, unit or None, total, count)."""
    params: list = []
    source = _source(elements, buckets, scope, params, own)
    unit = ", org_unit_id" if per_unit else ""
    sql = (
        f"SELECT element_id, option_combo_id, bucket{unit},"  # noqa: S608
        " SUM(CAST(substr(k, 8) AS NUMERIC)), COUNT(*) FROM ("
        " SELECT element_id, option_combo_id, org_unit_id, bucket,"
        f" {LATEST_KEY.format(collate=_byte_order())} AS k FROM ({source}) e"
        " GROUP BY element_id, option_combo_id, org_unit_id, bucket"
        ") t"
        f" GROUP BY element_id, option_combo_id, bucket{unit}"
    )
    rows = _run(sql, params)
    if per_unit:
        return rows
    return [(e, c, b, None, total, count) for e, c, b, total, count in rows]


def _last_periods(elements, bucket: Period, scope) -> dict[tuple, set[str]]:
    """(element, cell) → the set of each unit's last period inside `bucket` (elements with one
    periodicity there, so identifiers compare in time)."""
    params: list = []
    source = _source(elements, [bucket], scope, params)
    sql = (
        "SELECT element_id, option_combo_id, last FROM ("  # noqa: S608
        f" SELECT element_id, option_combo_id, org_unit_id, MAX(period{_byte_order()}) AS last"
        f" FROM ({source}) e GROUP BY element_id, option_combo_id, org_unit_id"
        ") t GROUP BY element_id, option_combo_id, last"
    )
    found: dict[tuple, set[str]] = defaultdict(set)
    for element, combo, last in _run(sql, params):
        found[(element, combo)].add(last)
    return found


def _latest(elements, buckets, scope) -> list[tuple]:
    """The latest value of every unit below one unit, summed, read period by period when that
    is exact: if an element has one periodicity in the asked period and every unit's last
    period there is the same, the figure is that period's sum. Otherwise unit by unit."""
    periods: dict[tuple, dict] = defaultdict(dict)
    for element, combo, bucket, grain, period, total, count in _by_period(elements, buckets, scope):
        periods[(element, combo, bucket)][(grain, period)] = (total, count)
    final, slow = [], set()
    candidates: dict[int, list[tuple]] = defaultdict(list)
    for key, found in periods.items():
        if len({grain for grain, _p in found}) > 1:
            slow.add(key[0])
        elif len(found) == 1:
            final.append((*key, None, *next(iter(found.values()))))
        else:
            candidates[key[2]].append(key)
    for bucket, keys in candidates.items():
        lasts = _last_periods(sorted({key[0] for key in keys}), buckets[bucket], scope)
        for key in keys:
            latest = max(periods[key])
            if lasts.get((key[0], key[1])) == {latest[1]}:
                final.append((*key, None, *periods[key][latest]))
            else:
                slow.add(key[0])
    if slow:
        final = [row for row in final if row[0] not in slow]
        final += _latest_by_unit(sorted(slow), buckets, scope, False)
    return final


def _paths(scope: Scope) -> dict[int, str]:
    """The tree paths of the units in scope, read once instead of joined to every value."""
    condition = Q()
    for root in scope.roots:
        condition |= Q(path__startswith=root)
    return dict(OrgUnit.objects.filter(condition).values_list("pk", "path"))


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
    none_ids = [e for e, kind in aggregations.items() if kind == AggregationType.NONE]
    latest = [e for e, kind in aggregations.items() if kind in LATEST and e not in none_ids]
    rows = []
    if summed:
        rows += _summed(summed, buckets, scope, per_unit)
    if latest and per_unit:
        rows += _latest_by_unit(latest, buckets, scope, True)
    elif latest:
        rows += _latest(latest, buckets, scope)
    if none_ids:
        rows += _latest_by_unit(none_ids, buckets, scope, per_unit, own=True)
    if not per_unit:
        for element, combo, bucket, _unit, total, count in rows:
            result[(scope.targets[0], bucket)][(element, combo)].add(total, count)
        return result
    targets = set(scope.targets)
    none = set(none_ids)
    paths = _paths(scope)
    for element, combo, bucket, unit_id, total, count in rows:
        for segment in paths[unit_id].strip("/").split("/"):
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
