"""Bulk-load N incoming documents (and their search rows) into a PostgreSQL bench database.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python -m bench.eoffice.generate 1000000

Rows are made in SQL from parallel arrays of Vietnamese phrases and their folded forms, so one
million documents load in minutes. The demo registry (agencies, users) is loaded first.
"""

import os
import sys
import time

from bench.eoffice.setup import django_setup

ACTIONS = [
    ("Về việc triển khai", "ve viec trien khai"),
    ("V/v báo cáo kết quả", "v v bao cao ket qua"),
    ("Về việc phê duyệt", "ve viec phe duyet"),
    ("V/v hướng dẫn thực hiện", "v v huong dan thuc hien"),
    ("Về việc tăng cường", "ve viec tang cuong"),
    ("V/v đề nghị góp ý dự thảo", "v v de nghi gop y du thao"),
    ("Về việc kiểm tra", "ve viec kiem tra"),
    ("V/v bố trí kinh phí", "v v bo tri kinh phi"),
]
TOPICS = [
    ("chuyển đổi số", "chuyen doi so"),
    ("cải cách hành chính", "cai cach hanh chinh"),
    ("phòng chống thiên tai", "phong chong thien tai"),
    ("xây dựng nông thôn mới", "xay dung nong thon moi"),
    ("dịch vụ công trực tuyến", "dich vu cong truc tuyen"),
    ("quản lý đất đai", "quan ly dat dai"),
    ("an toàn thông tin", "an toan thong tin"),
    ("giáo dục và đào tạo", "giao duc va dao tao"),
    ("y tế cơ sở", "y te co so"),
    ("đề án 06", "de an 06"),
    ("bảo vệ môi trường", "bao ve moi truong"),
    ("phát triển du lịch", "phat trien du lich"),
    ("sắp xếp đơn vị hành chính", "sap xep don vi hanh chinh"),
]
PLACES = [
    ("tỉnh Quảng Ngãi", "tinh quang ngai"),
    ("phường Cẩm Thành", "phuong cam thanh"),
    ("phường Nghĩa Lộ", "phuong nghia lo"),
    ("xã Bình Sơn", "xa binh son"),
    ("đặc khu Lý Sơn", "dac khu ly son"),
    ("xã Ba Tơ", "xa ba to"),
    ("xã Măng Đen", "xa mang den"),
    ("phường Kon Tum", "phuong kon tum"),
]
ISSUERS = [
    ("Sở Tài chính", "STC"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND"),
    ("Bộ Nội vụ", "BNV"),
    ("Ủy ban nhân dân phường Cẩm Thành", "UBND"),
    ("Sở Y tế", "SYT"),
]


def _array(values) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def generate(n: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from chinhquyenso.core.models import User
    from chinhquyenso.eoffice.models import DocumentType

    if connection.vendor != "postgresql":
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database.")
    call_command("import_admin_units", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    clerk = User.objects.get(username="vanthu")
    doc_type = DocumentType.objects.get(name="Công văn").pk
    a, t, p, i = ACTIONS, TOPICS, PLACES, ISSUERS
    subject = (
        f"({_array([x[0] for x in a])})[1 + g % {len(a)}] || ' ' || "
        f"({_array([x[0] for x in t])})[1 + (g / 7) % {len(t)}] || ' ' || "
        f"({_array([x[0] for x in p])})[1 + (g / 91) % {len(p)}] || ' năm ' || (2000 + g % 27)"
    )
    folded = (
        f"({_array([x[1] for x in a])})[1 + g % {len(a)}] || ' ' || "
        f"({_array([x[1] for x in t])})[1 + (g / 7) % {len(t)}] || ' ' || "
        f"({_array([x[1] for x in p])})[1 + (g / 91) % {len(p)}] || ' nam ' || (2000 + g % 27)"
    )
    issuer = f"({_array([x[0] for x in i])})[1 + (g / 3) % {len(i)}]"
    abbr = f"({_array([x[1] for x in i])})[1 + (g / 3) % {len(i)}]"
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(arrival_number), 0) FROM eoffice_incomingdocument")
        offset = cursor.fetchone()[0]
        cursor.execute("DROP INDEX IF EXISTS core_searchentry_vector")
        cursor.execute(
            f"""
            INSERT INTO eoffice_incomingdocument (
                agency_id, arrival_year, arrival_number, arrival_date, channel, issuer_name,
                notation_raw, notation_form, code_number, code_notation, notation_warnings,
                issued_date, doc_type_id, subject, signer, urgency, secrecy, pages, due_date,
                file_id, status, dossier, return_reason, registered_by_id, registered_at,
                updated_at, presented_to_id, completed_at)
            SELECT {int(clerk.agency_id)}, 2021 + (g / 200000)::int, g % 200000 + 1,
                   make_date(2021 + (g / 200000)::int, 1, 1) + (g % 200000) / 600,
                   'electronic', {issuer},
                   (g % 5000 + 1) || '/' || {abbr} || '-VP', 'state', g % 5000 + 1,
                   {abbr} || '-VP', '[]'::jsonb,
                   make_date(2021 + (g / 200000)::int, 1, 1) + (g % 200000) / 600,
                   {int(doc_type)}, {subject}, '',
                   (CASE WHEN g % 50 = 0 THEN 2 ELSE 0 END), 0, 1, NULL,
                   NULL, 'registered', '', '', {int(clerk.pk)}, now(), now(), NULL, NULL
            FROM generate_series({int(offset)}, {int(offset + n - 1)}) AS g
            """  # noqa: S608 - only integers and constant arrays are interpolated
        )
        cursor.execute(
            f"""
            INSERT INTO core_searchentry (object_type, object_id, content)
            SELECT 'eoffice.incoming', d.id::text,
                   regexp_replace(lower(d.notation_raw), '[^a-z0-9]+', ' ', 'g') || ' '
                   || {folded}
            FROM eoffice_incomingdocument d,
                 LATERAL (SELECT d.code_number + 0 AS g0) x,
                 LATERAL (SELECT (d.arrival_year - 2021) * 200000 + d.arrival_number - 1 AS g) y
            WHERE NOT EXISTS (SELECT 1 FROM core_searchentry s
                              WHERE s.object_type = 'eoffice.incoming'
                                AND s.object_id = d.id::text)
            """
        )
        cursor.execute(
            "CREATE INDEX core_searchentry_vector ON core_searchentry USING GIN (vector)"
        )
        # VACUUM as well: otherwise autovacuum processes the freshly loaded tables during the
        # first measurements (minutes of background load on 2 cores).
        cursor.execute("VACUUM ANALYZE")
    print(f"loaded {n} documents in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    django_setup()
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_N", "1000000")))
