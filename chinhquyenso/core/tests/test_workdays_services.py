"""Declaring and removing calendar days: permission, validation, audit, CSV command, web page."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from chinhquyenso.core.choices import CalendarDayKind, Role
from chinhquyenso.core.models import AuditEvent, CalendarDay
from chinhquyenso.core.services import workdays

CSV_2026 = Path(__file__).resolve().parents[3] / "data" / "calendar" / "vn-2026.csv"
SATURDAY = date(2026, 10, 10)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin(registry):
    return registry.user("quantri", Role.SYSTEM_ADMIN)


@pytest.fixture
def clerk(registry):
    return registry.user("vanthu", Role.CLERK)


def test_declare_and_remove_are_audited(admin):
    row = workdays.declare_calendar_day(
        admin, SATURDAY, CalendarDayKind.WORKING_DAY, "  Làm bù theo quyết định X  "
    )
    assert row.reason == "Làm bù theo quyết định X"
    assert workdays.is_working_day(SATURDAY)
    event = AuditEvent.objects.get(action="core.calendar_day.declare")
    assert event.actor_id == admin.pk and event.after["kind"] == "working_day"
    workdays.remove_calendar_day(admin, SATURDAY)
    assert not CalendarDay.objects.exists()
    assert not workdays.is_working_day(SATURDAY)
    assert AuditEvent.objects.get(action="core.calendar_day.remove").before["date"] == "2026-10-10"


def test_only_calendar_managers_may_declare(clerk):
    with pytest.raises(PermissionDenied):
        workdays.declare_calendar_day(clerk, SATURDAY, CalendarDayKind.WORKING_DAY, "Lý do")
    with pytest.raises(PermissionDenied):
        workdays.remove_calendar_day(clerk, SATURDAY)
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("kind", "reason", "field"),
    [
        (CalendarDayKind.DAY_OFF, "   ", "reason"),
        (CalendarDayKind.DAY_OFF, "x" * 256, "reason"),
        ("holiday", "Lý do", "kind"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(admin, kind, reason, field):
    with pytest.raises(ValidationError) as excinfo:
        workdays.declare_calendar_day(admin, SATURDAY, kind, reason)
    assert field in excinfo.value.message_dict
    assert not CalendarDay.objects.exists()


def test_duplicate_date_is_refused(admin):
    workdays.declare_calendar_day(admin, SATURDAY, CalendarDayKind.WORKING_DAY, "Lần một")
    with pytest.raises(ValidationError) as excinfo:
        workdays.declare_calendar_day(admin, SATURDAY, CalendarDayKind.DAY_OFF, "Lần hai")
    assert "10/10/2026" in excinfo.value.message_dict["date"][0]
    assert CalendarDay.objects.get().reason == "Lần một"


def test_removing_an_undeclared_day_is_an_error(admin):
    with pytest.raises(ValidationError):
        workdays.remove_calendar_day(admin, SATURDAY)


def test_command_loads_the_2026_file_once(db):
    call_command("declare_calendar_days", str(CSV_2026))
    assert CalendarDay.objects.count() == 9
    tet = CalendarDay.objects.get(date=date(2026, 2, 17))
    assert tet.kind == CalendarDayKind.DAY_OFF and "9441/TB-BNV" in tet.reason
    events = AuditEvent.objects.count()
    call_command("declare_calendar_days", str(CSV_2026))
    assert CalendarDay.objects.count() == 9
    assert AuditEvent.objects.count() == events


def test_command_refuses_conflicts_unless_replace(admin):
    workdays.declare_calendar_day(admin, date(2026, 1, 10), CalendarDayKind.DAY_OFF, "Khác")
    with pytest.raises(CommandError, match="2026-01-10"):
        call_command("declare_calendar_days", str(CSV_2026))
    assert CalendarDay.objects.count() == 1
    call_command("declare_calendar_days", str(CSV_2026), "--replace")
    assert CalendarDay.objects.get(date=date(2026, 1, 10)).kind == CalendarDayKind.WORKING_DAY


def test_command_reports_every_bad_line_and_changes_nothing(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,kind,reason,source\n"
        "2026-13-01,day_off,Sai ngày,\n"
        "2026-03-02,weekend,Sai loại,\n"
        "2026-03-03,day_off,,\n"
        "2026-03-04,day_off,Đúng,QĐ 1\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("declare_calendar_days", str(bad))
    message = str(excinfo.value)
    assert "line 2" in message and "line 3" in message and "line 4" in message
    assert not CalendarDay.objects.exists()


def test_command_missing_file(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("declare_calendar_days", str(tmp_path / "none.csv"))


def test_calendar_page_lists_holidays(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("core:calendar"), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "26/04/2026" in html and "27/04/2026" in html
    assert 'name="reason"' not in html  # no declare form without core.manage_calendar


def test_calendar_page_requires_login_and_registry_access(client, registry):
    assert client.get(reverse("core:calendar")).status_code == 302
    client.force_login(registry.user("congdan", Role.CITIZEN))
    assert client.get(reverse("core:calendar")).status_code == 403


def test_admin_declares_and_removes_through_the_page(client, admin):
    client.force_login(admin)
    url = reverse("core:calendar")
    response = client.post(
        url, {"action": "declare", "date": "2026-10-10", "kind": "working_day", "reason": "QĐ 5"}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get().date == SATURDAY
    page = client.get(url, {"year": 2026}).content.decode()
    assert "QĐ 5" in page and 'name="reason"' in page
    response = client.post(url, {"action": "remove", "date": "2026-10-10"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()


def test_page_shows_validation_errors(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("core:calendar"),
        {"action": "declare", "date": "2026-10-10", "kind": "working_day", "reason": " "},
    )
    assert response.status_code == 400
    assert not CalendarDay.objects.exists()


def test_clerk_cannot_post(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("core:calendar"),
        {"action": "declare", "date": "2026-10-10", "kind": "working_day", "reason": "X"},
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.exists()
