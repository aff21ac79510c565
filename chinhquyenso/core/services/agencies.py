"""Creating, changing and closing agencies (cơ quan, tổ chức) and their departments.

Each function checks `core.manage_agencies` on the right scope, validates everything before
writing, raises a ValidationError keyed by field when something is wrong (and then changes nothing)
and records an audit event with the state before and after.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..audit import record, snapshot
from ..choices import AgencyKind
from ..models import Agency, Department
from ..permissions import has_global_perm, require
from ..validators import validate_agency_identifier

PERM = "core.manage_agencies"
AGENCY_FIELDS = (
    "name",
    "short_name",
    "notation_abbr",
    "electronic_id",
    "kind",
    "administrative_unit",
    "parent",
    "email",
    "phone",
    "address",
    "valid_from",
    "valid_to",
)
DEPARTMENT_FIELDS = ("name", "abbreviation", "valid_from", "valid_to")
_TEXT_FIELDS = ("name", "short_name", "notation_abbr", "email", "phone", "address", "abbreviation")


def _require_platform_wide(user) -> None:
    """A top-level agency has no parent to scope the check to: only a platform-wide role may."""
    if not has_global_perm(user, PERM):
        raise PermissionDenied(_("You do not have permission to do this."))


def _clean_changes(changes: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    cleaned = dict(changes)
    for name in _TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "electronic_id" in cleaned:
        cleaned["electronic_id"] = (cleaned["electronic_id"] or "").strip() or None
    return cleaned


def _check_period(errors: dict[str, list[str]], valid_from, valid_to) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        errors.setdefault("valid_to", []).append(
            _("End date (valid to) must not be before the start date (valid from).")
        )


def _validate_agency(agency: Agency, errors: dict[str, list[str]]) -> None:
    if not agency.name:
        errors.setdefault("name", []).append(_("Name is required."))
    if agency.kind not in AgencyKind.values:
        errors.setdefault("kind", []).append(
            _("Kind “%(value)s” is not one of: %(choices)s.")
            % {"value": agency.kind, "choices": ", ".join(AgencyKind.values)}
        )
    if agency.electronic_id is not None:
        try:
            validate_agency_identifier(agency.electronic_id)
        except ValidationError as exc:
            errors.setdefault("electronic_id", []).extend(exc.messages)
        else:
            holder = (
                Agency.objects.filter(electronic_id=agency.electronic_id)
                .exclude(pk=agency.pk)
                .first()
            )
            if holder is not None:
                errors.setdefault("electronic_id", []).append(
                    _("Electronic identifier “%(value)s” is already used by %(agency)s.")
                    % {"value": agency.electronic_id, "agency": holder.name}
                )
    if agency.email:
        try:
            validate_email(agency.email)
        except ValidationError:
            errors.setdefault("email", []).append(
                _("Email “%(value)s” is not a valid address.") % {"value": agency.email}
            )
    _check_period(errors, agency.valid_from, agency.valid_to)
    _check_parent(agency, errors)


def _check_parent(agency: Agency, errors: dict[str, list[str]]) -> None:
    """The parent may not be the agency itself nor one of its subordinates (no cycles)."""
    if agency.parent_id is None or agency.pk is None:
        return
    seen: set[int] = set()
    current = agency.parent
    while current is not None and current.pk not in seen:
        if current.pk == agency.pk:
            errors.setdefault("parent", []).append(
                _(
                    "Parent agency “%(parent)s” is this agency or one of its subordinates: "
                    "that would make a cycle."
                )
                % {"parent": agency.parent.name}
            )
            return
        seen.add(current.pk)
        current = current.parent


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def create_agency(user, **fields: Any) -> Agency:
    """Create an agency. Needs `core.manage_agencies` on the parent (platform-wide at the top)."""
    fields = _clean_changes(fields, AGENCY_FIELDS)
    parent: Agency | None = fields.get("parent")
    if parent is not None:
        require(user, PERM, parent)
    else:
        _require_platform_wide(user)
    agency = Agency(**fields)
    with transaction.atomic():
        errors: dict[str, list[str]] = {}
        _validate_agency(agency, errors)
        _raise(errors)
        agency.save()
        record("core.agency.create", agency, actor=user, after=snapshot(agency))
    return agency


def update_agency(user, agency: Agency, **changes: Any) -> Agency:
    """Change an agency's fields. Moving it also needs the permission on the new parent."""
    changes = _clean_changes(changes, AGENCY_FIELDS)
    require(user, PERM, agency)
    new_parent = changes.get("parent", agency.parent)
    if "parent" in changes and new_parent != agency.parent:
        if new_parent is not None:
            require(user, PERM, new_parent)
        else:
            _require_platform_wide(user)
    with transaction.atomic():
        current = Agency.objects.select_for_update().get(pk=agency.pk)
        before = snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        errors: dict[str, list[str]] = {}
        _validate_agency(current, errors)
        _raise(errors)
        after = snapshot(current)
        if after != before:
            current.save()
            record("core.agency.update", current, actor=user, before=before, after=after)
    return current


