"""E-office at scale: search latency, list/detail API throughput, concurrent registration.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python -m bench.eoffice.measure

Needs the documents from bench.eoffice.generate and Debian's `wrk` (apt install wrk). The API is
served by gunicorn with 2 workers, as the Mayan EDMS figure it is compared with.
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.eoffice.cpu import ServerCpu
from bench.eoffice.setup import ROOT, django_setup

QUERIES = [
    "quang ngai chuyen doi so",
    "chuyen doi so",
    "cai cach hanh chinh phuong cam thanh",
    "de an 06",
    "an toan thong tin nam 2024",
    "ly son",
    "bao cao ket qua y te co so",
    "phong chong thien tai xa ba to",
    "kinh phi du lich",
    "sap xep don vi hanh chinh kon tum",
    "123/STC",
    "huong dan thuc hien giao duc",
]
PORT = int(os.environ.get("BENCH_PORT", "8765"))
# As `make run` serves (chinhquyenso/config/gunicorn.conf.py): 2 workers (the Mayan EDMS figure
# used 2), 4 threads each.
THREADS = os.environ.get("BENCH_THREADS", "4")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure_search(rounds: int = 20) -> dict:
    from chinhquyenso.core.services import search

    for query in QUERIES:  # warm the caches once
        search("eoffice.incoming", query, limit=50)
    timings = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            search("eoffice.incoming", query, limit=50)
            timings.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": statistics.median(timings), "p95_ms": _percentile(timings, 95),
            "queries": len(timings)}  # fmt: skip


def _serve(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "chinhquyenso/config/gunicorn.conf.py", "-b",
         f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env={"WORKERS": "2", "THREADS": THREADS, **env},
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def _wrk(path: str, token: str, seconds: int = 15) -> tuple[float, int]:
    script = Path(tempfile.mkdtemp()) / "auth.lua"
    script.write_text(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script),
         f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for problem in re.findall(r"(Non-2xx.*|Socket errors.*)", out):
        print(f"  wrk: {problem}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rate, int(re.search(r"(\d+) requests in", out).group(1))


def _warm_up(path: str, token: str) -> None:
    """Each worker's first requests import and set up the application (seconds on a busy
    machine): ask until ten answers in a row came back quickly, so wrk times the warm state."""
    import http.client

    quick = 0
    for _ in range(200):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        start = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        conn.getresponse().read()
        conn.close()
        quick = quick + 1 if time.perf_counter() - start < 0.2 else 0
        if quick >= 10:
            return


def _cost(cpu: ServerCpu, before: dict, requests: int) -> str:
    web, db = cpu.spent(before, cpu.snapshot())
    web, db = web / max(1, requests) * 1000, db / max(1, requests) * 1000
    return (f"server CPU {web:.2f} ms + database {db:.2f} ms a request"
            f" = {2000 / max(web + db, 0.001):.0f}/s on 2 free cores")  # fmt: skip


def _register_many(token: str, clients: int, seconds: float) -> tuple[int, int]:
    import http.client

    done, errors = [0], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() < stop:
            boundary = uuid.uuid4().hex
            fields = {
                "notation": f"{uuid.uuid4().int % 100000}/UBND-VX",
                "issuer": "Ủy ban nhân dân phường Cẩm Thành",
                "issued_date": "2026-11-20",
                "doc_type": "Công văn",
                "subject": "V/v báo cáo tình hình chuyển đổi số",
                "confirm_duplicate": "true",
            }
            body = (
                "".join(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                    for k, v in fields.items()
                )
                + f"--{boundary}--\r\n"
            )
            conn.request("POST", "/api/v1/eoffice/incoming", body.encode(), {
                "Authorization": f"Bearer {token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            })  # fmt: skip
            response = conn.getresponse()
            response.read()
            with lock:
                if response.status == 201:
                    done[0] += 1
                else:
                    errors[0] += 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0], errors[0]


_REGISTER_LUA = r"""
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=cqsbench"
local fields = {{
  {{"issuer", "Ủy ban nhân dân phường Cẩm Thành"}}, {{"issued_date", "2026-11-20"}},
  {{"doc_type", "Công văn"}}, {{"subject", "V/v báo cáo tình hình chuyển đổi số"}},
  {{"confirm_duplicate", "true"}},
}}
request = function()
  local parts = {{}}
  local notation = math.random(1, 99999) .. "/UBND-VX"
  table.insert(parts, '--cqsbench\r\nContent-Disposition: form-data; name="notation"\r\n\r\n'
    .. notation .. "\r\n")
  for _, f in ipairs(fields) do
    table.insert(parts, '--cqsbench\r\nContent-Disposition: form-data; name="' .. f[1]
      .. '"\r\n\r\n' .. f[2] .. "\r\n")
  end
  table.insert(parts, "--cqsbench--\r\n")
  return wrk.format(nil, "/api/v1/eoffice/incoming", nil, table.concat(parts))
