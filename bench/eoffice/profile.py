"""In-process cost of the e-office API: CPU per request, queries per request, optional cProfile.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_eoffice \
        .venv/bin/python -m bench.eoffice.profile [list|detail|search|register] [--cprofile]

Requests go through the whole Django stack (middleware, token authentication, Ninja) with the
test client, one after another in one thread, so the figures do not depend on the machine's load
the way wrk's do. Registration adds documents to the bench database (arrival year of today).
"""

import cProfile
import pstats
import sys
import time
import uuid

from bench.eoffice.cpu import cpu_seconds
from bench.eoffice.setup import django_setup

ROUNDS = {"list": 300, "detail": 600, "search": 200, "register": 300}


def _register_body() -> dict:
    return {
        "notation": f"{uuid.uuid4().int % 100000}/UBND-VX",
        "issuer": "Ủy ban nhân dân phường Cẩm Thành",
        "issued_date": "2026-11-20",
        "doc_type": "Công văn",
        "subject": "V/v báo cáo tình hình chuyển đổi số",
        "confirm_duplicate": "true",
    }


def main() -> None:
    django_setup()
    from django.db import connection
    from django.test import Client

    from chinhquyenso.core.models import User
    from chinhquyenso.eoffice.models import IncomingDocument
    from chinhquyenso.identity.tokens import issue_token

    which = [a for a in sys.argv[1:] if not a.startswith("--")] or list(ROUNDS)
    profile = "--cprofile" in sys.argv
    clerk = User.objects.get(username="vanthu")
    _token, clear = issue_token(clerk, "profile")
    detail_id = IncomingDocument.objects.order_by("-id").values_list("id", flat=True)[0]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_HOST="127.0.0.1")
    calls = {
        "list": lambda: client.get("/api/v1/eoffice/incoming?limit=50"),
        "search": lambda: client.get("/api/v1/eoffice/incoming?q=chuyen%20doi%20so&limit=20"),
        "detail": lambda: client.get(f"/api/v1/eoffice/incoming/{detail_id}"),
        "register": lambda: client.post("/api/v1/eoffice/incoming", _register_body()),
    }
    for name in which:
        call = calls[name]
        expected = 201 if name == "register" else 200
        for _ in range(10):  # warm up connections and caches
            response = call()
            assert response.status_code == expected, (response.status_code, response.content)
        queries: list[str] = []

        def count(execute, sql, params, many, context, seen=queries):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            call()
        rounds = ROUNDS[name]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0"
            )
            backend = cursor.fetchone()[0]
        db_cpu = cpu_seconds(backend) if backend else 0.0
        profiler = cProfile.Profile(time.process_time) if profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(rounds):
            call()
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        db_cpu = (cpu_seconds(backend) - db_cpu) if backend else 0.0
        print(f"{name:<9} {wall / rounds * 1000:6.2f} ms wall  {cpu / rounds * 1000:6.2f} ms CPU"
              f" + {db_cpu / rounds * 1000:5.2f} ms database  {len(queries)} queries")  # fmt: skip
        if profiler:
            stats = pstats.Stats(profiler)
            print(f"{stats.total_calls / rounds:.0f} Python function calls a request")
            stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
