"""Agency and department services: validation, permission scope, audit; and the agency selectors."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chinhquyenso.core.choices import AgencyKind, Role
from chinhquyenso.core.models import Agency, AuditEvent, Department
from chinhquyenso.core.selectors.agencies import agency_tree, search_agencies
from chinhquyenso.core.services.agencies import (
    close_agency,
    create_agency,
    create_department,
    update_agency,
    update_department,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin(registry):
    return registry.user("quantri", Role.SYSTEM_ADMIN)


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_create_agency_with_a_valid_identifier(registry, admin):
    agency = create_agency(
        admin,
        name="Sở Tư pháp tỉnh Quảng Ngãi",
        short_name="Sở Tư pháp",
        notation_abbr="STP",
        electronic_id="000.05.00.H48",
        kind=AgencyKind.STATE,
        parent=registry.province_committee,
    )
    assert Agency.objects.get(electronic_id="000.05.00.H48") == agency
    assert agency.name_folded == "so tu phap tinh quang ngai"
    event = AuditEvent.objects.get(action="core.agency.create")
    assert event.object_id == str(agency.pk) and event.actor == admin
    assert event.before is None and event.after["electronic_id"] == "000.05.00.H48"


@pytest.mark.parametrize("bad", ["000.00.00.h48", "00.00.00.H48", "000.00.00.H4", "H48"])
def test_invalid_identifier_is_rejected_with_the_reason(registry, admin, bad):
    count = Agency.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create_agency(admin, name="Sở mới", kind=AgencyKind.STATE, electronic_id=bad)
    message = _errors(excinfo)["electronic_id"][0]
    assert bad in message and "000.00.00.H48" in message
    assert Agency.objects.count() == count
    assert not AuditEvent.objects.filter(action="core.agency.create").exists()


def test_identifier_must_be_unique(registry, admin):
    with pytest.raises(ValidationError) as excinfo:
        create_agency(admin, name="Trùng", kind=AgencyKind.STATE, electronic_id="000.00.00.H48")
    assert "already used by Ủy ban nhân dân tỉnh Quảng Ngãi" in _errors(excinfo)["electronic_id"][0]
    # Saving an agency with its own identifier is not a clash.
    update_agency(admin, registry.province_committee, electronic_id="000.00.00.H48", phone="1")


def test_several_problems_are_reported_together_and_nothing_changes(registry, admin):
    with pytest.raises(ValidationError) as excinfo:
        create_agency(
            admin,
            name="  ",
            kind="army",
            valid_from=datetime.date(2025, 7, 1),
            valid_to=datetime.date(2025, 6, 30),
        )
    assert set(_errors(excinfo)) == {"name", "kind", "valid_to"}
    with pytest.raises(ValidationError) as excinfo:
        create_agency(admin, name="X", kind=AgencyKind.STATE, color="red")
    assert "color" in _errors(excinfo)


def test_parent_may_not_make_a_cycle(registry, admin):
    child = create_agency(admin, name="Phòng con", kind=AgencyKind.STATE, parent=registry.office)
    with pytest.raises(ValidationError) as excinfo:
        update_agency(admin, registry.province_committee, parent=child)
    assert "cycle" in _errors(excinfo)["parent"][0]
    with pytest.raises(ValidationError):
        update_agency(admin, registry.office, parent=registry.office)
    registry.province_committee.refresh_from_db()
    assert registry.province_committee.parent is None
    assert not AuditEvent.objects.filter(action="core.agency.update").exists()


def test_update_records_before_and_after(registry, admin):
    update_agency(admin, registry.office, name="Văn phòng UBND tỉnh Quảng Ngãi", phone="0255")
    event = AuditEvent.objects.get(action="core.agency.update")
    assert event.before["name"] == "Văn phòng Ủy ban nhân dân tỉnh"
    assert event.after["name"] == "Văn phòng UBND tỉnh Quảng Ngãi"
    assert event.after["phone"] == "0255"
    # An update that changes nothing writes nothing.
    update_agency(admin, registry.office, phone="0255")
    assert AuditEvent.objects.filter(action="core.agency.update").count() == 1


def test_specialist_may_not_manage_agencies(registry):
    specialist = registry.user("chuyenvien", Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        create_agency(specialist, name="Sở mới", kind=AgencyKind.STATE, parent=registry.office)
    with pytest.raises(PermissionDenied):
        update_agency(specialist, registry.office, name="Đổi tên")
    with pytest.raises(PermissionDenied):
        create_department(specialist, registry.office, name="Phòng mới", abbreviation="PM")
    assert Agency.objects.count() == 2 and Department.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_agency_admin_is_limited_to_their_agency(registry):
    office_admin = registry.user("qtvp", Role.AGENCY_ADMIN, agency=registry.office)
    child = create_agency(
        office_admin, name="Trung tâm Phục vụ hành chính công", kind="state", parent=registry.office
    )
    assert child.parent == registry.office
    with pytest.raises(PermissionDenied):
        create_agency(office_admin, name="Sở khác", kind="state")  # top level
    with pytest.raises(PermissionDenied):
        create_agency(
            office_admin, name="Sở khác", kind="state", parent=registry.province_committee
        )
    with pytest.raises(PermissionDenied):
        update_agency(office_admin, registry.province_committee, name="Đổi")
    with pytest.raises(PermissionDenied):  # moving its own agency under one it does not manage
        update_agency(office_admin, registry.office, parent=None)


def test_close_agency(registry, admin):
    with pytest.raises(ValidationError) as excinfo:
        close_agency(admin, registry.province_committee, datetime.date(2025, 6, 30))
    assert "Văn phòng Ủy ban nhân dân tỉnh" in _errors(excinfo)["valid_to"][0]
    closed = close_agency(admin, registry.office, datetime.date(2025, 6, 30))
    assert closed.valid_to == datetime.date(2025, 6, 30)
    event = AuditEvent.objects.get(action="core.agency.close")
    assert event.before["valid_to"] is None and event.after["valid_to"] == "2025-06-30"


def test_department_abbreviation_is_unique_among_current_departments(registry, admin):
    with pytest.raises(ValidationError) as excinfo:
        create_department(admin, registry.office, name="Phòng Văn xã", abbreviation="vx")
    assert "Phòng Văn hóa - Xã hội" in _errors(excinfo)["abbreviation"][0]
    # Another agency may use the same abbreviation.
    other = create_department(
        admin, registry.province_committee, name="Phòng VX", abbreviation="VX"
    )
    assert other.agency == registry.province_committee
    # Once the old one has ended, the abbreviation is free from the next day on.
    update_department(admin, registry.department, valid_to=datetime.date(2025, 6, 30))
    new = create_department(
        admin,
        registry.office,
        name="Phòng Văn hóa - Xã hội (mới)",
        abbreviation="VX",
        valid_from=datetime.date(2025, 7, 1),
    )
    assert new.pk and Department.objects.filter(agency=registry.office).count() == 2
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "core.department.create",
        "core.department.update",
        "core.department.create",
    ]


def test_search_agencies_by_name_short_name_abbreviation_and_identifier(registry):
    committee, office = registry.province_committee, registry.office
    assert list(search_agencies("uy ban nhan dan tinh quang ngai")) == [committee]
    assert list(search_agencies("ỦY BAN NHÂN DÂN TỈNH QUẢNG")) == [committee]
    assert set(search_agencies("uy ban nhan dan")) == {committee, office}
    assert list(search_agencies("van phong")) == [office]
    assert committee in search_agencies("UBND tỉnh")  # short name
    assert list(search_agencies("VP")) == [office]  # notation abbreviation / short name
    assert list(search_agencies("000.01.00")) == [office]
    assert set(search_agencies("h48")) == {committee, office}
    assert not search_agencies("so tai chinh").exists()


def test_agency_tree(registry, admin):
    create_agency(admin, name="Trung tâm", kind="state", parent=registry.office)
    (root,) = agency_tree()
    assert root.agency == registry.province_committee
    assert [child.agency for child in root.children] == [registry.office]
    assert root.children[0].children[0].agency.name == "Trung tâm"
    (office,) = agency_tree(registry.office)
    assert office.as_dict()["children"][0]["name"] == "Trung tâm"
