"""Load N service dossiers (default 100,000) into a PostgreSQL bench database by SQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_services \
        .venv/bin/python -m bench.services.generate 100000

120 agencies over the three levels (a third without an administrative unit, i.e. province level),
12 procedures of all online levels, dossiers received over 2025–2026 through the three channels in
every status, 12 % of returned dossiers late, walk-ins mostly digitised, signed results, fees paid
online or at the counter, ratings on a third of returned dossiers and warehouse reuse on one in ten.
"""

import os
import sys
import time

from bench.eoffice.setup import django_setup

AGENCIES = 120
PROCEDURES = 12
PREFIX = "Bench services agency "


def _setup_rows():
    """Agencies, procedures, a citizen, a stored file and a warehouse item, made once."""
    from django.core.management import call_command
    from django.db import connection

    from chinhquyenso.core.models import StoredFile, User
    from chinhquyenso.services.choices import OnlineLevel, WarehouseSource
    from chinhquyenso.services.models import (
        Procedure,
        ProcedureField,
        ProcessingStep,
        RequiredDocument,
        WarehouseDocumentType,
        WarehouseItem,
    )

    call_command("import_admin_units", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    with connection.cursor() as cursor:
        # Electronic identifiers 000.ZZ.7Y.H48 stay clear of the demo agencies' ones.
        cursor.execute(
            """
            INSERT INTO core_agency (name, name_folded, short_name, notation_abbr, electronic_id,
                                     kind, administrative_unit_id, parent_id, email, phone,
                                     address, valid_from, valid_to)
            SELECT %s || g, lower(%s) || g, '', 'UBND',
                   '000.' || lpad((g %% 100)::text, 2, '0') || '.' || (70 + g / 100) || '.H48',
                   'state',
                   CASE WHEN g %% 3 = 0 THEN NULL
                        ELSE (SELECT id FROM core_administrativeunit
                              WHERE level = 2 + g %% 3 - 1 ORDER BY id
                              OFFSET (g / 3) %% 12 LIMIT 1) END,
                   NULL, '', '', '', NULL, NULL
            FROM generate_series(1, %s) AS g
            WHERE NOT EXISTS (SELECT 1 FROM core_agency WHERE name = %s || g)
            """,
            [PREFIX, PREFIX, AGENCIES, PREFIX],
        )
    from chinhquyenso.core.models import Agency

    agencies = list(Agency.objects.filter(name__startswith=PREFIX).order_by("id"))
    field, _ = ProcedureField.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    levels = [OnlineLevel.FULL, OnlineLevel.PARTIAL, OnlineLevel.NONE]
    for k in range(PROCEDURES):
        code = f"BENCH.{k:03d}"
        complete = k % 4 != 3  # one in four lacks its legal basis: publicity below 100 %
        proc, created = Procedure.objects.get_or_create(
            code=code,
            defaults={
                "name": f"Thủ tục bench {k}",
                "field": field,
                "level": 3,
                "implementing_body": "UBND",
                "online_level": levels[k % 3],
                "processing_days": 3 + k % 10,
                "fee_amount": 0 if k % 2 else 50000,
                "fee_text": "Miễn phí" if k % 2 else "50.000 đồng",
                "legal_basis": "Nghị định 61/2018/NĐ-CP" if complete else "",
                "result_type": "Giấy chứng nhận",
                "form_schema": {"type": "object", "properties": {"ho_ten": {"type": "string"}}},
            },
        )
        if created:
            proc.agencies.set(agencies[k % 3 :: 3] if k % 2 else agencies)
            RequiredDocument.objects.create(procedure=proc, order=1, name="Tờ khai")
            ProcessingStep.objects.create(
                procedure=proc, order=1, name="Giải quyết", role="specialist", time_share=100
            )
    citizen = User.objects.get(username="congdan")
    stored, _ = StoredFile.objects.get_or_create(
        sha256="b" * 64,
        defaults={"size": 1, "mime_type": "application/pdf", "extension": "pdf",
                  "original_name": "bench.pdf", "storage_name": "bench/" + "b" * 64},
    )  # fmt: skip
    kind, _ = WarehouseDocumentType.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    item, _ = WarehouseItem.objects.get_or_create(
        owner=citizen, doc_type=kind, title="Bench", file=stored,
        defaults={"source": WarehouseSource.UPLOADED},
    )  # fmt: skip
    procedures = list(
        Procedure.objects.filter(code__startswith="BENCH.").values_list("pk", flat=True)
    )
    return [a.pk for a in agencies], procedures, citizen.pk, stored.pk, item.pk


def generate(n: int) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database.")
    agencies, procedures, citizen, stored, item = _setup_rows()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM services_servicedossier")
        offset = cursor.fetchone()[0]
        # h spreads the mixes independently of one another; d is the day of receipt.
        cursor.execute(
            """
            WITH base AS (
                SELECT g, (g * 7919) %% 1000 AS h,
                       make_timestamptz(2025 + g %% 2, 1 + (g / 2) %% 12, 1 + (g / 24) %% 28,
                                        8 + g %% 9, (g %% 60), 0, 'Asia/Ho_Chi_Minh') AS d,
                       (%s::int[])[1 + g %% %s] AS agency, (%s::int[])[1 + (g / 7) %% %s] AS proc
                FROM generate_series(%s, %s) AS g
            ), mixed AS (
                SELECT *, CASE WHEN h < 600 THEN 'online' WHEN h < 930 THEN 'counter'
                               ELSE 'post' END AS channel,
                       CASE WHEN (g / 3) %% 100 < 70 THEN 'returned'
                            WHEN (g / 3) %% 100 < 80 THEN 'processing'
                            WHEN (g / 3) %% 100 < 85 THEN 'awaiting_approval'
                            WHEN (g / 3) %% 100 < 88 THEN 'supplement'
                            WHEN (g / 3) %% 100 < 91 THEN 'refused'
                            WHEN (g / 3) %% 100 < 95 THEN 'result_ready'
                            ELSE 'submitted' END AS status,
                       3 + g %% 13 AS days
                FROM base
            )
            INSERT INTO services_servicedossier (
                code, procedure_id, agency_id, applicant_id, applicant_name, applicant_id_number,
                applicant_phone, applicant_email, applicant_address, channel, form_data, status,
                idempotency_key, submitted_at, received_at, received_by_id, due_date,
                clock_stopped_at, completed_at, refusal_reason, digitised, result_file_id,
                result_signed, created_at, updated_at)
            SELECT 'BENCH-' || g, proc, agency, %s, 'Nguyễn Văn An', '051085006789', '', '', '',
                   channel, '{}'::jsonb, status, '', d,
                   CASE WHEN status = 'submitted' THEN NULL ELSE d END, NULL,
                   CASE WHEN status = 'submitted' THEN NULL
                        ELSE (d AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + days END,
                   NULL,
                   -- 12 %% returned late by one to five days, the rest one to three days early
                   CASE WHEN status = 'returned'
                        THEN d + interval '1 day' * (days + CASE WHEN h %% 25 < 3 THEN 1 + h %% 5
                                                                ELSE -(1 + h %% 3) END)
                        ELSE NULL END,
                   CASE WHEN status = 'refused' THEN 'Không đủ điều kiện' ELSE '' END,
                   channel <> 'online' AND h %% 10 < 7,
                   CASE WHEN status = 'returned' THEN %s ELSE NULL END,
                   status = 'returned' AND h %% 5 < 3, d, d
            FROM mixed
            """,
            [agencies, len(agencies), procedures, len(procedures), offset + 1, offset + n,
             citizen, stored],
        )  # fmt: skip
        cursor.execute(
            """
            INSERT INTO services_payment (dossier_id, amount, provider, status, reference, online,
                                          confirmed_by_id, created_at, paid_at)
            SELECT d.id, p.fee_amount, CASE WHEN d.id %% 10 < 6 THEN 'vnpay' ELSE 'cash' END,
                   CASE WHEN d.id %% 50 = 0 THEN 'failed' ELSE 'paid' END, 'B' || d.id,
                   d.id %% 10 < 6, NULL, d.received_at, d.received_at + interval '1 hour'
            FROM services_servicedossier d JOIN services_procedure p ON p.id = d.procedure_id
            WHERE d.id > %s AND p.fee_amount > 0 AND d.received_at IS NOT NULL
            """,
            [offset],
        )
        cursor.execute(
            """
            INSERT INTO services_rating (dossier_id, score, comment, created_at)
            SELECT id, CASE WHEN (id * 31) %% 100 < 8 THEN 1 + id %% 2
                            WHEN (id * 31) %% 100 < 20 THEN 3
                            WHEN (id * 31) %% 100 < 55 THEN 4 ELSE 5 END,
                   '', completed_at
            FROM services_servicedossier
            WHERE id > %s AND status = 'returned' AND id %% 3 = 0
            """,
            [offset],
        )
        cursor.execute(
            """
            INSERT INTO services_dossierattachment (dossier_id, required_document_id, name,
                                                    file_id, warehouse_item_id, added_by_id,
                                                    added_at)
            SELECT id, NULL, 'Giấy tờ dùng lại', %s, %s, applicant_id, received_at
            FROM services_servicedossier
            WHERE id > %s AND received_at IS NOT NULL AND id %% 10 = 0
            """,
            [stored, item, offset],
        )
        # VACUUM as well: otherwise autovacuum processes the freshly loaded tables during the
        # first measurements (minutes of background load on 2 cores).
        cursor.execute("VACUUM ANALYZE")
    print(f"loaded {n} dossiers in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    django_setup()
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_N", "100000")))
