"""Sixteen submissions at once at one agency get sixteen distinct, gapless dossier codes."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from chinhquyenso.services import services as portal

from .portal_fixtures import make_app, ready_draft

THREADS = 16


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer, so only PostgreSQL shows real concurrency",
)
def test_concurrent_submissions_get_gapless_codes(registry):
    app = make_app(registry)
    drafts = [ready_draft(app) for _n in range(THREADS)]

    def submit(index: int) -> str:
        try:
            return portal.submit(app.citizen, drafts[index], f"key-{index}").code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = list(pool.map(submit, range(THREADS)))
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, THREADS + 1))
