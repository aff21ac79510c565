import datetime

import pytest
from django.core import mail

from chinhquyenso.core.models import Notification
from chinhquyenso.eoffice.services import Target, assign, register_incoming
from chinhquyenso.eoffice.services.reminders import send_deadline_reminders

from .conftest import make_data

pytestmark = pytest.mark.django_db


def test_reminders_before_and_after_the_deadline_sent_once(
    registry, clerk, leader, django_capture_on_commit_callbacks
):
    specialist = registry.user("cv", "specialist", email="cv@example.vn")
    document = register_incoming(clerk, registry.office, make_data())
    # Wednesday 25/11/2026; deadline Friday 27/11.
    today = datetime.date(2026, 11, 25)
    (lead,) = assign(
        leader,
        document,
        lead=Target(user=specialist),
        deadline=datetime.date.today() + datetime.timedelta(days=1),
    )
    lead.deadline = datetime.date(2026, 11, 27)
    lead.save()
    assert send_deadline_reminders(today) == 0  # two working days ahead: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(datetime.date(2026, 11, 26)) == 1
        assert send_deadline_reminders(datetime.date(2026, 11, 26)) == 0  # once per day
        assert send_deadline_reminders(datetime.date(2026, 11, 30)) == 1  # overdue
    messages = list(Notification.objects.filter(user=specialist).values_list("message", flat=True))
    assert any(m.startswith("Overdue") or m.startswith("Quá hạn") for m in messages)
    assert len(mail.outbox) == 2  # the two reminders
