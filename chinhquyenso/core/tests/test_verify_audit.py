"""`manage.py verify_audit`: exit 0 with a count when intact, exit 1 naming the first break."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import translation

from chinhquyenso.core import audit
from chinhquyenso.core.management.commands import verify_audit
from chinhquyenso.core.models import AuditEvent


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


def _append(n: int) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit.record("test.action", object_type="test", object_id=str(i)))
    return events


@pytest.mark.django_db
def test_intact_chain_prints_count():
    _append(3)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit chain intact: 3 events" in out.getvalue()


@pytest.mark.django_db
def test_empty_log_is_intact():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit chain intact: 0 events" in out.getvalue()


@pytest.mark.django_db
def test_edited_row_exits_1_with_event_id():
    events = _append(3)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s",
            ["tampered", events[1].pk],
        )
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit", stdout=StringIO())
    assert excinfo.value.returncode == 1
    assert f"event {events[1].pk}:" in str(excinfo.value)
    assert "edited" in str(excinfo.value)


@pytest.mark.django_db
def test_command_line_run_exits_with_code_1(capsys):
    events = _append(2)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[0].pk])
    command = verify_audit.Command()
    with pytest.raises(SystemExit) as excinfo:
        command.run_from_argv(["manage.py", "verify_audit"])
    assert excinfo.value.code == 1
    assert f"event {events[1].pk}" in capsys.readouterr().err
