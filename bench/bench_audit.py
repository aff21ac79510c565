"""Audit log: appends per second (each in its own transaction) and chain verification speed."""

import time

from django.db import transaction

from chinhquyenso.core import audit


def run():
    n = 2000
    start = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            audit.record("bench.append", object_type="bench", object_id=str(i), after={"i": i})
    elapsed = time.perf_counter() - start
    yield "append (own transaction)", n / elapsed, "events/s"
    start = time.perf_counter()
    assert audit.verify_chain() is None
    elapsed = time.perf_counter() - start
    yield f"verify_chain over {n} events", n / elapsed, "events/s"
