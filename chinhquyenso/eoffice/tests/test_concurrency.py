import threading

import pytest
from django.db import connection, connections
from django.test import override_settings

from chinhquyenso.core.models import StoredFile
from chinhquyenso.eoffice.models import IncomingDocument
from chinhquyenso.eoffice.services import register_incoming

from .conftest import PDF, make_data


@pytest.mark.django_db(transaction=True)
def test_sixteen_clerks_registering_at_once_get_unique_gapless_numbers(registry):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions on separate connections are tested on PostgreSQL")
    clerks = [registry.user(f"vanthu{i}", "clerk") for i in range(16)]
    barrier = threading.Barrier(len(clerks))
    errors = []

    def work(clerk, index):
        try:
            barrier.wait()
            for round_ in range(3):
                register_incoming(
                    clerk, registry.office, make_data(notation=f"{index * 10 + round_ + 1}/UBND-VX")
                )
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(c, i)) for i, c in enumerate(clerks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(IncomingDocument.objects.values_list("arrival_number", flat=True))
    assert numbers == list(range(1, 16 * 3 + 1))


@pytest.mark.django_db
@override_settings(FILE_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(registry):
    from django.core.exceptions import ValidationError

    clerk = registry.user("vanthu", "clerk")
    big = PDF + b"%" + b"x" * 2048 + b"\n"
    with pytest.raises(ValidationError) as exc:
        register_incoming(clerk, registry.office, make_data(), upload=big, file_name="big.pdf")
    assert "MB" in " ".join(exc.value.messages)
    assert IncomingDocument.objects.count() == 0 and StoredFile.objects.count() == 0
