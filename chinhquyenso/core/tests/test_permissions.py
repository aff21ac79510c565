"""The permission engine: deny by default, agency and department scopes, inheritance, validity."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from chinhquyenso.core import permissions
from chinhquyenso.core.choices import AgencyKind, Role
from chinhquyenso.core.models import Agency, Department, RoleAssignment, User

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def tree(registry):
    """province_committee ─┬─ office ── commune_office, with department VX in office
    └─ justice (a sibling of office)"""
    registry.justice = Agency.objects.create(
        name="Sở Tư pháp", kind=AgencyKind.STATE, parent=registry.province_committee
    )
    registry.commune_office = Agency.objects.create(
        name="Văn phòng HĐND và UBND xã Tịnh Sơn", kind=AgencyKind.STATE, parent=registry.office
    )
    registry.other_department = Department.objects.create(
        agency=registry.office, name="Phòng Kinh tế", abbreviation="KT"
    )
    return registry


def fresh(user: User) -> User:
    """A new object, so the per-object role cache does not hide database changes."""
    return User.objects.get(pk=user.pk)


# --- deny by default -------------------------------------------------------------------------


def test_unknown_permission_is_denied_even_to_a_system_admin(tree):
    admin = tree.user("root", Role.SYSTEM_ADMIN)
    assert permissions.has_perm(admin, "core.view_registry", tree.office)
    assert not permissions.has_perm(admin, "core.no_such_permission")
    assert not permissions.has_perm(admin, "core.no_such_permission", tree.office)
    with pytest.raises(PermissionDenied):
        permissions.require(admin, "core.no_such_permission", tree.office)


def test_user_without_roles_is_denied_everything(tree):
    nobody = tree.user("nobody")
    for perm in permissions.PERMISSIONS:
        assert not permissions.has_perm(nobody, perm)
        assert not permissions.has_perm(nobody, perm, tree.office)
    assert list(permissions.agencies_with_perm(nobody, "core.view_registry")) == []
    assert permissions.roles_of(nobody) == []


@pytest.mark.parametrize("user", [AnonymousUser(), None])
def test_anonymous_is_denied(tree, user):
    assert not permissions.has_perm(user, "core.view_registry")
    assert not permissions.has_perm(user, "core.upload_file", tree.office)
    assert not permissions.has_role(user, Role.CITIZEN)
    with pytest.raises(PermissionDenied):
        permissions.require(user, "core.view_registry")


def test_inactive_user_keeps_rows_but_gets_nothing(tree):
    admin = tree.user("root", Role.SYSTEM_ADMIN)
    admin.is_active = False
    admin.save()
    admin = fresh(admin)
    assert RoleAssignment.objects.filter(user=admin).exists()
    assert not permissions.has_perm(admin, "core.view_registry", tree.office)
    assert not permissions.has_role(admin, Role.SYSTEM_ADMIN)
    assert list(permissions.agencies_with_perm(admin, "core.view_registry")) == []


def test_a_role_that_does_not_grant_the_permission_is_refused(tree):
    clerk = tree.user("clerk", Role.CLERK, agency=tree.office)
    assert permissions.has_perm(clerk, "core.view_registry", tree.office)
    assert not permissions.has_perm(clerk, "core.manage_users", tree.office)
    assert not permissions.has_perm(clerk, "core.manage_units")


# --- agency scope and inheritance -------------------------------------------------------------


def test_clerk_of_office_cannot_act_on_province_committee(tree):
    clerk = tree.user("clerk", Role.CLERK, agency=tree.office)
    assert permissions.has_perm(clerk, "core.upload_file", tree.office)
    assert permissions.has_perm(clerk, "core.upload_file", tree.department)
    assert not permissions.has_perm(clerk, "core.upload_file", tree.province_committee)
    assert not permissions.has_perm(clerk, "core.upload_file", tree.justice)
    with pytest.raises(PermissionDenied):
        permissions.require(clerk, "core.upload_file", tree.province_committee)
    permissions.require(clerk, "core.upload_file", tree.office)


def test_without_include_descendants_subordinate_agencies_are_not_covered(tree):
    leader = tree.user("leader", Role.LEADER, agency=tree.province_committee)
    assert permissions.has_perm(leader, "core.view_registry", tree.province_committee)
    assert not permissions.has_perm(leader, "core.view_registry", tree.office)
    assert not permissions.has_perm(leader, "core.view_registry", tree.department)


def test_include_descendants_reaches_every_level_below(tree):
    leader = tree.user(
        "leader", Role.LEADER, agency=tree.province_committee, include_descendants=True
    )
    for scope in (
        tree.province_committee,
        tree.office,
        tree.justice,
        tree.commune_office,
        tree.department,
    ):
        assert permissions.has_perm(leader, "core.view_registry", scope), scope


def test_include_descendants_never_reaches_upward_or_sideways(tree):
    leader = tree.user("leader", Role.LEADER, agency=tree.office, include_descendants=True)
    assert permissions.has_perm(leader, "core.view_registry", tree.commune_office)
    assert not permissions.has_perm(leader, "core.view_registry", tree.province_committee)
    assert not permissions.has_perm(leader, "core.view_registry", tree.justice)


def test_department_scope_covers_only_that_department(tree):
    specialist = tree.user("specialist", Role.SPECIALIST, department=tree.department)
    assert permissions.has_perm(specialist, "core.view_registry", tree.department)
    assert not permissions.has_perm(specialist, "core.view_registry", tree.other_department)
    assert not permissions.has_perm(specialist, "core.view_registry", tree.office)
    assert not permissions.has_perm(specialist, "core.view_registry", tree.province_committee)


def test_agency_scope_covers_its_own_departments_only(tree):
    head = tree.user("head", Role.HEAD_OF_DEPARTMENT, agency=tree.justice)
    assert not permissions.has_perm(head, "core.view_registry", tree.department)


def test_no_scope_asks_whether_any_assignment_grants_the_permission(tree):
    clerk = tree.user("clerk", Role.CLERK, agency=tree.office)
    assert permissions.has_perm(clerk, "core.view_registry")
    assert not permissions.has_global_perm(clerk, "core.view_registry")


def test_an_object_that_is_not_a_scope_is_covered_only_platform_wide(tree):
    clerk = tree.user("clerk", Role.CLERK, agency=tree.office)
    admin = tree.user("root", Role.SYSTEM_ADMIN)
    assert not permissions.has_perm(clerk, "core.view_registry", clerk)
    assert permissions.has_perm(admin, "core.view_registry", clerk)


# --- validity period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "granted"),
    [
        (-10, -1, False),  # expired yesterday
        (1, None, False),  # starts tomorrow
        (1, 5, False),
        (-10, 0, True),  # valid_to is the last valid day
        (0, None, True),
        (None, None, True),
    ],
)
def test_validity_period_decides(tree, start, end, granted):
    today = timezone.localdate()
    user = tree.user("clerk")
    RoleAssignment.objects.create(
        user=user,
        role=Role.CLERK,
        agency=tree.office,
        valid_from=None if start is None else today + start * DAY,
        valid_to=None if end is None else today + end * DAY,
    )
    assert permissions.has_perm(user, "core.view_registry", tree.office) is granted
    assert permissions.has_role(user, Role.CLERK) is granted
    assert (tree.office in permissions.agencies_with_perm(user, "core.view_registry")) is granted


# --- system administrator and helpers ---------------------------------------------------------


def test_system_admin_is_global(tree):
    admin = tree.user("root", Role.SYSTEM_ADMIN)
    for scope in (None, tree.province_committee, tree.commune_office, tree.other_department):
        assert permissions.has_perm(admin, "core.manage_units", scope)
        assert permissions.has_perm(admin, "core.manage_roles", scope)
    assert permissions.has_global_perm(admin, "core.manage_users")
    assert set(permissions.agencies_with_perm(admin, "core.manage_users")) == set(
        Agency.objects.all()
    )


def test_agency_admin_is_not_a_system_admin(tree):
    agency_admin = tree.user("aa", Role.AGENCY_ADMIN, agency=tree.office)
    assert permissions.has_perm(agency_admin, "core.manage_users", tree.office)
    assert not permissions.has_perm(agency_admin, "core.manage_units")
    assert not permissions.has_perm(agency_admin, "core.view_audit", tree.office)
    assert not permissions.has_global_perm(agency_admin, "core.manage_users")


def test_agencies_with_perm_lists_exactly_the_covered_agencies(tree):
    clerk = tree.user("clerk", Role.CLERK, agency=tree.office)
    leader = tree.user("leader", Role.LEADER, agency=tree.office, include_descendants=True)
    specialist = tree.user("specialist", Role.SPECIALIST, department=tree.department)
    perm = "core.view_registry"
    assert set(permissions.agencies_with_perm(clerk, perm)) == {tree.office}
    assert set(permissions.agencies_with_perm(leader, perm)) == {tree.office, tree.commune_office}
    assert list(permissions.agencies_with_perm(clerk, "core.manage_users")) == []
    assert list(permissions.agencies_with_perm(clerk, "core.no_such_permission")) == []
    # A department grant is not a grant on the agency; it is listed among departments.
    assert list(permissions.agencies_with_perm(specialist, perm)) == []
    assert set(permissions.departments_with_perm(specialist, perm)) == {tree.department}
    assert list(permissions.departments_with_perm(clerk, perm)) == []


def test_agencies_with_perm_walks_the_whole_subtree_even_when_a_child_is_granted_directly(tree):
    user = tree.user("leader")
    # The direct grant on office comes first, so a walk that skipped known agencies stopped there.
    RoleAssignment.objects.create(user=user, role=Role.LEADER, agency=tree.office)
    RoleAssignment.objects.create(
        user=user, role=Role.LEADER, agency=tree.province_committee, include_descendants=True
    )
    assert tree.commune_office in permissions.agencies_with_perm(user, "core.view_registry")


def test_agencies_with_perm_agrees_with_has_perm(tree):
    users = [
        tree.user("clerk", Role.CLERK, agency=tree.office),
        tree.user("leader", Role.LEADER, agency=tree.office, include_descendants=True),
        tree.user("specialist", Role.SPECIALIST, department=tree.department),
        tree.user("head", Role.HEAD_OF_DEPARTMENT, agency=tree.justice),
    ]
    for user in users:
        listed = set(permissions.agencies_with_perm(user, "core.view_registry"))
        for agency in Agency.objects.all():
            expected = permissions.has_perm(user, "core.view_registry", agency)
            assert (agency in listed) is expected, (user, agency)


def test_covers_scope_refuses_more_than_the_actor_holds(tree):
    office_admin = tree.user("office-admin", Role.AGENCY_ADMIN, agency=tree.office)
    province_admin = tree.user(
        "province-admin",
        Role.AGENCY_ADMIN,
        agency=tree.province_committee,
        include_descendants=True,
    )
    root = tree.user("root", Role.SYSTEM_ADMIN)
    perm = "core.manage_roles"
    assert permissions.covers_scope(office_admin, perm, agency=tree.office)
    assert permissions.covers_scope(office_admin, perm, department=tree.department)
    assert not permissions.covers_scope(
        office_admin, perm, agency=tree.office, include_descendants=True
    )
    assert not permissions.covers_scope(office_admin, perm, agency=tree.province_committee)
    assert not permissions.covers_scope(office_admin, perm)
    assert permissions.covers_scope(
        province_admin, perm, agency=tree.office, include_descendants=True
    )
    assert not permissions.covers_scope(province_admin, perm)
    assert permissions.covers_scope(root, perm)
    assert permissions.covers_scope(
        root, perm, agency=tree.province_committee, include_descendants=True
    )


def test_role_cache_is_per_object_and_can_be_cleared(tree):
    user = tree.user("clerk")
    assert not permissions.has_role(user, Role.CLERK)
    RoleAssignment.objects.create(user=user, role=Role.CLERK, agency=tree.office)
    assert not permissions.has_role(user, Role.CLERK)  # cached for the request
    permissions.clear_role_cache(user)
    assert permissions.has_role(user, Role.CLERK)
