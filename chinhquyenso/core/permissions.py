"""The one permission entry point: every view, API handler and service asks `has_perm`/`require`.

Deny by default: a permission not listed here, or a user without a matching active role
assignment in scope, is refused.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Role
from .compiled import CompiledQuery
from .models import Agency, Department, RoleAssignment

R = Role

# permission -> roles that grant it (within the assignment's scope).
PERMISSIONS: dict[str, frozenset[str]] = {
    "core.view_registry": frozenset(
        {
            R.SYSTEM_ADMIN,
            R.AGENCY_ADMIN,
            R.CLERK,
            R.LEADER,
            R.HEAD_OF_DEPARTMENT,
            R.SPECIALIST,
            R.ONE_STOP_OFFICER,
        }
    ),
    "core.manage_units": frozenset({R.SYSTEM_ADMIN}),
    "core.manage_agencies": frozenset({R.SYSTEM_ADMIN, R.AGENCY_ADMIN}),
    "core.manage_users": frozenset({R.SYSTEM_ADMIN, R.AGENCY_ADMIN}),
    "core.manage_roles": frozenset({R.SYSTEM_ADMIN, R.AGENCY_ADMIN}),
    "core.manage_calendar": frozenset({R.SYSTEM_ADMIN}),
    "core.view_audit": frozenset({R.SYSTEM_ADMIN}),
    "core.upload_file": frozenset(
        {
            R.SYSTEM_ADMIN,
            R.AGENCY_ADMIN,
            R.CLERK,
            R.LEADER,
            R.HEAD_OF_DEPARTMENT,
            R.SPECIALIST,
            R.ONE_STOP_OFFICER,
            R.CITIZEN,
        }
    ),
    # Reading any stored file by its hash, beyond the files one uploaded oneself.
    "core.view_all_files": frozenset({R.SYSTEM_ADMIN}),
    # A one-stop officer records a walk-in applicant seen for the first time (identity checked on
    # the paper CCCD at the counter).
    "core.register_citizen_at_counter": frozenset({R.ONE_STOP_OFFICER}),
}

ADMIN_ROLES = frozenset({R.SYSTEM_ADMIN, R.AGENCY_ADMIN})


def register_permissions(permissions: dict[str, frozenset[str]]) -> None:
    """Each app adds its own permissions at start-up (AppConfig.ready); names must not clash."""
    for name, roles in permissions.items():
        if name in PERMISSIONS and PERMISSIONS[name] != roles:
            raise ValueError(f"Permission {name} is already registered with other roles")
        PERMISSIONS[name] = frozenset(roles)


def _agency_chain(agency: Agency) -> list[int]:
    """Ids of the agency and all its ancestors, nearest first."""
    chain, seen, current = [], set(), agency
    while current is not None and current.pk not in seen:
        chain.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    return chain


def _scope_agency(scope) -> Agency | None:
    if isinstance(scope, Department):
        return scope.agency
    if isinstance(scope, Agency):
        return scope
    return None


def _assignment_covers(assignment: RoleAssignment, scope, chain: list[int]) -> bool:
    if assignment.agency_id is None and assignment.department_id is None:
        return True  # platform-wide assignment
    if scope is None:
        return False
    if assignment.department_id is not None:
        return isinstance(scope, Department) and scope.pk == assignment.department_id
    if not chain:
        return False
    if chain[0] == assignment.agency_id:
        return True  # the agency itself, or one of its departments
    return assignment.include_descendants and assignment.agency_id in chain[1:]


def clear_role_cache(user) -> None:
    """Forget the roles cached on this user object (after its assignments change)."""
    if user is not None:
        user.__dict__.pop("_cqs_role_cache", None)


@functools.cache
def _columns(model) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def role_columns(prefix: str = "") -> tuple[str, ...]:
    """values_list() paths of an assignment's columns, then its agency's and department's.

    `prefix` reaches the assignments from another model (e.g. "user__role_assignments__"):
    `roles_from_rows` turns such rows back into assignments.
    """
    return (
        *(f"{prefix}{c}" for c in _columns(RoleAssignment)),
        *(f"{prefix}agency__{c}" for c in _columns(Agency)),
        *(f"{prefix}department__{c}" for c in _columns(Department)),
    )


def _assignments_of(user_id):
    return (
        RoleAssignment.objects.filter(user_id=user_id).order_by("pk").values_list(*role_columns())
    )


# Every request that checks a permission reads the user's assignments: compiled once
# (core/compiled.py), with the assignment's agency and department from the same row.
_ASSIGNMENTS = CompiledQuery(_assignments_of, int)


def roles_from_rows(rows) -> list[RoleAssignment]:
    """The assignments valid today among rows of `role_columns()`, `agency` and `department`
    loaded; rows whose assignment id is None (an outer join without assignment) are skipped."""
    today = timezone.localdate()
    own, agency, department = (
        len(_columns(RoleAssignment)),
        len(_columns(Agency)),
        len(_columns(Department)),
    )
    loaded = []
    for row in rows:
        if row[0] is None:
            continue
        assignment = RoleAssignment.from_db("default", _columns(RoleAssignment), row[:own])
        # RoleAssignment.objects.active(today), checked here so the SQL does not change each day.
        if (assignment.valid_from is not None and assignment.valid_from > today) or (
            assignment.valid_to is not None and assignment.valid_to < today
        ):
            continue
        values = row[own : own + agency]
        related = Agency.from_db("default", _columns(Agency), values) if values[0] else None
        RoleAssignment.agency.field.set_cached_value(assignment, related)
        values = row[own + agency : own + agency + department]
        related = Department.from_db("default", _columns(Department), values) if values[0] else None
        RoleAssignment.department.field.set_cached_value(assignment, related)
        loaded.append(assignment)
    return loaded


def set_roles(user, roles: list[RoleAssignment]) -> None:
    """Give `roles_of` the user's assignments read together with the user (token sign-in)."""
    user._cqs_role_cache = roles


