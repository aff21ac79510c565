"""Twelve citizens submitting at the same moment get twelve distinct, gapless report codes."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.models import Report

from .conftest import DESCRIPTION, World

THREADS = 12


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer, so only PostgreSQL shows real concurrency",
)
def test_concurrent_submissions_get_unique_gapless_codes(registry):
    world = World(registry)
    citizens = [
        registry.user(
            f"congdan{n}", Role.CITIZEN, kind=UserKind.CITIZEN, citizen_id=f"0510850{n:05d}"
        )  # fmt: skip
        for n in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    codes, errors = [], []

    def submit(user) -> None:
        data = feedback.NewReport(category="MT-RAC", description=DESCRIPTION,
                                  admin_unit="21025", consent=True)  # fmt: skip
        try:
            barrier.wait()
            codes.append(feedback.submit(user, data).code)
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=submit, args=(user,)) for user in citizens]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    year = timezone.localdate().year
    assert sorted(codes) == [f"PA-{year}-{n:06d}" for n in range(1, THREADS + 1)]
    assert Report.objects.filter(agency=world.ward).count() == THREADS


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer, so only PostgreSQL shows real concurrency",
)
def test_a_request_retried_while_the_first_is_in_flight_is_stored_once(registry):
    world = World(registry)
    tries = 6
    barrier = threading.Barrier(tries)
    ids, errors = [], []

    def submit() -> None:
        data = feedback.NewReport(category="MT-RAC", description=DESCRIPTION, admin_unit="21025",
                                  consent=True, client_key="app-retry-1")  # fmt: skip
        try:
            barrier.wait()
            ids.append(feedback.submit(world.citizen, data).pk)
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=submit) for _n in range(tries)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    assert len(set(ids)) == 1 and Report.objects.count() == 1
    # The numbers taken by the retries were given back: the next report is number 2.
    assert world.new_report().code.endswith("-000002")