end
"""


def _register_wrk(token: str, seconds: int) -> tuple[int, int]:
    """16 connections registering through the API, driven by wrk: a load generator in C takes
    far less of the 2 shared cores than 16 Python client threads (`_register_many`)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "register.lua"
        script.write_text(_REGISTER_LUA.format(token=token))
        out = subprocess.run(  # noqa: S603 - fixed arguments
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script),
             f"http://127.0.0.1:{PORT}/api/v1/eoffice/incoming"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = int(failed.group(1)) if failed else 0
    return requests - failed, failed


def main() -> None:
    django_setup()
    from django.db import connection

    from chinhquyenso.core.models import User
    from chinhquyenso.eoffice.models import IncomingDocument
    from chinhquyenso.identity.tokens import issue_token

    parts = set(sys.argv[1:]) or {"search", "list", "detail", "register"}
    total = IncomingDocument.objects.count()
    print(f"# {time.strftime('%Y-%m-%d')} · {connection.vendor} · {total} incoming documents"
          f" · load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    if "search" in parts:
        result = measure_search()
        print(f"search (service)        p50 {result['p50_ms']:.1f} ms"
              f"  p95 {result['p95_ms']:.1f} ms"
              f"  over {result['queries']} queries")  # fmt: skip
    clerk = User.objects.get(username="vanthu")
    _token, clear = issue_token(clerk, "bench")
    detail_id = IncomingDocument.objects.order_by("-id").values_list("id", flat=True)[0]
    env = {**os.environ, "DATABASE_URL": os.environ["BENCH_DATABASE_URL"], "DEBUG": "0"}
    server = _serve(env)
    cpu = ServerCpu(server.pid, connection.settings_dict["NAME"])
    try:
        for part, label, path in (
            ("list", "list API (50 items)", "/api/v1/eoffice/incoming?limit=50"),
            ("search", "search API", "/api/v1/eoffice/incoming?q=chuyen%20doi%20so&limit=20"),
            ("detail", "detail API", f"/api/v1/eoffice/incoming/{detail_id}"),
        ):
            if part in parts:
                _warm_up(path, clear)
                _wrk(path, clear, seconds=3)  # every thread opens its database connection
                before = cpu.snapshot()
                rate, requests = _wrk(path, clear)
                cost = _cost(cpu, before, requests)
                print(f"{label:<24}{rate:>10.0f} req/s (wrk, 16 connections)"
                      f"  load {os.getloadavg()[0]:.2f}; {cost}")  # fmt: skip
        if "register" not in parts:
            return
        year = time.localtime().tm_year
        _warm_up("/api/v1/eoffice/incoming?limit=1", clear)
        _register_many(clear, 16, 3.0)  # warm up the registration path in every worker thread
        before = IncomingDocument.objects.filter(agency=clerk.agency, arrival_year=year).count()
        seconds = 20
        spent = cpu.snapshot()
        ok, failed = _register_many(clear, 16, seconds)
        print(f"registration (16 Python clients) {ok / seconds:>4.0f} docs/s  ({ok} ok, {failed}"
              f" failed)  load {os.getloadavg()[0]:.2f}; {_cost(cpu, spent, ok)}")  # fmt: skip
        spent = cpu.snapshot()
        ok, failed = _register_wrk(clear, seconds)
        print(f"registration (wrk, 16 connections) {ok / seconds:>4.0f} docs/s  ({ok} ok, {failed}"
              f" failed)  load {os.getloadavg()[0]:.2f}; {_cost(cpu, spent, ok)}")  # fmt: skip
        numbers = list(
            IncomingDocument.objects.filter(agency=clerk.agency, arrival_year=year)
            .order_by("arrival_number").values_list("arrival_number", flat=True)
        )  # fmt: skip
        gapless = numbers == list(range(1, len(numbers) + 1))
        print(f"arrival numbers {year}: {len(numbers)} (was {before}), unique and gapless: "
              f"{gapless and len(set(numbers)) == len(numbers)}")  # fmt: skip
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
