"""Background email: queued on commit, run at once in tests, and through the database worker."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chinhquyenso.core.services.notify import send_email_async

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_email_is_sent_once_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_email_async(
            "Văn bản đến\nmới", "Có văn bản đến cần xử lý.", ["a@example.vn", "a@example.vn"]
        )
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Văn bản đến mới"
    assert message.to == ["a@example.vn"]
    assert "cần xử lý" in message.body


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_async("Tiêu đề", "Nội dung", ["a@example.vn"])
        raise RuntimeError("rollback")
    assert mail.outbox == []


@pytest.mark.parametrize("recipients", [[], ["", "  "], ["không-phải-email"]])
def test_bad_recipients_are_refused(db, recipients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        send_email_async("Tiêu đề", "Nội dung", recipients)
    assert callbacks == []


# Transactional: the worker closes connections that are inside a transaction, as a test's is.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_database_backend_queues_a_row_the_worker_runs():
    with transaction.atomic():
        send_email_async("Nhắc hạn xử lý", "Hồ sơ sắp đến hạn.", ["b@example.vn"])
        assert not DBTaskResult.objects.exists()  # queued only once the transaction commits
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.READY
    assert row.task_path == "chinhquyenso.core.tasks.send_notification_email"
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 1
    assert [m.subject for m in mail.outbox] == ["Nhắc hạn xử lý"]