def _load_roles(user) -> list[RoleAssignment]:
    """The user's assignments valid today, with `agency` and `department` loaded."""
    return roles_from_rows(_ASSIGNMENTS.rows(user.pk))


def roles_of(user) -> list[RoleAssignment]:
    if not user or not user.is_authenticated or not user.is_active:
        return []
    cache = getattr(user, "_cqs_role_cache", None)
    if cache is None:
        cache = _load_roles(user)
        user._cqs_role_cache = cache
    return cache


def has_role(user, *roles: str) -> bool:
    return any(a.role in roles for a in roles_of(user))


def has_perm(user, perm: str, scope: Agency | Department | None = None) -> bool:
    """True when one of the user's active assignments grants `perm` over `scope`.

    With no scope, any assignment granting the permission suffices (e.g. to show a menu entry);
    services that change an agency's data always pass the agency or department.
    """
    granting = PERMISSIONS.get(perm)
    if not granting:
        return False
    assignments = [a for a in roles_of(user) if a.role in granting]
    if not assignments:
        return False
    if scope is None:
        return True
    agency = _scope_agency(scope)
    if agency is None:
        return any(_assignment_covers(a, scope, []) for a in assignments)
    # The agency itself first: its ancestors are read only when an assignment with descendants
    # could reach it from above.
    if any(_assignment_covers(a, scope, [agency.pk]) for a in assignments):
        return True
    if not any(_reaches_down(a, agency.pk) for a in assignments):
        return False
    chain = _agency_chain(agency)
    return any(_assignment_covers(a, scope, chain) for a in assignments)


def _reaches_down(assignment: RoleAssignment, agency_id: int) -> bool:
    return (
        assignment.include_descendants
        and assignment.department_id is None
        and assignment.agency_id is not None
        and assignment.agency_id != agency_id
    )


