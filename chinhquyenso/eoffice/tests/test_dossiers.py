import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent, Notification
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import DossierStatus
from chinhquyenso.eoffice.models import DossierItem, WorkDossier
from chinhquyenso.eoffice.services.dossiers import add_months

from .dossier_fixtures import entry, incoming, keeper_fixture, outgoing, plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_plan_is_frozen_after_approval_until_a_new_round(registry, clerk, leader, plan):
    entry_vx = entry(plan, "01.VX")
    data = services.EntryData("01.VX", "Hồ sơ mới", 5, registry.department)
    with pytest.raises(ValidationError, match="approved and cannot change"):
        services.update_entry(clerk, entry_vx, data)
    with pytest.raises(ValidationError, match="approved and cannot change"):
        services.add_entry(clerk, plan, services.EntryData("03.VP", "Hồ sơ khác"))
    with pytest.raises(PermissionDenied):
        services.reopen_file_plan(clerk, plan, "Bổ sung")
    with pytest.raises(ValidationError, match="reason"):
        services.reopen_file_plan(leader, plan, "  ")
    services.reopen_file_plan(leader, plan, "Bổ sung hồ sơ phát sinh")
    services.update_entry(clerk, entry_vx, data)
    with pytest.raises(ValidationError, match="Choose|dossiers open only"):
        services.open_dossier(clerk, entry_vx)
    services.approve_file_plan(leader, plan)
    entry_vx.refresh_from_db()
    assert entry_vx.title == "Hồ sơ mới"
    actions = list(
        AuditEvent.objects.filter(action__startswith="eoffice.fileplan").values_list(
            "action", flat=True
        )
    )
    assert actions.count("eoffice.fileplan.approve") == 2
    assert "eoffice.fileplan.reopen" in actions


def test_plan_entries_are_checked(registry, clerk, leader):
    plan = services.create_file_plan(clerk, registry.office, 2027)
    with pytest.raises(ValidationError, match="already has a file plan"):
        services.create_file_plan(clerk, registry.office, 2027)
    with pytest.raises(ValidationError, match="without entries"):
        services.approve_file_plan(leader, plan)
    bad = [
        services.EntryData("TCCB", "Tiêu đề"),
        services.EntryData("01.TCCB", " "),
        services.EntryData("01.TCCB", "Tiêu đề", retention_years=0),
    ]
    for data in bad:
        with pytest.raises(ValidationError):
            services.add_entry(clerk, plan, data)
    services.add_entry(clerk, plan, services.EntryData("01.TCCB", "Tổ chức cán bộ"))
    with pytest.raises(ValidationError, match="already in this plan"):
        services.add_entry(clerk, plan, services.EntryData("01.TCCB", "Trùng"))
    assert plan.entries.count() == 1
    with pytest.raises(PermissionDenied):
        services.approve_file_plan(clerk, plan)


def test_a_department_keeper_manages_only_its_department(registry, clerk, keeper, plan):
    with pytest.raises(PermissionDenied):
        services.open_dossier(keeper, entry(plan, "02.VP"))
    dossier = services.open_dossier(keeper, entry(plan, "01.VX"))
    assert dossier.title == "Hồ sơ chuyển đổi số năm 2026"
    with pytest.raises(ValidationError, match="already open"):
        services.open_dossier(clerk, entry(plan, "01.VX"))


def test_one_document_in_two_dossiers_without_copying(registry, clerk, leader, plan):
    document = incoming(registry, clerk, leader, "19-CT/TU")
    first = services.open_dossier(clerk, entry(plan, "01.VX"))
    second = services.open_dossier(clerk, entry(plan, "02.VP"))
    services.add_document(clerk, first, incoming=document)
    services.add_document(clerk, second, incoming=document)
    assert DossierItem.objects.filter(incoming=document).count() == 2
    assert document.dossier_items.values_list("dossier", flat=True).distinct().count() == 2
    with pytest.raises(ValidationError, match="already in the dossier"):
        services.add_document(clerk, first, incoming=document)


def test_close_freezes_and_sets_handover_due(registry, clerk, leader, plan):
    dossier = services.open_dossier(clerk, entry(plan, "01.VX"))
    with pytest.raises(ValidationError, match="without documents"):
        services.close_dossier(clerk, dossier)
    item = services.add_document(clerk, dossier, incoming=incoming(registry, clerk, leader, "1/X"))
    later = incoming(registry, clerk, leader, "2/X")
    services.remove_document(clerk, item)
    services.add_document(clerk, dossier, incoming=later)
    dossier = services.close_dossier(clerk, dossier)
    closed_on = timezone.localdate(dossier.closed_at)
    assert dossier.status == DossierStatus.CLOSED
    assert dossier.handover_due == add_months(closed_on, 12)
    assert dossier.processed_online is True
    with pytest.raises(ValidationError, match="closed"):
        services.add_document(clerk, dossier, incoming=incoming(registry, clerk, leader, "3/X"))
    with pytest.raises(ValidationError, match="closed"):
        services.remove_document(clerk, dossier.items.get())
    with pytest.raises(ValidationError, match="closed"):
        services.close_dossier(clerk, dossier)
    assert AuditEvent.objects.filter(action="eoffice.dossier.close").count() == 1


