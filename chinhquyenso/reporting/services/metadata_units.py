"""Reporting units from the management pages and the API (create, rename, move) and assigning
report forms to them — one unit, a whole subtree, or one administrative level of a subtree."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..models import DataSet, DataSetAssignment, OrgUnit
from .metadata import _require, assign_data_set
from .units import descendants, save_org_unit


@transaction.atomic
def create_org_unit(
    *, code: str, name: str, level: int, parent: OrgUnit | None, actor=None, **links
) -> OrgUnit:
    """A new unit; its code must be free (save_org_unit would otherwise update that unit)."""
    _require(actor)
    code = (code or "").strip()
    if OrgUnit.objects.filter(code=code).exists():
        message = _("The code “%(code)s” is already used by another reporting unit.")
        raise ValidationError({"code": message % {"code": code}})
    return save_org_unit(code=code, name=name, level=level, parent=parent, actor=actor, **links)


@transaction.atomic
def update_org_unit(
    unit: OrgUnit, *, name: str, level: int, parent: OrgUnit | None, actor=None
) -> OrgUnit:
    """Rename or move a unit (with its subtree); its agency and administrative unit stay."""
    return save_org_unit(
        code=unit.code,
        name=name,
        level=level,
        parent=parent,
        agency=unit.agency,
        administrative_unit=unit.administrative_unit,
        actor=actor,
    )


@transaction.atomic
def assign_to_units(
    data_set: DataSet,
    root: OrgUnit,
    *,
    subtree: bool = True,
    level: int | None = None,
    actor=None,
) -> int:
    """Assign the form to `root` — or every active unit of its subtree, optionally only those of
    one administrative level. Returns how many units were newly assigned."""
    _require(actor)
    units = descendants(root) if subtree else OrgUnit.objects.filter(pk=root.pk)
    units = units.filter(is_active=True)
    if level is not None:
        units = units.filter(level=level)
    chosen = list(units)
    if not chosen:
        raise ValidationError(_("No active reporting unit matches: nothing was assigned."))
    return assign_data_set(data_set, chosen, actor=actor)


@transaction.atomic
def unassign_units(data_set: DataSet, unit_ids: list[int], actor=None) -> int:
    _require(actor)
    assignments = DataSetAssignment.objects.filter(data_set=data_set, org_unit_id__in=unit_ids)
    codes = list(assignments.values_list("org_unit__code", flat=True))
    if not codes:
        return 0
    assignments.delete()
    core.audit_record(
        "reporting.form.unassign", data_set, before={"units": sorted(codes)}, actor=actor
    )
    return len(codes)


@dataclasses.dataclass
class Node:
    unit: OrgUnit
    children: list["Node"]
    # More levels exist below what is shown: the page opens them on demand.
    has_more: bool = False


def unit_tree(root: OrgUnit | None = None, depth: int = 2) -> list[Node]:
    """The units from `root` (or the top units) down `depth` levels, as nested nodes; two
    queries whatever the size of the tree."""
    if root is None:
        top_depth = 0
        units = OrgUnit.objects.filter(depth__lte=depth)
    else:
        top_depth = root.depth
        units = OrgUnit.objects.filter(path__startswith=root.path, depth__lte=root.depth + depth)
    units = list(units.order_by("path"))
    nodes = {u.pk: Node(u, []) for u in units}
    bottom = [u.pk for u in units if u.depth == top_depth + depth]
    with_children = set(
        OrgUnit.objects.filter(parent_id__in=bottom).values_list("parent_id", flat=True)
    )
    tops = []
    for unit in units:
        node = nodes[unit.pk]
        node.has_more = unit.pk in with_children
        if unit.depth == top_depth:
            tops.append(node)
        elif unit.parent_id in nodes:
            nodes[unit.parent_id].children.append(node)
    return tops