def close_agency(user, agency: Agency, valid_to: datetime.date) -> Agency:
    """End an agency on `valid_to` (its last day). Subordinate agencies must end first."""
    require(user, PERM, agency)
    with transaction.atomic():
        current = Agency.objects.select_for_update().get(pk=agency.pk)
        before = snapshot(current)
        errors: dict[str, list[str]] = {}
        _check_period(errors, current.valid_from, valid_to)
        open_children = current.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to))
        names = list(open_children.values_list("name", flat=True)[:5])
        if names:
            errors.setdefault("valid_to", []).append(
                _("Close or move its subordinate agencies first: %(names)s.")
                % {"names": ", ".join(names)}
            )
        _raise(errors)
        current.valid_to = valid_to
        current.save()
        record("core.agency.close", current, actor=user, before=before, after=snapshot(current))
    return current


def _validate_department(department: Department, errors: dict[str, list[str]]) -> None:
    if not department.name:
        errors.setdefault("name", []).append(_("Name is required."))
    if not department.abbreviation:
        errors.setdefault("abbreviation", []).append(_("Abbreviation is required."))
    _check_period(errors, department.valid_from, department.valid_to)
    if not department.abbreviation:
        return
    # Two departments of one agency may share an abbreviation only if their periods never overlap
    # (the notation 12/UBND-VX must point at one department on any day).
    others = Department.objects.filter(
        agency_id=department.agency_id, abbreviation__iexact=department.abbreviation
    ).exclude(pk=department.pk)
    if department.valid_from is not None:
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=department.valid_from))
    if department.valid_to is not None:
        others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=department.valid_to))
    clash = others.first()
    if clash is not None:
        errors.setdefault("abbreviation", []).append(
            _("Abbreviation “%(value)s” is already used by the department %(name)s of this agency.")
            % {"value": department.abbreviation, "name": clash.name}
        )


def create_department(user, agency: Agency, **fields: Any) -> Department:
    """Create a department of `agency`; needs `core.manage_agencies` on the agency."""
    fields = _clean_changes(fields, DEPARTMENT_FIELDS)
    require(user, PERM, agency)
    department = Department(agency=agency, **fields)
    with transaction.atomic():
        errors: dict[str, list[str]] = {}
        _validate_department(department, errors)
        _raise(errors)
        department.save()
        record("core.department.create", department, actor=user, after=snapshot(department))
    return department


def update_department(user, department: Department, **changes: Any) -> Department:
    """Change a department's fields; needs `core.manage_agencies` on its agency."""
    changes = _clean_changes(changes, DEPARTMENT_FIELDS)
    require(user, PERM, department.agency)
    with transaction.atomic():
        current = (
            Department.objects.select_for_update().select_related("agency").get(pk=department.pk)
        )
        before = snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        errors: dict[str, list[str]] = {}
        _validate_department(current, errors)
        _raise(errors)
        after = snapshot(current)
        if after != before:
            current.save()
            record("core.department.update", current, actor=user, before=before, after=after)
    return current
