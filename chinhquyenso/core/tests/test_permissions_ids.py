"""Permission checks by agency id (hot list and detail paths) agree with `has_perm`."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chinhquyenso.core import permissions
from chinhquyenso.core.choices import AgencyKind, Role
from chinhquyenso.core.models import Agency, RoleAssignment, User

pytestmark = pytest.mark.django_db
PERM = "core.view_registry"


@pytest.fixture
def tree(registry):
    registry.justice = Agency.objects.create(
        name="Sở Tư pháp", kind=AgencyKind.STATE, parent=registry.province_committee
    )
    registry.commune_office = Agency.objects.create(
        name="Văn phòng xã Tịnh Sơn", kind=AgencyKind.STATE, parent=registry.office
    )
    return registry


def _users(tree) -> list[User]:
    return [
        tree.user("clerk", Role.CLERK, agency=tree.office),
        tree.user("leader", Role.LEADER, agency=tree.office, include_descendants=True),
        tree.user("top", Role.LEADER, agency=tree.province_committee, include_descendants=True),
        tree.user("specialist", Role.SPECIALIST, department=tree.department),
        tree.user("admin", Role.SYSTEM_ADMIN),
        tree.user("nobody"),
    ]


def test_has_perm_in_agency_agrees_with_has_perm(tree):
    for user in _users(tree):
        for agency in Agency.objects.all():
            expected = permissions.has_perm(user, PERM, agency)
            assert permissions.has_perm_in_agency(user, PERM, agency.pk) is expected, (
                user,
                agency,
            )


def test_agency_ids_agree_with_agencies_with_perm(tree):
    for user in _users(tree):
        listed = {a.pk for a in permissions.agencies_with_perm(user, PERM)}
        ids = permissions.agency_ids_with_perm(user, PERM)
        assert (set(Agency.objects.values_list("pk", flat=True)) if ids is None else ids) == listed


def test_a_direct_grant_needs_no_query(tree):
    clerk = User.objects.get(pk=tree.user("clerk", Role.CLERK, agency=tree.office).pk)
    permissions.roles_of(clerk)
    with CaptureQueriesContext(connection) as queries:
        assert permissions.has_perm_in_agency(clerk, PERM, tree.office.pk)
        assert not permissions.has_perm_in_agency(clerk, PERM, tree.justice.pk)
        assert permissions.agency_ids_with_perm(clerk, PERM) == {tree.office.pk}
        assert permissions.has_perm(clerk, PERM, tree.office)
    assert len(queries) == 0


def test_roles_come_with_agency_and_department_in_one_query(tree):
    user = tree.user("specialist", Role.SPECIALIST, department=tree.department)
    RoleAssignment.objects.create(user=user, role=Role.CLERK, agency=tree.office)
    today = timezone.localdate()
    RoleAssignment.objects.create(
        user=user, role=Role.LEADER, agency=tree.office, valid_to=today - datetime.timedelta(1)
    )
    RoleAssignment.objects.create(
        user=user, role=Role.LEADER, agency=tree.justice, valid_from=today + datetime.timedelta(1)
    )
    user = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        roles = permissions.roles_of(user)
        names = sorted((a.role, (a.department or a.agency).name) for a in roles)
    assert len(queries) == 1
    assert names == [
        (Role.CLERK, tree.office.name),
        (Role.SPECIALIST, tree.department.name),
    ]
    assert all(isinstance(a.valid_from, datetime.date | None) for a in roles)
    assert roles == list(RoleAssignment.objects.active(today).filter(user=user).order_by("pk"))
