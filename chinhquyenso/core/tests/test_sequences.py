import threading

import pytest
from django.db import connection, connections, transaction

from chinhquyenso.core.services.sequences import current_value, next_value


@pytest.mark.django_db
def test_series_are_independent_per_scope_and_period():
    with transaction.atomic():
        assert next_value("test", "agency:1", "2026") == 1
        assert next_value("test", "agency:1", "2026") == 2
        assert next_value("test", "agency:2", "2026") == 1
        assert next_value("test", "agency:1", "2027") == 1
    assert current_value("test", "agency:1", "2026") == 2


@pytest.mark.django_db(transaction=True)
def test_rolled_back_number_is_given_back():
    with transaction.atomic():
        assert next_value("test", "s", "2026") == 1
    with pytest.raises(ValueError), transaction.atomic():
        assert next_value("test", "s", "2026") == 2
        raise ValueError("registration failed")
    with transaction.atomic():
        assert next_value("test", "s", "2026") == 2


def test_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        next_value("test", "s", "2026")


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_get_unique_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("real row locking across connections is exercised on PostgreSQL")
    threads, results, errors = 16, [], []
    barrier = threading.Barrier(threads)

    def worker():
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    results.append(next_value("test", "agency:1", "2026"))
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, threads * 5 + 1))
