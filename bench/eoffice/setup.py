"""Point Django at the bench database before anything imports the settings."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def django_setup() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        sys.exit("Set BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/bench")
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="cqs-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinhquyenso.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
