"""`load_demo_feedback`: reports at every stage, made through the services and dated like a real
story, and a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone, translation

from chinhquyenso.core.models import AuditEvent, Notification
from chinhquyenso.core.services.units import import_admin_units
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportChannel, ReportStatus
from chinhquyenso.feedback.management.commands._demo_reports import SEEDS
from chinhquyenso.feedback.models import Report, ReportEvent


def _run(command: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command(command, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db):
    import_admin_units()
    _run("load_demo_data")
    _run("load_feedback_categories")
    return _run("load_demo_feedback")


def test_every_stage_is_present(loaded):
    assert f"{len(SEEDS)} created, 0 already present" in loaded
    assert len(loaded.strip().splitlines()) == 1
    reports = Report.objects.all()
    assert reports.count() == len(SEEDS) >= 25
    assert set(reports.values_list("status", flat=True)) == set(ReportStatus.values)
    assert reports.filter(duplicate_of__isnull=False).count() == 1
    assert reports.filter(channel=ReportChannel.PHONE).count() == 2
    assert {True, False} <= set(reports.values_list("satisfied", flat=True))
    assert feedback.filtered(reports, overdue=True).count() >= 3
    assert reports.filter(status=ReportStatus.ACCEPTED, due_date__gte=timezone.localdate()).exists()
    # Routed by place: the wards on the platform received theirs.
    agencies = set(reports.values_list("agency__electronic_id", flat=True))
    assert {"000.00.01.H48", "000.00.02.H48", "000.00.03.H48", "000.01.00.H48"} <= agencies
    assert reports.filter(admin_unit__code="21025", agency__electronic_id="000.00.01.H48").exists()
    congdan = reports.filter(reporter__username="congdan")
    assert congdan.filter(status=ReportStatus.RESOLVED).exists()
    assert Notification.objects.filter(user__username="congdan").count() >= congdan.count()


def test_made_through_the_services_and_dated_like_a_story(loaded):
    submitted = AuditEvent.objects.filter(action="feedback.report.submit").count()
    assert submitted == len(SEEDS)
    for action in ("accept", "answer", "reject", "rate", "transfer"):
        assert AuditEvent.objects.filter(action=f"feedback.report.{action}").exists(), action
    for report in Report.objects.exclude(closed_at=None):
        assert report.received_at <= report.closed_at <= timezone.now()
        events = list(ReportEvent.objects.filter(report=report).values_list("at", flat=True))
        assert events[0] == report.received_at
    by_code = list(Report.objects.order_by("code").values_list("received_at", flat=True))
    assert by_code == sorted(by_code)  # numbered in the order they were received
    answered = Report.objects.filter(status=ReportStatus.RESOLVED)
    on_time = answered.filter(closed_at__date__lte=F("due_date")).count()
    assert 0 < on_time < answered.count()  # some answered late
    for report in Report.objects.exclude(due_date=None):  # the timeline names the same due date
        note = ReportEvent.objects.get(report=report, action="accepted").note
        assert report.due_date.strftime("%d/%m/%Y") in note, (report.code, note)


def test_a_second_run_adds_nothing(loaded):
    reports, events = Report.objects.count(), AuditEvent.objects.count()
    again = _run("load_demo_feedback")
    assert f"0 created, {len(SEEDS)} already present" in again
    assert Report.objects.count() == reports and AuditEvent.objects.count() == events


def test_it_needs_the_categories(db):
    import_admin_units()
    _run("load_demo_data")
    with pytest.raises(CommandError, match="load_feedback_categories"):
        _run("load_demo_feedback")
    assert not Report.objects.exists()
