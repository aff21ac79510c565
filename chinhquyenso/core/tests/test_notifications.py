import pytest
from django.db import transaction

from chinhquyenso.core.models import Notification, User
from chinhquyenso.core.services.notifications import notify


@pytest.fixture
def citizen(db):
    return User.objects.create_user("nguyenvana", email="a@example.vn")


def test_same_event_is_notified_once(citizen):
    assert notify(citizen, "Hồ sơ đã được tiếp nhận", "/x", dedup_key="dossier:1:received")
    assert not notify(citizen, "Hồ sơ đã được tiếp nhận", "/x", dedup_key="dossier:1:received")
    assert notify(citizen, "Hồ sơ đã có kết quả", "/x", dedup_key="dossier:1:returned")
    assert list(citizen.notifications.order_by("id").values_list("dedup_key", flat=True)) == [
        "dossier:1:received",
        "dossier:1:returned",
    ]


def test_without_a_key_every_call_notifies(citizen):
    assert notify(citizen, "Nhắc việc", "")
    assert notify(citizen, "Nhắc việc", "")
    assert Notification.objects.filter(user=citizen).count() == 2


def test_duplicate_inside_a_transaction_leaves_it_usable(citizen):
    """The caller's transaction goes on after a duplicate (no aborted transaction, no savepoint)."""
    with transaction.atomic():
        notify(citizen, "Lần 1", dedup_key="k")
        assert not notify(citizen, "Lần 2", dedup_key="k")
        User.objects.filter(pk=citizen.pk).update(first_name="Văn A")
    citizen.refresh_from_db()
    assert citizen.first_name == "Văn A"
    assert Notification.objects.get(user=citizen, dedup_key="k").message == "Lần 1"


def test_stored_time_reads_back_aware(citizen):
    notify(citizen, "Có thời gian", dedup_key="t")
    created = Notification.objects.get(user=citizen, dedup_key="t").created_at
    assert created.tzinfo is not None


def test_inactive_user_gets_nothing(citizen):
    citizen.is_active = False
    citizen.save()
    assert not notify(citizen, "Không gửi", dedup_key="x")
    assert not Notification.objects.filter(user=citizen).exists()
