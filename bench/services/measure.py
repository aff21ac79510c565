"""Time the QĐ 766 indicators over the loaded dossiers and the online submission throughput.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_services \
        .venv/bin/python -m bench.services.measure [SEQUENTIAL] [CONCURRENT]

(a) The indicators of one year for the whole province (with the three levels) and per agency, as
the public API computes them; target ≤ 200 ms for the province. (b) Submissions through the
portal's services (start a draft, fill the e-form, submit) one after another in-process, then from
16 threads at once in this process, from the same 16 threads spread over BENCH_PROCESSES forked
processes (default: one per CPU) and in the shape `make run` serves with (2 processes × 4
threads, gunicorn's WORKERS × THREADS), all to one agency (one daily number series: the worst
case); then 2 × 4 with each applicant submitting to its own agency (commune).
The processes hand the interpreter lock around as the web workers do (gunicorn.conf.py). Target
≥ 100 per second. Dossier codes must stay unique.
"""

import os
import statistics
import sys
import threading
import time
import uuid

from bench.eoffice.setup import django_setup

THREADS = 16
SUBMIT_AGENCY_ID = "000.99.79.H48"
# The spread runs: the same procedure received by 16 agencies (communes), one per applicant.
SPREAD_AGENCY_IDS = [f"000.{k:02d}.78.H48" for k in range(THREADS)]


def measure_indicators(rounds: int = 10) -> dict:
    from chinhquyenso.services import indicators

    period = indicators.Period(2026)
    indicators.indicators(period, by_agency=True)  # warm the caches once
    timings: dict[str, list[float]] = {"province": [], "per_agency": [], "quarter": []}
    for _ in range(rounds):
        for name, call in (
            ("province", lambda: indicators.indicators(period)),
            ("per_agency", lambda: indicators.indicators(period, by_agency=True)),
            ("quarter", lambda: indicators.indicators(indicators.Period(2026, quarter=2))),
        ):
            start = time.perf_counter()
            call()
            timings[name].append((time.perf_counter() - start) * 1000)
    return {
        **{f"{k}_median_ms": round(statistics.median(v), 1) for k, v in timings.items()},
        **{f"{k}_max_ms": round(max(v), 1) for k, v in timings.items()},
    }


def _submit_setup(citizens: int):
    """A full-process procedure at one agency with a one-stop officer, and bench citizens."""
    from chinhquyenso.core.choices import AgencyKind, Role, UserKind
    from chinhquyenso.core.models import Agency, RoleAssignment, User
    from chinhquyenso.services.choices import OnlineLevel
    from chinhquyenso.services.models import Procedure, ProcedureField

    agency, _ = Agency.objects.get_or_create(
        electronic_id=SUBMIT_AGENCY_ID,
        defaults={"name": "Bench submit agency", "kind": AgencyKind.STATE},
    )
    officer, created = User.objects.get_or_create(
        username="bench-motcua", defaults={"agency": agency}
    )
    if created:
        RoleAssignment.objects.create(user=officer, role=Role.ONE_STOP_OFFICER, agency=agency)
    field, _ = ProcedureField.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    proc, created = Procedure.objects.get_or_create(
        code="BENCH.SUBMIT",
        defaults={
            "name": "Đăng ký khai sinh (bench)", "field": field, "level": 3,
            "implementing_body": "UBND cấp xã", "online_level": OnlineLevel.FULL,
            "processing_days": 3, "result_type": "Giấy khai sinh",
            "form_schema": {
                "type": "object", "required": ["ho_ten"],
                "properties": {"ho_ten": {"type": "string", "title": "Họ và tên"}},
            },
        },
    )  # fmt: skip
    if created:
        proc.agencies.set([agency])
    for electronic_id in SPREAD_AGENCY_IDS:
        other, _ = Agency.objects.get_or_create(
            electronic_id=electronic_id,
            defaults={"name": f"Bench commune {electronic_id}", "kind": AgencyKind.STATE},
        )
        proc.agencies.add(other)
    users = []
    for k in range(citizens):
        user, created = User.objects.get_or_create(
            username=f"bench-congdan-{k}",
            defaults={"kind": UserKind.CITIZEN, "citizen_id": f"0510850{k:05d}"},
        )
        if created:
            RoleAssignment.objects.create(user=user, role=Role.CITIZEN)
        users.append(user)
    return proc, agency, users


def _apply(user, proc, agency) -> None:
    from chinhquyenso.services import services

    draft = services.start_application(user, proc, agency)
    draft = services.save_form(user, draft, {"ho_ten": "Nguyễn Văn An"})
    services.submit(user, draft, uuid.uuid4().hex)


