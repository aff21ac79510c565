"""Role grants and revocations: scope rules, no escalation, history kept, audit written."""

import datetime

import pytest
from django.utils import timezone

from chinhquyenso.core import permissions
from chinhquyenso.core.choices import AgencyKind, Role, UserKind
from chinhquyenso.core.models import Agency, AuditEvent, Department, RoleAssignment
from chinhquyenso.core.services import people

from .test_people import STRONG, denied, refused

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(registry):
    registry.commune_office = Agency.objects.create(
        name="Văn phòng UBND xã Tịnh Sơn", kind=AgencyKind.STATE, parent=registry.office
    )
    registry.root = registry.user("root", Role.SYSTEM_ADMIN)
    registry.office_admin = registry.user("office-admin", Role.AGENCY_ADMIN, agency=registry.office)
    registry.official = registry.user("official", agency=registry.office)
    registry.citizen = people.register_citizen(
        "dan", "Trần Thị Dân", "051190000001", "dan@example.vn", STRONG
    )
    return registry


def test_agency_admin_grants_a_role_in_their_agency(world):
    assignment = people.assign_role(world.office_admin, world.official, Role.CLERK, world.office)
    assert assignment.valid_from == timezone.localdate() and assignment.valid_to is None
    assert permissions.has_perm(world.official, "core.upload_file", world.office)
    event = AuditEvent.objects.get(action="core.role.assign", object_id=str(assignment.pk))
    assert event.actor_id == world.office_admin.pk
    assert event.after["role"] == Role.CLERK and event.after["agency_id"] == world.office.pk


def test_department_grant_is_stored_as_the_department_alone(world):
    assignment = people.assign_role(
        world.office_admin,
        world.official,
        Role.SPECIALIST,
        agency=world.office,
        department=world.department,
    )
    assert assignment.agency_id is None and assignment.department == world.department
    assert permissions.has_perm(world.official, "core.view_registry", world.department)
    assert not permissions.has_perm(world.official, "core.view_registry", world.office)


def test_agency_admin_cannot_grant_above_or_beside_their_scope(world):
    with denied():
        people.assign_role(
            world.office_admin, world.official, Role.AGENCY_ADMIN, world.province_committee
        )
    with denied():  # office has a subordinate agency the admin does not administer
        people.assign_role(
            world.office_admin,
            world.official,
            Role.AGENCY_ADMIN,
            world.office,
            include_descendants=True,
        )
    with denied():
        people.assign_role(world.office_admin, world.official, Role.SYSTEM_ADMIN)
    with denied():  # platform-wide
        people.assign_role(world.office_admin, world.official, Role.LEADER)
    with denied():
        people.assign_role(world.office_admin, world.citizen, Role.CITIZEN)


def test_agency_admin_may_appoint_another_admin_for_their_own_agency(world):
    people.assign_role(world.office_admin, world.official, Role.AGENCY_ADMIN, world.office)
    assert permissions.has_perm(world.official, "core.manage_roles", world.office)


def test_admin_over_the_whole_tree_may_grant_with_descendants(world):
    province_admin = world.user(
        "province-admin",
        Role.AGENCY_ADMIN,
        agency=world.province_committee,
        include_descendants=True,
    )
    people.assign_role(
        province_admin, world.official, Role.LEADER, world.office, include_descendants=True
    )
    assert permissions.has_perm(world.official, "core.view_registry", world.commune_office)


def test_only_system_admin_grants_system_admin_and_only_platform_wide(world):
    with refused("agency"):
        people.assign_role(world.root, world.official, Role.SYSTEM_ADMIN, world.office)
    people.assign_role(world.root, world.official, Role.SYSTEM_ADMIN)
    assert permissions.has_global_perm(world.official, "core.manage_units")


