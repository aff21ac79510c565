"""Reminders of accepted reports: the working day before the due date and every day after it, to
the handler or, with none named, the agency's receiving officers; once a day each."""

import datetime
from io import StringIO

from django.core.management import call_command

from chinhquyenso.core.models import Notification
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.services.reminders import send_due_reminders


def _reminders(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, dedup_key__startswith="feedback.")
        .exclude(dedup_key__startswith="feedback.new.")
        .values_list("message", flat=True)
    )


def test_the_handler_is_reminded_the_day_before_and_after_the_due_date(world, clock):
    report = world.accepted_report()  # accepted Monday 2 March 2026, 5 working days
    assert report.due_date == datetime.date(2026, 3, 9)
    assert send_due_reminders(datetime.date(2026, 3, 5)) == 0  # not yet
    assert send_due_reminders(datetime.date(2026, 3, 6)) == 1  # Friday: due next working day
    assert send_due_reminders(datetime.date(2026, 3, 6)) == 0  # once a day
    assert send_due_reminders(datetime.date(2026, 3, 10)) == 1  # overdue
    assert send_due_reminders(datetime.date(2026, 3, 11)) == 1  # every day after
    messages = _reminders(world.handler)
    assert len(messages) == 3 and report.code in messages[0]
    assert "09/03/2026" in messages[0]


def test_without_a_handler_the_receiving_officers_are_reminded(world, clock):
    report = feedback.accept(world.receiver, world.new_report())
    assert report.handler_id is None
    assert send_due_reminders(datetime.date(2026, 3, 10)) == 1
    assert len(_reminders(world.receiver)) == 1
    assert _reminders(world.handler) == []


def test_answered_and_new_reports_are_not_reminded(world, clock):
    world.answered_report()
    world.new_report()
    assert send_due_reminders(datetime.date(2026, 4, 1)) == 0


def test_the_daily_command_runs_the_reminders(world, clock):
    world.accepted_report()
    clock.set(datetime.date(2026, 3, 10))  # the day after the due date
    out = StringIO()
    call_command("send_feedback_reminders", stdout=out)  # tests run tasks at once
    assert "Queued reminder task" in out.getvalue()
    assert len(_reminders(world.handler)) == 1
