"""KPI query time over N closed work dossiers on PostgreSQL (default 1,000,000).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python -m bench.eoffice.kpi 1000000

Rows are inserted by SQL: 500 agencies over the three levels, one approved plan per agency and
year (2024–2027), one entry and one closed dossier per row, one filed document per dossier (2 % of
them secret, so the secret-exclusion subquery has work to do). Then the KPI of one year is timed,
per level and per agency, as the API computes it.
"""

import os
import statistics
import sys
import time

from bench.eoffice.setup import django_setup

AGENCIES = 500
YEARS = (2024, 2025, 2026, 2027)


def _documents(clerk) -> tuple[int, int]:
    """An ordinary and a secret incoming document, registered once through the service."""
    import datetime

    from chinhquyenso.eoffice import services
    from chinhquyenso.eoffice.models import IncomingDocument

    ids = []
    for secrecy, notation in ((0, "1/BENCH"), (1, "2/BENCH")):
        found = IncomingDocument.objects.filter(notation_raw=notation).first()
        if found is None:
            data = services.IncomingData(
                issuer_name="Sở Nội vụ", notation=notation, issued_date=datetime.date(2026, 1, 5),
                doc_type="Công văn", subject="Bench", arrival_date=datetime.date(2026, 1, 6),
                secrecy=secrecy,
            )  # fmt: skip
            found = services.register_incoming(clerk, clerk.agency, data)
        ids.append(found.pk)
    return ids[0], ids[1]


def generate(n: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from chinhquyenso.core.models import User

    if connection.vendor != "postgresql":
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database.")
    call_command("import_admin_units", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    clerk = User.objects.get(username="vanthu")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # Agencies: a third at province level (no unit), the rest on district and commune units.
        cursor.execute(
            """
            INSERT INTO core_agency (name, name_folded, short_name, notation_abbr, electronic_id,
                                     kind, administrative_unit_id, parent_id, email, phone,
                                     address, valid_from, valid_to)
            SELECT 'Bench agency ' || g, 'bench agency ' || g, '', 'BA', NULL, 'state',
                   CASE WHEN g %% 3 = 0 THEN NULL
                        ELSE (SELECT id FROM core_administrativeunit
                              WHERE level = 2 + g %% 3 - 1 ORDER BY id
                              OFFSET g %% 50 LIMIT 1) END,
                   NULL, '', '', '', NULL, NULL
            FROM generate_series(1, %s) AS g
            WHERE NOT EXISTS (SELECT 1 FROM core_agency WHERE name = 'Bench agency ' || g)
            """,
            [AGENCIES],
        )
        cursor.execute(
            """
            INSERT INTO eoffice_fileplan (agency_id, year, approved_by_id, approved_at)
            SELECT a.id, y, %s, now()
            FROM core_agency a CROSS JOIN unnest(%s::int[]) AS y
            WHERE a.name LIKE 'Bench agency %%'
            ON CONFLICT DO NOTHING
            """,
            [clerk.pk, list(YEARS)],
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM eoffice_fileplanentry")
        offset = cursor.fetchone()[0]
        cursor.execute(
            """
            WITH plans AS (SELECT id, year, row_number() OVER (ORDER BY id) - 1 AS k,
                                  count(*) OVER () AS total
                           FROM eoffice_fileplan WHERE agency_id IN
                               (SELECT id FROM core_agency WHERE name LIKE 'Bench agency %%'))
            INSERT INTO eoffice_fileplanentry (plan_id, department_id, notation, title,
                                              retention_years, responsible_id, construction)
            SELECT p.id, NULL, lpad(((g / p.total) + 1)::text, 2, '0') || '.B' || g, 'Hồ sơ ' || g,
                   CASE WHEN g %% 4 = 0 THEN NULL ELSE 10 END, NULL, g %% 20 = 0
            FROM generate_series(%s, %s) AS g
            JOIN plans p ON p.k = g %% p.total
            """,
            [offset, offset + n - 1],
        )
        cursor.execute(
            """
            INSERT INTO eoffice_workdossier (entry_id, title, status, opened_by_id, opened_at,
                                             closed_at, processed_online, handover_due,
                                             handed_over_at)
            SELECT e.id, e.title, 'closed', %s, now(),
                   make_timestamptz(p.year, (1 + e.id %% 12)::int, (1 + e.id %% 28)::int, 9, 0, 0),
                   (e.id / 7) %% 10 <> 0,
                   make_date(p.year + 1, (1 + e.id %% 12)::int, (1 + e.id %% 28)::int), NULL
            FROM eoffice_fileplanentry e JOIN eoffice_fileplan p ON p.id = e.plan_id
            WHERE e.id > %s
            """,
            [clerk.pk, offset],
        )
        # One filed document per dossier; every 50th is a secret one (left out of the KPI).
        normal, secret = _documents(clerk)
        cursor.execute(
            """
            INSERT INTO eoffice_dossieritem (dossier_id, incoming_id, outgoing_id, added_by_id,
                                             added_at)
            SELECT d.id, CASE WHEN (d.id / 3) %% 50 = 0 THEN %s ELSE %s END, NULL, %s, now()
            FROM eoffice_workdossier d JOIN eoffice_fileplanentry e ON e.id = d.entry_id
            WHERE e.id > %s
            """,
            [secret, normal, clerk.pk, offset],
        )
        cursor.execute("ANALYZE")
    print(f"loaded {n} dossiers in {time.perf_counter() - start:.0f} s")


def measure(rounds: int = 10) -> dict:
    from django.db import connection

    from chinhquyenso.eoffice import kpi

    period = kpi.Period(2026)
    kpi.online_processing(period, by_agency=True)  # warm the caches once
    timings = {"levels": [], "levels_and_agencies": []}
    for _ in range(rounds):
        start = time.perf_counter()
        kpi.online_processing(period)
        timings["levels"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        kpi.online_processing(period, by_agency=True)
        timings["levels_and_agencies"].append((time.perf_counter() - start) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM eoffice_workdossier")
        total = cursor.fetchone()[0]
    return {
        "dossiers": total,
        **{f"{k}_median_ms": round(statistics.median(v), 1) for k, v in timings.items()},
        **{f"{k}_max_ms": round(max(v), 1) for k, v in timings.items()},
    }


if __name__ == "__main__":
    django_setup()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_N", "1000000"))
    if n:
        generate(n)
    print(measure())