def test_role_must_suit_the_kind_of_account(world):
    with refused("role"):
        people.assign_role(world.root, world.official, Role.CITIZEN)
    with refused("role"):
        people.assign_role(world.root, world.citizen, Role.CLERK, world.office)
    business = people.register_business("cty", "Công ty", "0100109106", "c@x.vn", STRONG)
    assert business.kind == UserKind.BUSINESS
    with refused("role"):
        people.assign_role(world.office_admin, business, Role.CLERK, world.office)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"role": "mayor"}, "role"),
        ({"role": Role.AGENCY_ADMIN, "department": "department"}, "agency"),
        ({"role": Role.CLERK, "department": "department", "include_descendants": True}, "include"),
        ({"role": Role.CLERK, "valid_from": 5, "valid_to": 2}, "valid_to"),
        ({"role": Role.CLERK, "valid_from": -5, "valid_to": -1}, "valid_to"),
        ({"role": Role.CLERK, "department": "foreign"}, "department"),
    ],
)
def test_invalid_grants_change_nothing(world, kwargs, field):
    today = timezone.localdate()
    foreign = Department.objects.create(
        agency=world.province_committee, name="Phòng Nội chính", abbreviation="NC"
    )
    departments = {"department": world.department, "foreign": foreign}
    kwargs = dict(kwargs)
    if "department" in kwargs:
        kwargs["department"] = departments[kwargs["department"]]
    for key in ("valid_from", "valid_to"):
        if key in kwargs:
            kwargs[key] = today + kwargs[key] * DAY
    field = "include_descendants" if field == "include" else field
    with refused(field):
        people.assign_role(world.root, world.official, agency=world.office, **kwargs)


def test_duplicate_of_an_active_identical_assignment_is_refused(world):
    people.assign_role(world.office_admin, world.official, Role.CLERK, world.office)
    with refused("role"):
        people.assign_role(world.office_admin, world.official, Role.CLERK, world.office)
    # Another role, or the same role elsewhere, is not a duplicate.
    people.assign_role(world.office_admin, world.official, Role.LEADER, world.office)
    people.assign_role(world.office_admin, world.official, Role.CLERK, department=world.department)


def test_future_grant_overlapping_an_open_one_is_a_duplicate(world):
    today = timezone.localdate()
    people.assign_role(
        world.office_admin, world.official, Role.CLERK, world.office, valid_to=today + 9 * DAY
    )
    with refused("role"):
        people.assign_role(
            world.office_admin, world.official, Role.CLERK, world.office, valid_from=today + 9 * DAY
        )
    people.assign_role(
        world.office_admin, world.official, Role.CLERK, world.office, valid_from=today + 10 * DAY
    )


def test_nobody_grants_themselves_and_deactivated_accounts_get_nothing(world):
    with refused("user"):
        people.assign_role(world.office_admin, world.office_admin, Role.LEADER, world.office)
    people.deactivate_user(world.office_admin, world.official)
    with refused("user"):
        people.assign_role(world.office_admin, world.official, Role.CLERK, world.office)


def test_revoke_ends_yesterday_keeps_history_and_can_be_granted_again(world):
    assignment = people.assign_role(world.office_admin, world.official, Role.CLERK, world.office)
    people.revoke_role(world.office_admin, assignment)
    assignment.refresh_from_db()
    assert assignment.valid_to == timezone.localdate() - DAY
    assert not permissions.has_perm(world.official, "core.upload_file", world.office)
    event = AuditEvent.objects.get(action="core.role.revoke")
    assert event.before["valid_to"] is None
    assert event.after["valid_to"] == assignment.valid_to.isoformat()
    with refused("valid_to"):
        people.revoke_role(world.office_admin, assignment)
    again = people.assign_role(world.office_admin, world.official, Role.CLERK, world.office)
    assert RoleAssignment.objects.filter(user=world.official, role=Role.CLERK).count() == 2
    assert permissions.has_perm(world.official, "core.upload_file", world.office)
    assert again.pk != assignment.pk


def test_revoking_a_grant_that_had_not_started_unblocks_a_new_one(world):
    later = timezone.localdate() + 30 * DAY
    planned = people.assign_role(
        world.office_admin, world.official, Role.LEADER, world.office, valid_from=later
    )
    people.revoke_role(world.office_admin, planned)
    people.assign_role(world.office_admin, world.official, Role.LEADER, world.office)


def test_agency_admin_cannot_revoke_outside_their_scope(world):
    province_clerk = world.user("pclerk", Role.CLERK, agency=world.province_committee)
    with denied():
        people.revoke_role(world.office_admin, province_clerk.role_assignments.get())
    with denied():
        people.revoke_role(world.office_admin, world.citizen.role_assignments.get())
    with denied():
        people.revoke_role(world.office_admin, world.root.role_assignments.get())


def test_the_last_system_admin_cannot_be_revoked(world):
    own = world.root.role_assignments.get()
    with refused("role"):
        people.revoke_role(world.root, own)
    people.assign_role(world.root, world.official, Role.SYSTEM_ADMIN)
    people.revoke_role(world.root, own)
    assert not people.is_system_admin(world.root)