def has_perm_in_agency(user, perm: str, agency_id: int) -> bool:
    """`has_perm(user, perm, agency)` for an agency known by its id, without loading it.

    A list or detail that already holds the row's `agency_id` asks this; nothing is read from
    the database unless an assignment with descendants could cover the agency from above.
    """
    ids = agency_ids_with_perm(user, perm, descendants=False)
    if ids is None or agency_id in ids:
        return True
    granting = PERMISSIONS.get(perm, frozenset())
    reaching = [a for a in roles_of(user) if a.role in granting and _reaches_down(a, agency_id)]
    if not reaching:
        return False
    ancestors = _ancestor_ids(agency_id)
    return any(a.agency_id in ancestors for a in reaching)


def _ancestor_ids(agency_id: int) -> set[int]:
    ancestors: set[int] = set()
    current = Agency.objects.filter(pk=agency_id).values_list("parent_id", flat=True).first()
    while current is not None and current not in ancestors and current != agency_id:
        ancestors.add(current)
        current = Agency.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return ancestors


def has_global_perm(user, perm: str) -> bool:
    """True only through a platform-wide assignment (no agency, no department)."""
    granting = PERMISSIONS.get(perm, frozenset())
    return any(
        a.role in granting and a.agency_id is None and a.department_id is None
        for a in roles_of(user)
    )


def covers_scope(
    user,
    perm: str,
    *,
    agency: Agency | None = None,
    department: Department | None = None,
    include_descendants: bool = False,
) -> bool:
    """True when `user` holds `perm` over everything an assignment with this scope would reach.

    Used to stop administrators granting (or touching) more than they administer themselves: an
    agency-wide grant with descendants needs the actor's own grant over the whole subtree, and a
    platform-wide one needs a platform-wide grant.
    """
    if department is not None:
        return has_perm(user, perm, department)
    if agency is None:
        return has_global_perm(user, perm)
    if not include_descendants:
        return has_perm(user, perm, agency)
    granting = PERMISSIONS.get(perm, frozenset())
    chain = _agency_chain(agency)
    return any(
        a.role in granting
        and a.department_id is None
        and (a.agency_id is None or (a.include_descendants and a.agency_id in chain))
        for a in roles_of(user)
    )


def require(user, perm: str, scope: Agency | Department | None = None) -> None:
    if not has_perm(user, perm, scope):
        raise PermissionDenied(_("You do not have permission to do this."))


def agencies_with_perm(user, perm: str):
    """Queryset of agencies on which `user` holds `perm` (for filtering lists).

    Agrees with `has_perm(user, perm, agency)`: a department-scoped assignment does not grant the
    whole agency, so it is left out here; `departments_with_perm` lists those departments.
    """
    ids = agency_ids_with_perm(user, perm)
    return Agency.objects.all() if ids is None else Agency.objects.filter(pk__in=ids)


def agency_ids_with_perm(user, perm: str, *, descendants: bool = True) -> frozenset[int] | None:
    """Ids of the agencies on which `user` holds `perm`; None means every agency.

    The list of `agencies_with_perm` without a query for it: only assignments that include
    subordinate agencies read the agency tree (and not at all with `descendants=False`, which
    gives the agencies granted directly).
    """
    granting = PERMISSIONS.get(perm, frozenset())
    assignments = [a for a in roles_of(user) if a.role in granting]
    if any(a.agency_id is None and a.department_id is None for a in assignments):
        return None
    ids: set[int] = set()
    for a in assignments:
        if a.department_id is not None or a.agency_id is None:
            continue
        ids.add(a.agency_id)
        if a.include_descendants and descendants:
            # Walk from this assignment's own root: an agency already granted directly by another
            # assignment must still have its children explored.
            subtree = {a.agency_id}
            frontier = {a.agency_id}
            while frontier:
                children = set(
                    Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
                )
                frontier = children - subtree
                subtree |= children
            ids |= subtree
    return frozenset(ids)


def departments_with_perm(user, perm: str):
    """Queryset of departments granted `perm` by department-scoped assignments only.

    A list filter combines it with `agencies_with_perm` (agency in one OR department in the other).
    """
    granting = PERMISSIONS.get(perm, frozenset())
    ids = {a.department_id for a in roles_of(user) if a.role in granting and a.department_id}
    return Department.objects.filter(pk__in=ids)
