import pytest
from django.db import connection, transaction

from chinhquyenso.core import audit
from chinhquyenso.core.models import AuditEvent


def _append(n: int) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                audit.record(
                    "test.action",
                    object_type="test",
                    object_id=str(i),
                    after={"i": i, "tên": "Quảng Ngãi"},
                )
            )
    return events


@pytest.mark.django_db
def test_intact_chain_verifies():
    _append(3)
    assert audit.verify_chain() is None


@pytest.mark.django_db
def test_edited_row_breaks_chain_at_that_event():
    events = _append(3)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET object_repr = %s WHERE id = %s",
            ["tampered", events[1].pk],
        )
    broken = audit.verify_chain()
    assert broken is not None and broken.event_id == events[1].pk


@pytest.mark.django_db
def test_deleted_row_breaks_chain_at_the_next_event():
    events = _append(3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[1].pk])
    broken = audit.verify_chain()
    assert broken is not None and broken.event_id == events[2].pk


@pytest.mark.django_db
def test_deleting_newest_rows_is_detected():
    events = _append(3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[2].pk])
    assert audit.verify_chain() is not None


@pytest.mark.django_db
def test_orm_refuses_edit_and_delete():
    (event,) = _append(1)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


def test_record_outside_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        audit.record("test.action")
