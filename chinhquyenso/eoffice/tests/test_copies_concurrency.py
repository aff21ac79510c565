import threading

import pytest
from django.db import connection, connections

from chinhquyenso.core import services as core
from chinhquyenso.eoffice.models import CopyDocument
from chinhquyenso.eoffice.services import make_copy

from .conftest import PDF
from .test_copies import issued


@pytest.mark.django_db(transaction=True)
def test_sixteen_clerks_copying_at_once_get_unique_gapless_numbers(registry):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions on separate connections are tested on PostgreSQL")
    clerks = [registry.user(f"vanthu{i}", "clerk") for i in range(16)]
    source = issued(
        registry.office, clerks[0], 7, final_file=core.store_file(clerks[0], PDF, "a.pdf")
    )
    barrier = threading.Barrier(len(clerks))
    errors = []

    def work(clerk):
        try:
            barrier.wait()
            for _ in range(3):
                make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=source)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(c,)) for c in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(CopyDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 16 * 3 + 1))
    assert CopyDocument.objects.values("number_text").distinct().count() == 48
