"""Load the reporting benchmark into a PostgreSQL database by SQL: 10,000 reporting units × 50 data
elements × 12 months = 6,000,000 values.

    createdb -h 127.0.0.1 -U postgres bench_reporting
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reporting \
        .venv/bin/python -m bench.reporting.generate [UNITS]

The tree is one province, 99 districts and the communes under them (UNITS in all). The elements are
the resolution's 23 entered ones (load_resolution_indicators) and 27 bench elements summed by
month, with the bench indicator BENCH_SHARE = 100 × BENCH_02 ÷ BENCH_01; every element has a
value for every unit and month of 2026. A province leader (bench-lanhdao) views the whole tree.
"""

import sys
import time

from bench.eoffice.setup import django_setup

DISTRICTS = 99
ELEMENTS = 50
YEAR = 2026
ROOT_CODE = "BENCH-TINH"
LEADER = "bench-lanhdao"


def _tree(units: int) -> None:
    """Province, districts, communes: ids first, then paths in one UPDATE per level."""
    from django.db import connection

    from chinhquyenso.core.choices import AgencyKind, Role
    from chinhquyenso.core.models import Agency, RoleAssignment, User
    from chinhquyenso.reporting import services

    agency, _created = Agency.objects.get_or_create(
        electronic_id="000.00.00.B48",
        defaults={"name": "UBND tỉnh (bench)", "kind": AgencyKind.STATE},
    )
    root = services.save_org_unit(code=ROOT_CODE, name="Tỉnh (bench)", level=1, agency=agency)
    leader, created = User.objects.get_or_create(username=LEADER, defaults={"agency": agency})
    if created:
        RoleAssignment.objects.create(user=leader, role=Role.LEADER, agency=agency)
    communes = units - 1 - DISTRICTS
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO reporting_orgunit (code, name, name_folded, parent_id, path, depth, level,
                                           is_active)
            SELECT 'BENCH-H' || g, 'Huyện ' || g, 'huyen ' || g, %s, '', 1, 2, true
            FROM generate_series(1, %s) AS g
            """,
            [root.pk, DISTRICTS],
        )
        cursor.execute(
            "UPDATE reporting_orgunit SET path = %s || id || '/' WHERE parent_id = %s",
            [root.path, root.pk],
        )
        cursor.execute(
            """
            INSERT INTO reporting_orgunit (code, name, name_folded, parent_id, path, depth, level,
                                           is_active)
            SELECT 'BENCH-X' || g, 'Xã ' || g, 'xa ' || g, d.id, '', 2, 3, true
            FROM generate_series(1, %s) AS g
            JOIN reporting_orgunit d ON d.code = 'BENCH-H' || (1 + (g - 1) %% %s)
            """,
            [communes, DISTRICTS],
        )
        cursor.execute(
            """
            UPDATE reporting_orgunit c SET path = d.path || c.id || '/'
            FROM reporting_orgunit d
            WHERE c.parent_id = d.id AND c.code LIKE 'BENCH-X%%'
            """
        )


def _elements() -> list[int]:
    from chinhquyenso.reporting import services
    from chinhquyenso.reporting.analytics_resolution import load_resolution_indicators
    from chinhquyenso.reporting.choices import ValueSource
    from chinhquyenso.reporting.models import DataElement

    load_resolution_indicators()
    entered = list(DataElement.objects.filter(source=ValueSource.ENTERED).order_by("code"))
    for k in range(1, ELEMENTS - len(entered) + 1):
        services.save_data_element(
            services.ElementData(code=f"BENCH_{k:02d}", name=f"Chỉ tiêu bench {k}")
        )
    services.save_indicator(
        services.IndicatorData(
            code="BENCH_SHARE",
            name="Tỷ lệ bench",
            numerator="#{BENCH_02}",
            denominator="#{BENCH_01}",
            factor=100,
            unit="%",
            group_code="BENCH",
            group_name="Bench",
        )
    )
    ids = list(
        DataElement.objects.filter(source=ValueSource.ENTERED)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    assert len(ids) == ELEMENTS, len(ids)
    return ids


def _values(element_ids: list[int]) -> None:
    """One INSERT … SELECT per element: every unit × 12 months; yes/no elements get 0 or 1."""
    from django.db import connection

    from chinhquyenso.reporting import services

    cell = services.default_option_combo().pk
    with connection.cursor() as cursor:
        for index, element in enumerate(element_ids, 1):
            cursor.execute(
                """
                INSERT INTO reporting_datavalue (element_id, option_combo_id, org_unit_id, period,
                    period_start, value, number, comment, created_at, updated_at)
                SELECT e.id, %s, u.id, %s || lpad(m::text, 2, '0'), make_date(%s, m, 1),
                       n::text, n, '', now(), now()
                FROM reporting_dataelement e
                CROSS JOIN reporting_orgunit u
                CROSS JOIN generate_series(1, 12) AS m
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN e.value_type = 'boolean' THEN (u.id + m) %% 2
                                ELSE 1 + (u.id * 31 + e.id * 17 + m * 7) %% 97 END AS n
                ) AS v
                WHERE e.id = %s AND u.path LIKE %s
                """,
                [cell, str(YEAR), YEAR, element, f"/{_root_id()}/%"],
            )
            print(f"  element {index}/{len(element_ids)}", flush=True)


def _root_id() -> int:
    from chinhquyenso.reporting.models import OrgUnit

    return OrgUnit.objects.get(code=ROOT_CODE).pk


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    django_setup()
    from django.db import connection

    from chinhquyenso.reporting.models import OrgUnit

    if OrgUnit.objects.filter(code=ROOT_CODE).exists():
        sys.exit("Already loaded: drop and recreate the bench database first.")
    start = time.perf_counter()
    _tree(units)
    ids = _elements()
    print(f"tree and metadata: {time.perf_counter() - start:.1f} s", flush=True)
    _values(ids)
    with connection.cursor() as cursor:
        # Index-only scans need the visibility map that autovacuum would set later.
        cursor.execute("VACUUM ANALYZE reporting_datavalue")
        cursor.execute("ANALYZE reporting_orgunit")
        cursor.execute("SELECT count(*) FROM reporting_datavalue")
        count = cursor.fetchone()[0]
    print(f"{count:,} values in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
