"""People and roles: officials created by administrators, self-registered citizens and
businesses, scoped role grants. Users are deactivated, never deleted (audit rows point at them).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit, permissions
from ..choices import Role, UserKind
from ..models import Agency, Department, RoleAssignment, User
from ..validators import validate_citizen_id, validate_tax_code
from .people_checks import (
    Errors,
    add,
    check_password,
    check_placement,
    check_role_rules,
    clean_email,
    clean_identifier,
    clean_text,
    clean_username,
    covers_assignment,
    is_last_system_admin,
    is_system_admin,
    overlapping,
    raise_if_any,
    require_over_user,
    save_new,
)

EDITABLE_OFFICIAL_FIELDS = frozenset(
    {"full_name", "email", "agency", "department", "position", "phone"}
)


def create_official(
    actor,
    username: str,
    full_name: str,
    email: str,
    agency: Agency | None,
    department: Department | None = None,
    position: str = "",
    password: str | None = None,
) -> User:
    """Create an official's account in `agency`; without a password they set one by reset link."""
    with transaction.atomic():
        if agency is None:
            raise ValidationError({"agency": [_("Choose the agency the official works in.")]})
        permissions.require(actor, "core.manage_users", agency)
        errors: Errors = {}
        username = clean_username(errors, username)
        full_name = clean_text(errors, "full_name", full_name, _("Enter the full name."))
        email = clean_email(errors, email)
        check_placement(errors, agency, department, timezone.localdate())
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            kind=UserKind.OFFICIAL,
            agency=agency,
            department=department,
            position=(position or "").strip(),
        )
        if password:
            check_password(errors, password, user)
        raise_if_any(errors)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        save_new(user)
        audit.record("core.user.create", user, after=audit.snapshot(user), actor=actor)
        return user


