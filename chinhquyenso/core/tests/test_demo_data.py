"""`manage.py load_demo_data`: the Quảng Ngãi demo world, safe to load twice."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.utils import translation

from chinhquyenso.core.choices import Role, UnitKind, UnitLevel, UserKind
from chinhquyenso.core.management.commands.load_demo_data import AGENCIES, USERS
from chinhquyenso.core.models import (
    AdministrativeUnit,
    Agency,
    AuditEvent,
    Department,
    RoleAssignment,
    User,
)
from chinhquyenso.core.permissions import has_perm, has_role


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; run alone, the default language would be Vietnamese.
    with translation.override("en"):
        yield


def _load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def _state() -> dict:
    return {
        "agencies": sorted(Agency.objects.values_list("electronic_id", "name", "parent_id")),
        "departments": sorted(Department.objects.values_list("agency_id", "abbreviation")),
        "users": sorted(User.objects.values_list("username", "password", "agency_id")),
        "roles": sorted(RoleAssignment.objects.values_list("user_id", "role", "agency_id")),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.django_db
def test_creates_agencies_departments_and_one_user_per_role():
    _load()
    province = Agency.objects.get(electronic_id="000.00.00.H48")
    assert province.name == "Ủy ban nhân dân tỉnh Quảng Ngãi" and province.notation_abbr == "UBND"
    office = Agency.objects.get(notation_abbr="VP", parent=province)
    assert set(office.departments.values_list("abbreviation", flat=True)) >= {
        "HCTC",
        "KT",
        "VX",
        "KSTT",
    }
    assert Agency.objects.get(notation_abbr="TU").kind == "party"
    assert Agency.objects.get(notation_abbr="VPTU").parent.notation_abbr == "TU"
    assert Agency.objects.filter(kind="front").exists()
    assert Agency.objects.filter(kind="sociopolitical").exists()
    assert Agency.objects.filter(name="Sở Khoa học và Công nghệ tỉnh Quảng Ngãi").exists()
    held = {
        user.username: {a.role for a in user.role_assignments.all()} for user in User.objects.all()
    }
    assert held == {
        "admin": {Role.SYSTEM_ADMIN},
        "vanthu": {Role.CLERK},
        "lanhdao": {Role.LEADER},
        "truongphong": {Role.HEAD_OF_DEPARTMENT},
        "chuyenvien": {Role.SPECIALIST},
        "motcua": {Role.ONE_STOP_OFFICER},
        "congdan": {Role.CITIZEN},
    }


@pytest.mark.django_db
def test_users_are_scoped_where_they_work():
    _load()
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and has_perm(admin, "core.view_audit")
    clerk = User.objects.get(username="vanthu")
    assert clerk.full_name == "Nguyễn Thị Lan"
    assert not has_perm(clerk, "core.view_audit")
    vx = Department.objects.get(abbreviation="VX", agency__notation_abbr="VP")
    assert User.objects.get(username="chuyenvien").department == vx
    assert has_role(User.objects.get(username="truongphong"), Role.HEAD_OF_DEPARTMENT)
    assert User.objects.get(username="motcua").agency.short_name == "UBND phường Cẩm Thành"
    citizen = User.objects.get(username="congdan")
    assert citizen.kind == UserKind.CITIZEN and len(citizen.citizen_id) == 12


@pytest.mark.django_db
def test_printed_passwords_work_and_meet_the_policy():
    out = _load()
    for seed in USERS:
        user = User.objects.get(username=seed.username)
        assert user.check_password(seed.password)
        validate_password(seed.password, user)
        assert seed.username in out and seed.password in out
    assert "two-factor" in out


@pytest.mark.django_db
def test_second_run_changes_nothing():
    _load()
    first = _state()
    out = _load()
    assert _state() == first
    assert "nothing changed" in out
    assert "Song-Tra-2025" in out  # the sign-ins are printed every time


@pytest.mark.django_db
def test_one_audit_event_per_effective_load():
    _load()
    events = AuditEvent.objects.filter(action="core.demo.load")
    assert events.count() == 1
    assert "vanthu" in events.get().after["users"]


@pytest.mark.django_db
def test_identifiers_are_unique_and_well_formed():
    _load()
    ids = [seed.electronic_id for seed in AGENCIES]
    assert len(ids) == len(set(ids))
    for agency in Agency.objects.all():
        agency.full_clean()


@pytest.mark.django_db
def test_links_imported_units_and_tolerates_missing_ones():
    reform = datetime.date(2025, 7, 1)
    province = AdministrativeUnit.objects.create(
        code="51", name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE
    )
    ward = AdministrativeUnit.objects.create(
        code="21025",
        name="Phường Cẩm Thành",
        kind=UnitKind.WARD,
        level=UnitLevel.COMMUNE,
        parent=province,
        valid_from=reform,
    )
    _load()
    assert Agency.objects.get(short_name="UBND phường Cẩm Thành").administrative_unit == ward
    assert Agency.objects.get(electronic_id="000.00.00.H48").administrative_unit == province
    # Nghĩa Lộ was not imported here: its link stays empty instead of failing.
    assert Agency.objects.get(short_name="UBND phường Nghĩa Lộ").administrative_unit is None


@pytest.mark.django_db
def test_units_imported_later_are_linked_on_the_next_run():
    _load()
    ward = AdministrativeUnit.objects.create(
        code="21028",
        name="Phường Nghĩa Lộ",
        kind=UnitKind.WARD,
        level=UnitLevel.COMMUNE,
        valid_from=datetime.date(2025, 7, 1),
    )
    _load()
    assert Agency.objects.get(short_name="UBND phường Nghĩa Lộ").administrative_unit == ward
    assert AuditEvent.objects.filter(action="core.demo.load").count() == 2


@pytest.mark.django_db
def test_logins_only_prints_the_sign_ins_and_changes_nothing():
    from io import StringIO

    from django.core.management import call_command

    from chinhquyenso.core.models import Agency, AuditEvent, User

    out = StringIO()
    call_command("load_demo_data", "--logins-only", stdout=out)
    assert "vanthu" in out.getvalue() and "Song-Tra-2025" in out.getvalue()
    assert not User.objects.exists() and not Agency.objects.exists()
    assert not AuditEvent.objects.exists()
