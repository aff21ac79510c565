"""Time the reporting analytics over the values loaded by bench.reporting.generate.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reporting \
        .venv/bin/python -m bench.reporting.measure [ROUNDS]

(a) The province roll-up of one indicator for the year 2026, read from the 6,000,000 values: a
summed indicator (BENCH_SHARE), a stock summed as the latest value per unit
(NQ_FIBRE_HOUSEHOLDS) and a yes/no share averaged over units (NQ_FIBRE_COMMUNES); target ≤ 1 s.
(b) The same indicator for the 99 districts at once and for the communes' level.
(c) The dashboard page "Nghị quyết chuyển đổi số" and GET /api/v1/reporting/indicators for the
province leader through Django's test client, in process: p50 and p95.
"""

import statistics
import sys
import time

from bench.eoffice.setup import django_setup


def _timed(call, rounds: int) -> dict:
    call()  # warm caches and connections once
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(timings[-1], 1),
    }


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    django_setup()
    from django.conf import settings
    from django.test import Client

    from chinhquyenso.core.models import User
    from chinhquyenso.reporting import analytics
    from chinhquyenso.reporting.models import Indicator, OrgUnit
    from chinhquyenso.reporting.periods import Period

    from .generate import LEADER, ROOT_CODE

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render {% static %}: read the files as they are, no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    root = OrgUnit.objects.get(code=ROOT_CODE)
    year = Period.parse("2026")
    districts = analytics.children(root)
    results = {}
    for code in ("BENCH_SHARE", "NQ_FIBRE_HOUSEHOLDS", "NQ_FIBRE_COMMUNES"):
        indicator = Indicator.objects.get(code=code)
        value = analytics.indicator_value(indicator, year, root).value
        results[f"{code} province 2026 (= {value})"] = _timed(
            lambda i=indicator: analytics.indicator_value(i, year, root), rounds
        )
        print(list(results.items())[-1], flush=True)
    share = Indicator.objects.get(code="BENCH_SHARE")
    results["BENCH_SHARE for 99 districts"] = _timed(
        lambda: analytics.by_units(share, year, districts), rounds
    )
    results["BENCH_SHARE, commune level of the province"] = _timed(
        lambda: analytics.indicator_value(share, year, root, level=3), rounds
    )
    client = Client()
    client.force_login(User.objects.get(username=LEADER))
    for name, url in (
        ("dashboard page", "/reporting/dashboard/"),
        ("API /reporting/indicators", "/api/v1/reporting/indicators"),
    ):

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        results[name] = _timed(get, max(5, rounds // 2))
    for name, timing in results.items():
        print(f"{name:<55} {timing}")


if __name__ == "__main__":
    main()