def update_official(actor, user: User, **changes) -> User:
    """Change an official's name, contact details or placement (fields listed in
    EDITABLE_OFFICIAL_FIELDS). Moving to another agency clears the department unless given."""
    unknown = set(changes) - EDITABLE_OFFICIAL_FIELDS
    if unknown:
        raise TypeError(f"update_official() cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        require_over_user(actor, user)
        if user.kind != UserKind.OFFICIAL:
            raise ValidationError({"kind": [_("Only officials' accounts are edited here.")]})
        before = audit.snapshot(user)
        errors: Errors = {}
        if "agency" in changes and changes["agency"] != user.agency:
            if changes["agency"] is None:
                add(errors, "agency", _("Choose the agency the official works in."))
            else:
                permissions.require(actor, "core.manage_users", changes["agency"])
            changes.setdefault("department", None)
        if changes.get("department") not in (None, user.department):
            permissions.require(actor, "core.manage_users", changes["department"])
        if "full_name" in changes:
            changes["full_name"] = clean_text(
                errors, "full_name", changes["full_name"], _("Enter the full name.")
            )
        if "email" in changes:
            changes["email"] = clean_email(errors, changes["email"], exclude=user)
        for field in ("position", "phone"):
            if field in changes:
                changes[field] = (changes[field] or "").strip()
        check_placement(
            errors,
            changes.get("agency", user.agency),
            changes.get("department", user.department),
            timezone.localdate(),
        )
        raise_if_any(errors)
        for field, value in changes.items():
            setattr(user, field, value)
        after = audit.snapshot(user)
        if after != before:
            user.save(update_fields=list(changes))
            audit.record("core.user.update", user, before=before, after=after, actor=actor)
        return user


def deactivate_user(actor, user: User) -> User:
    """Switch an account off: it can no longer sign in and holds no permission."""
    with transaction.atomic():
        given_user, user = user, User.objects.select_for_update().get(pk=user.pk)
        require_over_user(actor, user)
        if actor is not None and actor.pk == user.pk:
            raise ValidationError({"user": [_("You cannot deactivate your own account.")]})
        if not user.is_active:
            raise ValidationError({"is_active": [_("This account is already deactivated.")]})
        before = audit.snapshot(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(
            "core.user.deactivate", user, before=before, after=audit.snapshot(user), actor=actor
        )
        permissions.clear_role_cache(given_user)
        return user


def _register_public(user: User, password: str | None, errors: Errors) -> User:
    check_password(errors, password, user)
    raise_if_any(errors)
    user.set_password(password)
    save_new(user)
    role = RoleAssignment.objects.create(
        user=user, role=Role.CITIZEN, valid_from=timezone.localdate()
    )
    audit.record("core.user.register", user, after=audit.snapshot(user), actor=user)
    audit.record("core.role.assign", role, after=audit.snapshot(role), actor=user)
    return user


def register_citizen(
    username: str, full_name: str, citizen_id: str, email: str, password: str
) -> User:
    """Self-registration of a citizen, identified by the 12-digit CCCD number."""
    with transaction.atomic():
        errors: Errors = {}
        user = User(
            username=clean_username(errors, username),
            full_name=clean_text(errors, "full_name", full_name, _("Enter your full name.")),
            citizen_id=clean_identifier(errors, "citizen_id", citizen_id, validate_citizen_id),
            email=clean_email(errors, email),
            kind=UserKind.CITIZEN,
        )
        return _register_public(user, password, errors)


def citizen_at_counter(officer, full_name: str, citizen_id: str, phone: str = "") -> User:
    """The citizen with this CCCD; created without a password when first seen at a counter.

    The account can be claimed later (password reset, national e-ID); its identity level stays 0.
    """
    permissions.require(officer, "core.register_citizen_at_counter")
    with transaction.atomic():
        existing = User.objects.filter(citizen_id=citizen_id).first()
        if existing is not None:
            return existing
        errors: Errors = {}
        user = User(
            full_name=clean_text(errors, "full_name", full_name, _("Enter the full name.")),
            citizen_id=clean_identifier(errors, "citizen_id", citizen_id, validate_citizen_id),
            kind=UserKind.CITIZEN,
            phone=(phone or "")[:30],
        )
        if errors:
            raise ValidationError(errors)
        user.username = (
            citizen_id
            if not User.objects.filter(username=citizen_id).exists()
            else f"cccd-{citizen_id}"
        )
        user.set_unusable_password()
        user.save()
        role = RoleAssignment.objects.create(
            user=user, role=Role.CITIZEN, valid_from=timezone.localdate()
        )
        audit.record("core.user.create_at_counter", user, after=audit.snapshot(user), actor=officer)
        audit.record("core.role.assign", role, after=audit.snapshot(role), actor=officer)
        return user


def register_business(
    username: str, company_name: str, tax_code: str, email: str, password: str
) -> User:
    """Self-registration of a business (or a branch: 10-3 tax code); it acts as a citizen does."""
    with transaction.atomic():
        errors: Errors = {}
        user = User(
            username=clean_username(errors, username),
            full_name=clean_text(
                errors, "company_name", company_name, _("Enter the registered business name.")
            ),
            tax_code=clean_identifier(errors, "tax_code", tax_code, validate_tax_code),
            email=clean_email(errors, email),
            kind=UserKind.BUSINESS,
        )
        return _register_public(user, password, errors)


def assign_role(
    actor,
    user: User,
    role: str,
    agency: Agency | None = None,
    department: Department | None = None,
    include_descendants: bool = False,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> RoleAssignment:
    """Grant `role` to `user` in a scope the actor administers entirely (no escalation).

    A department scope is stored as the department alone; system administrator and
    platform-wide grants are reserved to system administrators.
    """
    with transaction.atomic():
        if role not in Role.values:
            raise ValidationError({"role": [_("Choose a role from the list.")]})
        if department is not None and agency is not None and department.agency_id != agency.pk:
            raise ValidationError(
                {"department": [_("The department must belong to the chosen agency.")]}
            )
        if department is not None:
            agency = None
        if role == Role.SYSTEM_ADMIN or (agency is None and department is None):
            if not is_system_admin(actor):
                raise PermissionDenied(
                    _(
                        "Only a system administrator may grant the system administrator role "
                        "or a role valid across the whole platform."
                    )
                )
        elif not permissions.covers_scope(
            actor,
            "core.manage_roles",
            agency=agency,
            department=department,
            include_descendants=include_descendants,
        ):
            raise PermissionDenied(
                _("You can grant roles only within the agencies and departments you administer.")
            )
        given_user, user = user, User.objects.select_for_update().get(pk=user.pk)
        today = timezone.localdate()
        start = valid_from or today
        errors: Errors = {}
        if actor is not None and actor.pk == user.pk:
            add(errors, "user", _("You cannot change your own roles; ask another administrator."))
        if not user.is_active:
            add(errors, "user", _("This account is deactivated."))
        check_role_rules(errors, user, role, agency, department, include_descendants)
        check_placement(errors, agency, department, today)
        if valid_to is not None and valid_to < start:
            add(errors, "valid_to", _("The end date must not be before the start date."))
        elif valid_to is not None and valid_to < today:
            add(errors, "valid_to", _("The end date is in the past; the role would never apply."))
        if not errors and overlapping(user, role, agency, department, start, valid_to):
            add(errors, "role", _("The user already holds this role in this scope."))
        raise_if_any(errors)
        assignment = RoleAssignment.objects.create(
            user=user,
            role=role,
            agency=agency,
            department=department,
            include_descendants=include_descendants,
            valid_from=start,
            valid_to=valid_to,
        )
        audit.record("core.role.assign", assignment, after=audit.snapshot(assignment), actor=actor)
        permissions.clear_role_cache(given_user)
        return assignment


def revoke_role(actor, assignment: RoleAssignment) -> RoleAssignment:
    """End an assignment yesterday, so it no longer applies today; the row stays as history."""
    with transaction.atomic():
        given, assignment = (
            assignment,
            RoleAssignment.objects.select_for_update(of=("self",))
            .select_related("user", "agency", "department")
            .get(pk=assignment.pk),
        )
        if not covers_assignment(actor, "core.manage_roles", assignment):
            raise PermissionDenied(
                _("You can revoke roles only within the agencies and departments you administer.")
            )
        today = timezone.localdate()
        if assignment.valid_to is not None and assignment.valid_to < today:
            raise ValidationError({"valid_to": [_("This role assignment has already ended.")]})
        if assignment.role == Role.SYSTEM_ADMIN and is_last_system_admin(assignment.user):
            raise ValidationError(
                {"role": [_("This is the last system administrator; appoint another one first.")]}
            )
        before = audit.snapshot(assignment)
        assignment.valid_to = today - datetime.timedelta(days=1)
        assignment.save(update_fields=["valid_to"])
        audit.record(
            "core.role.revoke",
            assignment,
            before=before,
            after=audit.snapshot(assignment),
            actor=actor,
        )
        # Objects the caller holds (its own user when revoking its own role) must not keep
        # answering from the roles cached before the change.
        for holder in (assignment.user, given._state.fields_cache.get("user"), actor):
            if holder is not None and holder.pk == assignment.user_id:
                permissions.clear_role_cache(holder)
        return assignment
