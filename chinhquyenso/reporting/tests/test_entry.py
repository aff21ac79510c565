"""Saving values: who may, into which form and period, in which report state; every change
audited; a batch all-or-nothing; the issue's bad input refused with nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.reporting import services
from chinhquyenso.reporting.choices import ReportStatus
from chinhquyenso.reporting.models import DataValue, Report
from chinhquyenso.reporting.services import entry
from chinhquyenso.reporting.services.entry_state import State, entry_state

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

FEB = "202602"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def save(world, element="DOSSIERS_TOTAL", value="120", user=None, period=FEB, **kw):
    return entry.save_value(
        user or world.clerk,
        element=element,
        org_unit=kw.pop("org_unit", world.commune),
        period=period,
        value=value,
        **kw,
    )


def refused(exc_type, world, **kw) -> str:
    before = DataValue.objects.count(), AuditEvent.objects.count()
    with pytest.raises(exc_type) as caught:
        save(world, **kw)
    assert (DataValue.objects.count(), AuditEvent.objects.count()) == before
    error = caught.value
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def test_create_update_unchanged_delete_each_audited(world):
    result = save(world, value="1.200")
    assert result.action == "created"
    stored = DataValue.objects.get()
    assert (stored.value, stored.number, stored.period_start) == (
        "1200",
        1200,
        datetime.date(2026, 2, 1),
    )
    assert stored.option_combo.code == "default" and stored.stored_by == world.clerk
    assert save(world, value="1200").action == "unchanged"
    assert save(world, value="1250", comment="đã rà soát").action == "updated"
    update = AuditEvent.objects.filter(action="reporting.value.save").order_by("pk").last()
    assert update.before["value"] == "1200" and update.after["value"] == "1250"
    assert update.actor_id == world.clerk.pk
    assert save(world, value="1260").value.comment == "đã rà soát"  # None keeps the comment
    assert save(world, value="").action == "deleted"
    assert not DataValue.objects.exists()
    deleted = AuditEvent.objects.get(action="reporting.value.delete")
    assert deleted.before["value"] == "1260" and deleted.after is None
    assert AuditEvent.objects.filter(action="reporting.value.save").count() == 3
    # The report row was created on first use with the form's dates.
    report = Report.objects.get()
    assert report.due_date == datetime.date(2026, 2, 24)
    assert report.lock_date == datetime.date(2026, 3, 16)


def test_disaggregated_values_need_a_known_cell(world):
    save(world, element="STAFF", option_combo="FEMALE", value="12")
    save(world, element="STAFF", option_combo="MALE", value="9")
    assert DataValue.objects.filter(element__code="STAFF").count() == 2
    message = refused(ValidationError, world, element="STAFF", value="3")
    assert message == "“STAFF” is broken down by Giới tính: give one of FEMALE, MALE."
    message = refused(ValidationError, world, element="STAFF", option_combo="OTHER", value="3")
    assert message == "“OTHER” is not a disaggregation of “STAFF”; use one of FEMALE, MALE."
    message = refused(ValidationError, world, option_combo="FEMALE")
    assert "is not a disaggregation of “DOSSIERS_TOTAL”" in message


def test_text_in_a_number_field_changes_nothing(world):
    save(world, value="100")
    message = refused(ValidationError, world, value="một trăm")
    assert message == "“một trăm” is text, but “Tổng số hồ sơ công việc” takes a number."
    assert DataValue.objects.get().value == "100"


def test_a_unit_entering_data_for_another_unit_is_refused(world):
    message = refused(PermissionDenied, world, org_unit=world.other)
    assert message == "You may not enter data for the reporting unit “Xã Bình Sơn”."
    # The province's leader may look at the commune but not enter its data.
    refused(PermissionDenied, world, user=world.province_leader)


def test_unknown_element_unit_and_period(world):
    assert refused(ValidationError, world, element="NOPE") == "Unknown data element “NOPE”."
    assert refused(ValidationError, world, org_unit="NOPE") == "Unknown reporting unit “NOPE”."
    assert "is not a reporting period" in refused(ValidationError, world, period="2026-02")


def test_the_element_must_be_on_a_form_of_the_unit_for_that_periodicity(world):
    message = refused(ValidationError, world, period="2026Q1")
    assert message == (
        "“Báo cáo chuyển đổi số hằng tháng” is reported monthly; 2026Q1 is not such a period."
    )
    message = refused(
        ValidationError, world, element="QUARTER_NOTE", org_unit=world.other, user=world.other_clerk
    )
    assert message == "“QUARTER_NOTE” is not on any form the unit “Xã Bình Sơn” reports."
    message = refused(ValidationError, world, element="QUARTER_NOTE", data_set=world.form)
    assert message == "“QUARTER_NOTE” is not on the form “Báo cáo chuyển đổi số hằng tháng”."
    assert save(world, element="QUARTER_NOTE", period="2026Q1", value="Tốt").action == "created"


def test_no_values_for_the_future(world):
    message = refused(ValidationError, world, period="202603")
    assert message == "Month 3/2026 has not started yet: values cannot be entered for the future."


def test_a_value_after_the_lock_is_refused_until_an_approver_reopens(world, clock):
    message = refused(ValidationError, world, period="202601")
    assert message == ("Entry closed after 13/02/2026 (the lock date); an approver can reopen it.")
    report = services.report_for(world.form, world.commune, "202601")
    services.reopen(world.leader, report, datetime.date(2026, 2, 27))
    assert save(world, period="202601").action == "created"
    clock.set(datetime.date(2026, 2, 28))
    refused(ValidationError, world, period="202601", value="99")
    assert DataValue.objects.get(period="202601").value == "120"


def test_submitted_and_approved_reports_are_frozen(world):
    save(world)
    report = Report.objects.get()
    services.submit(world.clerk, report)
    message = refused(ValidationError, world, value="130")
    assert message.startswith("The report was submitted on 20/02/2026 and waits for approval")
    services.approve(world.leader, report)
    message = refused(ValidationError, world, value="")
    assert message == "The report was approved on 20/02/2026; its values can no longer be changed."
    assert DataValue.objects.get(element__code="DOSSIERS_TOTAL").value == "120"


def test_automatic_elements_cannot_be_entered(world):
    message = refused(ValidationError, world, element="PORTAL_VISITS", value="5")
    assert message.startswith("“Hồ sơ trực tuyến (tự động)” is computed automatically")


def test_zero_is_not_stored_when_it_is_not_significant(world):
    from chinhquyenso.reporting.models import DataElement

    DataElement.objects.filter(code="SPENDING").update(zero_is_significant=False)
    assert save(world, element="SPENDING", value="0").action == "unchanged"
    assert save(world, element="SPENDING", value="12,5").action == "created"
    assert save(world, element="SPENDING", value="0").action == "deleted"


def test_entry_state_tells_why(world, clock):
    state = entry_state(world.form, world.commune, FEB)
    assert state.state == State.OPEN and state.is_open and state.report is None
    assert state.reason == "Open for entry; due on 24/02/2026, entry closes after 16/03/2026."
    assert not state.overdue
    clock.set(datetime.date(2026, 2, 25))
    assert entry_state(world.form, world.commune, FEB).overdue
    assert entry_state(world.form, world.commune, "202601").state == State.LOCKED
    clock.set(datetime.date(2026, 2, 20))
    assert entry_state(world.form, world.commune, "202603").state == State.NOT_STARTED
    assert entry_state(world.form, world.province, FEB).state == State.NOT_ASSIGNED
    assert entry_state(world.form, world.commune, "2026").state == State.WRONG_PERIOD
    assert entry_state(world.quarterly, world.commune, "2026Q1").reason == (
        "Open for entry; due on 19/03/2026, entry closes after 29/03/2026."
    )


def test_save_values_is_all_or_nothing(world):
    save(world, value="50")
    rows = [
        {"element": "DOSSIERS_TOTAL", "org_unit": "TINH_AN", "period": FEB, "value": "60"},
        {"element": "DOSSIERS_ONLINE", "org_unit": "TINH_AN", "period": FEB, "value": "abc"},
        {"element": "NOPE", "org_unit": "TINH_AN", "period": FEB, "value": "1"},
        {"element": "FIBRE_PCT", "org_unit": "BINH_SON", "period": FEB, "value": "50"},
        {"element": "FIBRE_PCT", "org_unit": "TINH_AN", "period": FEB, "value": "50"},
    ]
    audit_before = AuditEvent.objects.count()
    with pytest.raises(entry.ValuesRefused) as caught:
        entry.save_values(world.clerk, rows)
    errors = caught.value.row_errors
    assert [(e.index, e.object) for e in errors] == [
        (1, "DOSSIERS_ONLINE"),
        (2, "NOPE"),
        (3, "BINH_SON"),
    ]
    assert DataValue.objects.get().value == "50"
    assert AuditEvent.objects.count() == audit_before
    # DHIS2's partial import keeps the good rows.
    result = entry.save_values(world.clerk, rows, atomic=False)
    assert (result.count("updated"), result.count("created"), len(result.errors)) == (1, 1, 3)
    assert DataValue.objects.get(element__code="DOSSIERS_TOTAL").value == "60"


def test_dry_run_counts_and_stores_nothing(world):
    rows = [
        {"element": "DOSSIERS_TOTAL", "org_unit": world.commune, "period": FEB, "value": "60"},
        {"element": "HAS_PORTAL", "org_unit": world.commune, "period": FEB, "value": "có"},
    ]
    result = entry.save_values(world.clerk, rows, dry_run=True)
    assert result.count("created") == 2 and result.dry_run
    assert not DataValue.objects.exists() and not Report.objects.exists()


def test_import_strategies(world):
    save(world, value="10")
    row = {"org_unit": "TINH_AN", "period": FEB}
    result = entry.save_values(
        world.clerk,
        [
            {**row, "element": "DOSSIERS_TOTAL", "value": "11"},
            {**row, "element": "SPENDING", "value": "5"},
        ],
        strategy=entry.Strategy.CREATE,
    )
    assert [r.action for r in result.results] == ["ignored", "created"]
    result = entry.save_values(
        world.clerk,
        [
            {**row, "element": "DOSSIERS_TOTAL", "value": "12"},
            {**row, "element": "NOTE", "value": "x"},
        ],
        strategy=entry.Strategy.UPDATE,
    )
    assert [r.action for r in result.results] == ["updated", "ignored"]
    result = entry.save_values(
        world.clerk,
        [{**row, "element": "SPENDING", "value": "5"}],
        strategy=entry.Strategy.DELETE,
    )
    assert [r.action for r in result.results] == ["deleted"]
    with pytest.raises(ValidationError):
        entry.save_values(world.clerk, [], strategy="MERGE")


def test_a_racing_save_of_the_same_cell_updates_the_one_row(world):
    """The second of two simultaneous first saves meets the unique constraint and updates."""
    save(world, value="10")
    session = entry._Entry(world.clerk)
    element, unit = session.element("DOSSIERS_TOTAL"), world.commune
    key = {
        "element": element,
        "period": FEB,
        "org_unit": unit,
        "option_combo": session.cell(element, None),
    }
    from django.db import transaction

    from chinhquyenso.reporting.periods import Period

    with transaction.atomic():
        stored, action, before = session._store(None, key, Period.parse(FEB), "11", 11, None)
    assert action == "updated" and before["value"] == "10"
    assert DataValue.objects.get().value == "11"


def test_report_status_defaults(world):
    save(world)
    assert Report.objects.get().status == ReportStatus.OPEN


def test_a_batch_may_name_a_cell_twice(world):
    save(world, element="STAFF", option_combo="MALE", value="1")
    row = {"org_unit": "TINH_AN", "period": FEB, "element": "STAFF"}
    result = entry.save_values(
        world.clerk,
        [
            {**row, "option_combo": "FEMALE", "value": "5"},
            {**row, "option_combo": "FEMALE", "value": "6"},
            {**row, "option_combo": "MALE", "value": ""},
            {**row, "option_combo": "MALE", "value": "2"},
        ],
    )
    assert [r.action for r in result.results] == ["created", "updated", "deleted", "created"]
    stored = dict(DataValue.objects.values_list("option_combo__code", "value"))
    assert stored == {"FEMALE": "6", "MALE": "2"}
