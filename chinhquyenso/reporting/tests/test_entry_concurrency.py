"""Two officers saving the same cell at the same moment end with one row, not two and not an
error (the report row is locked; the unique constraint backs it)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from chinhquyenso.core.testing import RegistryFactory
from chinhquyenso.reporting import services
from chinhquyenso.reporting.models import DataValue, Report
from chinhquyenso.reporting.periods import Period
from chinhquyenso.reporting.services.entry_state import today

from .entry_fixtures import build_world

THREADS = 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer, so only PostgreSQL shows real concurrency",
)
def test_simultaneous_saves_of_one_cell_make_one_row():
    world = build_world(RegistryFactory())
    # The clock is real here: the current month is always open on the world's monthly form.
    period = Period.of("monthly", today())
    barrier = threading.Barrier(THREADS)

    def save(index: int) -> str:
        try:
            barrier.wait(timeout=10)
            return services.save_value(
                world.clerk,
                element="DOSSIERS_TOTAL",
                org_unit=world.commune,
                period=period,
                value=str(100 + index),
            ).action
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        actions = list(pool.map(save, range(THREADS)))
    assert sorted(actions).count("created") == 1
    assert set(actions) <= {"created", "updated", "unchanged"}
    assert DataValue.objects.filter(element__code="DOSSIERS_TOTAL").count() == 1
    assert Report.objects.count() == 1
