"""Reporting units: creating the tree (by hand or from the platform's agencies) and deciding which
units a user may enter data for, approve or look at."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import UnitLevel

from ..models import OrgUnit


def _place(unit: OrgUnit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0


@transaction.atomic
def save_org_unit(
    *,
    code: str,
    name: str,
    level: int,
    parent: OrgUnit | None = None,
    agency=None,
    administrative_unit=None,
    actor=None,
) -> OrgUnit:
    """Create or update the unit with this code; moving it moves its whole subtree."""
    if actor is not None:
        core.require(actor, "reporting.manage_metadata")
    code = (code or "").strip()
    if not code or not (name or "").strip():
        raise ValidationError(_("A reporting unit needs a code and a name."))
    if level not in UnitLevel.values:
        raise ValidationError(_("Unknown administrative level %(level)s.") % {"level": level})
    unit = OrgUnit.objects.select_for_update().filter(code=code).first()
    before = core.audit_snapshot(unit) if unit else None
    if unit and parent and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise ValidationError(_("A reporting unit cannot be placed under itself."))
    old_path = unit.path if unit else None
    unit = unit or OrgUnit(code=code)
    unit.name, unit.name_folded, unit.level = name.strip(), core.fold(name), level
    unit.parent, unit.agency, unit.administrative_unit = parent, agency, administrative_unit
    unit.save()
    _place(unit)
    unit.save(update_fields=["path", "depth"])
    if old_path and old_path != unit.path:
        moved = {unit.pk: unit}
        for child in (
            OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth")
        ):
            child.parent = moved[child.parent_id]
            _place(child)
            child.save(update_fields=["path", "depth"])
            moved[child.pk] = child
    core.audit_record(
        "reporting.org_unit.save", unit, before=before, after=core.audit_snapshot(unit), actor=actor
    )
    return unit


@transaction.atomic
def sync_from_agencies(actor=None) -> int:
    """One reporting unit per current agency, keyed by its electronic identifier, placed under its
    parent agency's unit; the level comes from the agency's administrative unit (province when it
    has none). Returns how many units were created or updated."""
    if actor is not None:
        core.require(actor, "reporting.manage_metadata")
    from chinhquyenso.core.selectors.agencies import agencies_on

    agencies = list(agencies_on(timezone.localdate()))
    by_id = {agency.pk: agency for agency in agencies}
    done: dict[int, OrgUnit] = {}

    def ensure(agency) -> OrgUnit:
        if agency.pk in done:
            return done[agency.pk]
        parent_agency = by_id.get(agency.parent_id)
        parent = ensure(parent_agency) if parent_agency else None
        unit_level = (
            agency.administrative_unit.level
            if agency.administrative_unit_id
            else UnitLevel.PROVINCE
        )
        done[agency.pk] = save_org_unit(
            code=agency.electronic_id or f"agency-{agency.pk}",
            name=agency.name,
            level=unit_level,
            parent=parent,
            agency=agency,
            administrative_unit=agency.administrative_unit,
            actor=None,
        )
        return done[agency.pk]

    for agency in agencies:
        ensure(agency)
    return len(done)


def descendants(unit: OrgUnit, include_self: bool = True) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(path__startswith=unit.path)
    return units if include_self else units.exclude(pk=unit.pk)


def units_with_perm(user, perm: str) -> QuerySet[OrgUnit]:
    """Units whose agency grants `perm` to the user. Viewing a unit also shows everything below
    it (a province leader sees every commune); entering data and approving do not."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    agencies = core.agencies_with_perm(user, perm)
    direct = OrgUnit.objects.filter(agency__in=agencies)
    if perm != "reporting.view":
        return direct
    paths = list(direct.values_list("path", flat=True))
    if not paths:
        return OrgUnit.objects.none()
    condition = Q()
    for path in _roots(paths):
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


def _roots(paths: list[str]) -> list[str]:
    # Drop paths already covered by an ancestor so the OR stays short.
    roots: list[str] = []
    for path in sorted(paths):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def can(user, perm: str, unit: OrgUnit) -> bool:
    return units_with_perm(user, perm).filter(pk=unit.pk).exists()


def require_unit(user, perm: str, unit: OrgUnit) -> None:
    if not can(user, perm, unit):
        raise PermissionDenied(
            _("You may not do this for the reporting unit “%(unit)s”.") % {"unit": unit.name}
        )
