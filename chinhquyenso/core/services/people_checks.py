"""Checks behind the people services: field cleaning with messages that say what to fix, and
the scope rules that stop an administrator reaching beyond what they administer."""

import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..choices import Role, UserKind
from ..models import Agency, Department, RoleAssignment, User

# Businesses use public services the way citizens do (submit applications, follow them up, send
# feedback), so both get the one `citizen` role; what differs is the identifier on the account.
PUBLIC_KINDS = frozenset({UserKind.CITIZEN, UserKind.BUSINESS})
PLATFORM_ONLY_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.CITIZEN})
Errors = dict[str, list[str]]


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if_any(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def clean_text(errors: Errors, field: str, value: str | None, message: str) -> str:
    value = (value or "").strip()
    if not value:
        add(errors, field, message)
    return value


def clean_username(errors: Errors, username: str | None) -> str:
    username = (username or "").strip()
    if not username:
        add(errors, "username", _("Enter a username."))
        return username
    try:
        User.username_validator(username)
    except ValidationError:
        add(
            errors,
            "username",
            _("A username may contain only letters, digits and the characters @ . + - _."),
        )
        return username
    if len(username) > 150:
        add(errors, "username", _("A username may be at most 150 characters long."))
    elif User.objects.filter(username__iexact=username).exists():
        add(errors, "username", _("This username is already taken; choose another one."))
    return username


def clean_email(errors: Errors, email: str | None, exclude: User | None = None) -> str:
    email = (email or "").strip()
    if not email:
        add(errors, "email", _("Enter an email address."))
        return email
    try:
        validate_email(email)
    except ValidationError:
        add(errors, "email", _("Enter a valid email address, such as name@example.vn."))
        return email
    taken = User.objects.filter(email__iexact=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        add(errors, "email", _("Another account already uses this email address."))
    return email


def clean_identifier(errors: Errors, field: str, value: str | None, validator) -> str:
    """A CCCD or tax code: the format rule first, then uniqueness among accounts."""
    value = (value or "").strip()
    try:
        validator(value)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
        return value
    if User.objects.filter(**{field: value}).exists():
        add(errors, field, _("An account with this number is already registered."))
    return value


def check_password(errors: Errors, password: str | None, candidate: User) -> None:
    if not password:
        add(errors, "password", _("Enter a password."))
        return
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)


def check_placement(
    errors: Errors, agency: Agency | None, department: Department | None, today: datetime.date
) -> None:
    if agency is not None and not agency.is_valid_on(today):
        add(errors, "agency", _("This agency has ceased to exist; choose a current one."))
    if department is None:
        return
    if agency is not None and department.agency_id != agency.pk:
        add(errors, "department", _("The department must belong to the chosen agency."))
    if not department.is_valid_on(today):
        add(errors, "department", _("This department has been closed; choose a current one."))


def save_new(user: User) -> None:
    # The checks above ran before the insert; a concurrent registration can still win the race.
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "This username, email address or identification number has just been "
                        "registered by someone else; check the form and try again."
                    )
                ]
            }
        ) from exc


def is_system_admin(user) -> bool:
    """A platform-wide system administrator (a scoped one, if any existed, does not count)."""
    return any(
        a.role == Role.SYSTEM_ADMIN and a.agency_id is None and a.department_id is None
        for a in permissions.roles_of(user)
    )


def covers_assignment(actor, perm: str, assignment: RoleAssignment) -> bool:
    if assignment.role == Role.SYSTEM_ADMIN or (
        assignment.agency_id is None and assignment.department_id is None
    ):
        return is_system_admin(actor)
    return permissions.covers_scope(
        actor,
        perm,
        agency=assignment.agency if assignment.department_id is None else None,
        department=assignment.department,
        include_descendants=assignment.include_descendants,
    )


def require_over_user(actor, user: User) -> None:
    """Managing a user needs `core.manage_users` over their placement AND over every role they
    hold, so a lower administrator can never lock out or take over a higher one."""
    if user.kind == UserKind.OFFICIAL and (user.agency_id or user.department_id):
        allowed = permissions.has_perm(actor, "core.manage_users", user.department or user.agency)
    else:
        allowed = permissions.has_global_perm(actor, "core.manage_users")
    current = RoleAssignment.objects.filter(user=user).exclude(valid_to__lt=timezone.localdate())
    if not allowed or not all(
        covers_assignment(actor, "core.manage_users", a)
        for a in current.select_related("agency", "department")
    ):
        raise PermissionDenied(_("You do not administer this user."))


def is_last_system_admin(user: User) -> bool:
    platform_admins = RoleAssignment.objects.active().filter(
        role=Role.SYSTEM_ADMIN, agency__isnull=True, department__isnull=True, user__is_active=True
    )
    # Lock them all: two administrators revoking each other at once must not both succeed.
    list(platform_admins.select_for_update(of=("self",)))
    return (
        platform_admins.filter(user=user).exists()
        and not platform_admins.exclude(user=user).exists()
    )


def check_role_rules(
    errors: Errors,
    user: User,
    role: str,
    agency: Agency | None,
    department: Department | None,
    include_descendants: bool,
) -> None:
    if role == Role.CITIZEN and user.kind not in PUBLIC_KINDS:
        add(errors, "role", _("The citizen role is only for citizen and business accounts."))
    elif role != Role.CITIZEN and user.kind != UserKind.OFFICIAL:
        add(errors, "role", _("Official roles can only be given to officials' accounts."))
    if role in PLATFORM_ONLY_ROLES and (agency or department):
        add(errors, "agency", _("This role applies to the whole platform; leave the scope empty."))
    if role == Role.AGENCY_ADMIN and (department or agency is None):
        add(errors, "agency", _("An agency administrator is appointed for a whole agency."))
    if include_descendants and agency is None:
        add(
            errors,
            "include_descendants",
            _("Subordinate agencies can only be included for a role given in an agency."),
        )


def overlapping(user: User, role: str, agency, department, start, end):
    """Identical assignments (same role and scope) whose validity overlaps [start, end]."""
    qs = RoleAssignment.objects.filter(user=user, role=role, agency=agency, department=department)
    qs = qs.exclude(valid_to__lt=start)
    if end is not None:
        qs = qs.exclude(valid_from__gt=end)
    # A grant revoked before it started has an empty period and blocks nothing.
    return [a for a in qs if not (a.valid_from and a.valid_to and a.valid_to < a.valid_from)]
