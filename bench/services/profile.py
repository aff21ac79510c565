"""Where one online submission spends its time: queries per step and a cProfile of the rest.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_services \
        .venv/bin/python -m bench.services.profile [ROUNDS] [--sql]

Runs ROUNDS submissions (draft → e-form → submit) as `measure` does, prints the queries of each
step of the last one (all of them with --sql) and the functions with the most cumulative time.
"""

import cProfile
import pstats
import sys
import time
import uuid

from bench.eoffice.setup import django_setup


def main(rounds: int, show_sql: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.services.measure import _apply, _submit_setup
    from chinhquyenso.services import services

    proc, agency, users = _submit_setup(16)
    user = users[0]
    for _ in range(20):  # warm the caches (permissions, calendar, compiled templates)
        _apply(user, proc, agency)
    steps = {}
    with CaptureQueriesContext(connection) as start_q:
        draft = services.start_application(user, proc, agency)
    with CaptureQueriesContext(connection) as form_q:
        draft = services.save_form(user, draft, {"ho_ten": "Nguyễn Văn An"})
    with CaptureQueriesContext(connection) as submit_q:
        services.submit(user, draft, uuid.uuid4().hex)
    steps = {"start": start_q, "form": form_q, "submit": submit_q}
    for name, captured in steps.items():
        print(f"{name}: {len(captured.captured_queries)} queries")
        if show_sql:
            for query in captured.captured_queries:
                print("   ", query["sql"][:220])
    print("total:", sum(len(c.captured_queries) for c in steps.values()), "queries")

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(rounds):
        _apply(user, proc, agency)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{rounds} submissions under the profiler: {elapsed / rounds * 1000:.1f} ms each")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(45)
    plain, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        _apply(user, proc, agency)
    wall = (time.perf_counter() - plain) / rounds * 1000
    python = (time.process_time() - cpu) / rounds * 1000
    print(f"{rounds} submissions without it: {wall:.1f} ms each, {python:.1f} ms of it Python CPU")


if __name__ == "__main__":
    django_setup()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 200, "--sql" in sys.argv)
