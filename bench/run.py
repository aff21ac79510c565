"""Runs every bench/bench_*.py against a fresh database and prints one line per measurement.

Usage: `make bench` (SQLite in a temporary directory) or
`BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench`.
Record results in docs/benchmarks.md with the date and the machine.
"""

import importlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="cqs-bench-")
    os.environ["VAR_DIR"] = workdir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinhquyenso.config.settings")
    os.environ["TASKS_IMMEDIATE"] = "1"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    print(f"# {time.strftime('%Y-%m-%d')} · {platform.node()} · {connection.vendor}")
    only = sys.argv[1:]
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        for name, value, unit in module.run():
            print(f"{path.stem:<28} {name:<44} {value:>12.1f} {unit}")


if __name__ == "__main__":
    main()