def test_construction_dossier_is_due_in_three_months(registry, clerk, leader, plan):
    dossier = services.open_dossier(clerk, entry(plan, "02.VP"))
    services.add_document(clerk, dossier, outgoing=outgoing(registry, clerk, 5))
    dossier = services.close_dossier(clerk, dossier)
    assert dossier.handover_due == add_months(timezone.localdate(dossier.closed_at), 3)


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert add_months(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 10, 15), 3) == datetime.date(2027, 1, 15)


def test_hand_over_only_after_close_and_by_an_agency_keeper(registry, clerk, leader, keeper, plan):
    dossier = services.open_dossier(keeper, entry(plan, "01.VX"))
    services.add_document(keeper, dossier, outgoing=outgoing(registry, keeper, 7))
    with pytest.raises(ValidationError, match="Only a closed dossier"):
        services.hand_over(clerk, dossier)
    services.close_dossier(keeper, dossier)
    with pytest.raises(PermissionDenied):
        services.hand_over(keeper, dossier)
    dossier = services.hand_over(clerk, dossier)
    assert dossier.status == DossierStatus.HANDED_OVER and dossier.handed_over_at
    with pytest.raises(ValidationError, match="already handed over"):
        services.hand_over(clerk, dossier)


def test_a_document_the_user_cannot_see_is_refused(registry, clerk, leader, keeper, plan):
    other = registry.user("khac", Role.CLERK, agency=registry.province_committee)
    secret_place = incoming(registry, clerk, leader, "9/Y", assigned=False)
    dossier = services.open_dossier(keeper, entry(plan, "01.VX"))
    # The keeper's department was not routed this document, so the keeper cannot see it.
    with pytest.raises(PermissionDenied, match="cannot see"):
        services.add_document(keeper, dossier, incoming=secret_place)
    draft = outgoing(registry, clerk, 9, status="draft", number=None)
    with pytest.raises(PermissionDenied, match="not been issued"):
        services.add_document(clerk, dossier, outgoing=draft)
    with pytest.raises(PermissionDenied):
        services.add_document(other, dossier, incoming=secret_place)
    with pytest.raises(ValidationError, match="one incoming or one outgoing"):
        services.add_document(clerk, dossier)
    assert not dossier.items.exists()


def test_processed_online_needs_every_document_on_the_platform(registry, clerk, leader, plan):
    dossier = services.open_dossier(clerk, entry(plan, "01.VX"))
    services.add_document(clerk, dossier, outgoing=outgoing(registry, clerk, 3))
    paper = incoming(registry, clerk, leader, "4/Z", with_file=False)
    services.add_document(clerk, dossier, incoming=paper)
    assert services.close_dossier(clerk, dossier).processed_online is False


def test_reminder_30_days_before_due_is_sent_once(registry, clerk, leader, keeper, plan):
    dossier = services.open_dossier(keeper, entry(plan, "01.VX"))
    services.add_document(keeper, dossier, outgoing=outgoing(registry, keeper, 11))
    dossier = services.close_dossier(keeper, dossier)
    due = dossier.handover_due
    assert services.send_dossier_handover_reminders(due - datetime.timedelta(days=31)) == 0
    assert services.send_dossier_handover_reminders(due - datetime.timedelta(days=30)) == 1
    assert services.send_dossier_handover_reminders(due - datetime.timedelta(days=29)) == 0
    (note,) = Notification.objects.filter(user=keeper)
    assert "000.01.00.H48.2026.01.VX" in note.message
    services.hand_over(clerk, dossier)
    WorkDossier.objects.filter(pk=dossier.pk).update(handover_due=due + datetime.timedelta(days=1))
    assert services.send_dossier_handover_reminders(due) == 0  # handed over: nothing to remind


def test_reminder_command_runs(registry, clerk, plan):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_dossier_handover_reminders", stdout=out)
    assert "Sent 0" in out.getvalue()


def test_file_code_is_organ_id_year_and_notation(plan):
    assert services.file_code(entry(plan, "01.VX")) == "000.01.00.H48.2026.01.VX"