def _process_worker(args) -> int:
    """One forked process running its own threads, as a web worker serving requests would."""
    from django.db import connections

    from chinhquyenso.core.models import User
    from chinhquyenso.services.models import Procedure

    usernames, per_thread, spread = args
    from chinhquyenso.core.models import Agency

    proc = Procedure.objects.get(code="BENCH.SUBMIT")
    users = list(User.objects.filter(username__in=usernames).order_by("username"))
    if spread:  # each applicant to its own commune (by the number in its user name)
        ids = [SPREAD_AGENCY_IDS[int(u.username.rsplit("-", 1)[1])] for u in users]
        by_id = {a.electronic_id: a for a in Agency.objects.filter(electronic_id__in=ids)}
        agencies = [by_id[i] for i in ids]
    else:
        agencies = [Agency.objects.get(electronic_id=SUBMIT_AGENCY_ID)] * len(users)
    connections.close_all()

    def run(user, agency) -> None:
        try:
            for _ in range(per_thread):
                _apply(user, proc, agency)
        finally:
            connections.close_all()

    pairs = zip(users, agencies, strict=True)
    threads = [threading.Thread(target=run, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return per_thread * len(users)


def measure_submit_processes(
    total: int, processes: int, threads: int = THREADS, spread: bool = False
) -> dict:
    """`threads` applicants split over `processes` forked processes (Python threads share one
    interpreter lock, so one process cannot use more than one core for the ORM's work), all to
    one agency (every submission takes the same daily number series: the worst case) or with
    `spread` each to its own."""
    import multiprocessing

    from django.db import connections

    _submit_setup(threads)
    names = [f"bench-congdan-{k}" for k in range(threads)]
    per_process = threads // processes
    jobs = [(names[i * per_process : (i + 1) * per_process], total // threads, spread)
            for i in range(processes)]  # fmt: skip
    connections.close_all()
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        done = sum(pool.map(_process_worker, jobs))
    return {
        "processes": processes,
        "threads_each": per_process,
        "agencies": threads if spread else 1,
        "submitted": done,
        "per_s": round(done / (time.perf_counter() - start), 1),
    }


def measure_submit(sequential: int, concurrent: int) -> dict:
    from django.db import connection, connections

    from chinhquyenso.services.models import ServiceDossier

    proc, agency, users = _submit_setup(THREADS)
    before = ServiceDossier.objects.filter(procedure=proc).count()
    start = time.perf_counter()
    for _ in range(sequential):
        _apply(users[0], proc, agency)
    seq_rate = sequential / (time.perf_counter() - start)

    errors: list[str] = []
    share = concurrent // THREADS

    def worker(user) -> None:
        try:
            for _ in range(share):
                _apply(user, proc, agency)
        except Exception as exc:  # noqa: BLE001 — reported, the run goes on
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(u,)) for u in users]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conc_rate = share * THREADS / (time.perf_counter() - start)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT code) FROM services_servicedossier "
            "WHERE procedure_id = %s AND code <> ''",
            [proc.pk],
        )
        total, distinct = cursor.fetchone()
    return {
        "sequential": sequential,
        "sequential_per_s": round(seq_rate, 1),
        "concurrent": share * THREADS,
        "threads": THREADS,
        "concurrent_per_s": round(conc_rate, 1),
        "errors": errors[:5],
        "submitted_now": total - before,
        "codes_unique": total == distinct,
    }


if __name__ == "__main__":
    import runpy

    from bench.eoffice.setup import ROOT

    config = runpy.run_path(str(ROOT / "chinhquyenso/config/gunicorn.conf.py"))
    # As the web workers serve (chinhquyenso/config/gunicorn.conf.py): the interpreter lock is
    # handed between threads every 0.5 ms, not 5 ms, so a thread holding a row lock (the agency's
    # daily number, the audit chain head) gets back to its COMMIT without waiting behind others.
    sys.setswitchinterval(config["SWITCH_INTERVAL"])
    django_setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM services_servicedossier")
        print({"dossiers": cursor.fetchone()[0]})
    print(measure_indicators())
    sequential = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    concurrent = int(sys.argv[2]) if len(sys.argv) > 2 else 1600
    print(measure_submit(sequential, concurrent))
    processes = int(os.environ.get("BENCH_PROCESSES", str(os.cpu_count() or 2)))
    print(measure_submit_processes(concurrent, processes))
    print(measure_submit_processes(concurrent, 2, 8))  # make run's shape: 2 workers × 4 threads
    print(measure_submit_processes(concurrent, 2, 8, spread=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT code) FROM services_servicedossier WHERE code <> ''"
        )
        total, distinct = cursor.fetchone()
    print({"dossier_codes": total, "codes_unique": total == distinct, "cpus": os.cpu_count()})
