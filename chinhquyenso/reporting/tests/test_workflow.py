"""The report's life: submit (automatic figures frozen with lineage), approve by the unit's head,
return with a reason, reopen after the lock; completeness and timeliness; the user's reports."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chinhquyenso.core.models import AuditEvent, Notification
from chinhquyenso.reporting import services
from chinhquyenso.reporting.choices import ReportStatus
from chinhquyenso.reporting.models import DataValue, Report
from chinhquyenso.reporting.services.entry_state import State

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

FEB = "202602"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def enter(world, element="DOSSIERS_TOTAL", value="100", unit=None, user=None, period=FEB):
    services.save_value(
        user or world.clerk,
        element=element,
        org_unit=unit or world.commune,
        period=period,
        value=value,
    )


def report(world, unit=None, period=FEB) -> Report:
    return services.report_for(world.form, unit or world.commune, period)


def test_submit_freezes_automatic_figures_with_lineage(world, django_capture_on_commit_callbacks):
    enter(world)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.submit(world.clerk, report(world))
    assert result.frozen == 1
    frozen = DataValue.objects.get(element__code="PORTAL_VISITS")
    assert frozen.value == "42" and frozen.number == 42
    assert frozen.lineage["module"] == "services"
    assert frozen.lineage["query"] == "online dossiers of TINH_AN in 202602"
    assert frozen.lineage["computed_at"].startswith("2026-02-20T09:00")
    submitted = result.report
    assert submitted.status == ReportStatus.SUBMITTED and submitted.submitted_by == world.clerk
    assert submitted.on_time
    event = AuditEvent.objects.get(action="reporting.report.submit")
    assert event.before["status"] == "open" and event.after["frozen"] == {"PORTAL_VISITS": "42"}
    # The unit's head is told, in the app and by e-mail.
    note = Notification.objects.get(user=world.leader)
    assert "waiting for your approval" in note.message
    assert mail.outbox[0].to == ["chutich@tinhan.example"]


def test_only_the_units_own_officers_submit_and_only_its_head_approves(world):
    enter(world)
    with pytest.raises(PermissionDenied):
        services.submit(world.other_clerk, report(world))
    services.submit(world.clerk, report(world))
    for outsider in (world.clerk, world.province_leader, world.other_clerk):
        with pytest.raises(PermissionDenied):
            services.approve(outsider, report(world))
    approved = services.approve(world.leader, report(world))
    assert approved.status == ReportStatus.APPROVED and approved.approved_by == world.leader
    with pytest.raises(ValidationError, match="Only a submitted report can be approved"):
        services.approve(world.leader, approved)
    assert services.entry_state(world.form, world.commune, FEB).state == State.APPROVED
    assert Notification.objects.filter(user=world.clerk, message__contains="approved").exists()


def test_submitting_twice_or_a_locked_report_is_refused(world, clock):
    enter(world)
    services.submit(world.clerk, report(world))
    with pytest.raises(ValidationError, match="waits for approval"):
        services.submit(world.clerk, report(world))
    with pytest.raises(ValidationError, match="Entry closed after 13/02/2026"):
        services.submit(world.clerk, report(world, period="202601"))


def test_return_needs_a_reason_and_reopens_entry(world, clock):
    enter(world)
    services.submit(world.clerk, report(world))
    with pytest.raises(ValidationError) as caught:
        services.return_report(world.leader, report(world), "  ")
    assert caught.value.message_dict == {"reason": ["Say what must be corrected."]}
    returned = services.return_report(world.leader, report(world), "Thiếu số liệu cáp quang")
    assert returned.status == ReportStatus.RETURNED
    state = services.entry_state(world.form, world.commune, FEB)
    assert state.is_open and state.reason == "Returned for correction: Thiếu số liệu cáp quang"
    assert Notification.objects.filter(user=world.clerk, message__contains="cáp quang").exists()
    enter(world, value="101")
    resubmitted = services.submit(world.clerk, report(world)).report
    assert resubmitted.status == ReportStatus.SUBMITTED and resubmitted.returned_reason == ""
    # An approved report may be returned too; after the lock date entry reopens for 7 days.
    services.approve(world.leader, resubmitted)
    clock.set(datetime.date(2026, 3, 20))
    returned = services.return_report(world.leader, report(world), "Sửa tổng số")
    assert returned.reopened_until == datetime.date(2026, 3, 27)
    assert returned.approved_by is None
    assert services.entry_state(world.form, world.commune, FEB).is_open
    with pytest.raises(PermissionDenied):
        services.return_report(world.clerk, returned, "x")


def test_reopen_after_the_lock(world, clock):
    january = report(world, period="202601")
    with pytest.raises(PermissionDenied):
        services.reopen(world.clerk, january, datetime.date(2026, 2, 27))
    with pytest.raises(ValidationError) as caught:
        services.reopen(world.leader, january, datetime.date(2026, 2, 19))
    assert caught.value.message_dict == {"until": ["Choose a day from today on."]}
    with pytest.raises(ValidationError):
        services.reopen(world.leader, january, datetime.date(2026, 6, 1))
    services.reopen(world.leader, january, datetime.date(2026, 2, 27))
    state = services.entry_state(world.form, world.commune, "202601")
    assert state.is_open and state.reason == "Reopened for entry until 27/02/2026."
    enter(world, period="202601")
    late = services.submit(world.clerk, report(world, period="202601")).report
    assert late.on_time is False
    with pytest.raises(ValidationError, match="return it for correction instead"):
        services.reopen(world.leader, late, datetime.date(2026, 2, 27))
    assert AuditEvent.objects.filter(action="reporting.report.reopen").count() == 1


def test_a_form_without_approval_is_final_when_submitted(world):
    services.save_value(
        world.clerk, element="QUARTER_NOTE", org_unit=world.commune, period="2026Q1", value="Tốt"
    )
    done = services.submit(
        world.clerk, services.report_for(world.quarterly, world.commune, "2026Q1")
    ).report
    assert done.status == ReportStatus.APPROVED and done.approved_by is None
    assert done.approved_at is not None


def test_completeness_and_timeliness(world, clock):
    clock.set(datetime.date(2026, 1, 20))
    enter(world, period="202601")
    services.submit(world.clerk, report(world, period="202601"))  # on time (due 24/01)
    clock.set(datetime.date(2026, 2, 20))
    summary = services.completeness(world.form, "202601")
    assert (summary.expected, summary.on_time, summary.late, summary.missing) == (2, 1, 0, 1)
    assert summary.completeness_rate == 50.0 and summary.timeliness_rate == 50.0
    assert summary.overdue
    assert [u.timeliness for u in summary.units] == ["on_time", "missing"]
    # A late submission after reopening.
    other_leader = world.other_clerk  # not an approver
    with pytest.raises(PermissionDenied):
        services.reopen(
            other_leader,
            report(world, unit=world.other, period="202601"),
            datetime.date(2026, 2, 25),
        )
    summary = services.completeness(world.form, "202601", within=world.commune)
    assert summary.expected == 1 and summary.submitted == 1
    feb = services.completeness(world.form, FEB)
    assert feb.as_dict() == {
        "data_set": "DX_MONTHLY",
        "period": "202602",
        "due_date": "2026-02-24",
        "expected": 2,
        "submitted": 0,
        "on_time": 0,
        "late": 0,
        "missing": 2,
        "completeness": 0.0,
        "timeliness": 0.0,
    }
    assert not feb.overdue


def test_late_submission_counts_as_late(world, clock):
    enter(world)
    clock.set(datetime.date(2026, 3, 1))  # after the due date 24/02, before the lock
    services.submit(world.clerk, report(world))
    summary = services.completeness(world.form, FEB)
    assert (summary.on_time, summary.late, summary.missing) == (0, 1, 1)


def test_my_reports_lists_forms_by_periods_of_my_units(world):
    rows = services.my_reports(world.clerk, count=3)
    labels = [(r.data_set.code, r.org_unit.code, r.period.id, r.entry.state) for r in rows]
    assert labels == [
        ("DX_QUARTERLY", "TINH_AN", "2026Q1", State.OPEN),
        ("DX_MONTHLY", "TINH_AN", "202602", State.OPEN),
        ("DX_MONTHLY", "TINH_AN", "202601", State.LOCKED),
        ("DX_MONTHLY", "TINH_AN", "202512", State.LOCKED),
        ("DX_QUARTERLY", "TINH_AN", "2025Q4", State.LOCKED),
        ("DX_QUARTERLY", "TINH_AN", "2025Q3", State.LOCKED),
    ]
    assert rows[0].can_enter and not rows[0].can_approve
    leader_rows = services.my_reports(world.leader, count=1)
    assert all(r.can_approve for r in leader_rows)
    assert services.my_reports(world.province_leader) == []
