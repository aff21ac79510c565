"""Reminders: before the due date to units that have not submitted, weekly to late units while
entry is open; in-app and e-mail to the unit's data-entry users; each sent once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from chinhquyenso.core.models import Notification
from chinhquyenso.reporting import services, tasks

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_before_the_due_date_every_unit_not_submitted(world, django_capture_on_commit_callbacks):
    day = datetime.date(2026, 2, 21)  # 202602 is due on 24/02
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reporting_reminders(day) == 3
    recipients = sorted(n.user.username for n in Notification.objects.all())
    assert recipients == ["canbo_binhson", "canbo_tinhan", "chutich_tinhan"]
    message = Notification.objects.filter(user=world.clerk).get().message
    assert message == (
        "Reminder: “Báo cáo chuyển đổi số hằng tháng” of Xã Tịnh Ấn for Month 2/2026 is due on"
        " 24/02/2026."
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "canbo@tinhan.example",
        "chutich@tinhan.example",
    ]
    # Once only, however often the command runs.
    assert services.send_reporting_reminders(day) == 0
    assert services.send_reporting_reminders(datetime.date(2026, 2, 17)) == 0  # too early


def test_late_units_weekly_until_the_lock(world, clock):
    services.save_value(
        world.clerk, element="DOSSIERS_TOTAL", org_unit=world.commune, period="202602", value="9"
    )
    services.submit(world.clerk, services.report_for(world.form, world.commune, "202602"))
    clock.set(datetime.date(2026, 2, 25))
    assert services.send_reporting_reminders(datetime.date(2026, 2, 25)) == 1
    late = Notification.objects.get(message__startswith="Late")
    assert late.user == world.other_clerk and late.message.startswith("Late:")
    assert services.send_reporting_reminders(datetime.date(2026, 2, 28)) == 0
    assert services.send_reporting_reminders(datetime.date(2026, 3, 4)) == 1
    # After the lock date (16/03) entry is closed: no more late reminders (the quarterly form,
    # due on 19/03, is reminded to Tịnh Ấn's two officers).
    assert services.send_reporting_reminders(datetime.date(2026, 3, 18)) == 2
    assert Notification.objects.filter(message__startswith="Late").count() == 2


def test_command_and_task(world, clock):
    out = io.StringIO()
    call_command("send_reporting_reminders", "--date", "2026-02-21", stdout=out)
    assert out.getvalue().strip() == "Sent 3 reporting reminders"
    with pytest.raises(CommandError):
        call_command("send_reporting_reminders", "--date", "21/02/2026")
    clock.set(datetime.date(2026, 2, 25))
    result = tasks.reporting_reminders.enqueue()
    assert result.return_value == 3  # both communes are now late: their three users
