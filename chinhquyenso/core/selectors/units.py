"""Queries over administrative units as of a date: lists, trees, search and succession."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import AdministrativeUnit
from ..text import fold


@dataclass
class UnitNode:
    unit: AdministrativeUnit
    children: list["UnitNode"] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.unit.pk,
            "code": self.unit.code,
            "name": self.unit.name,
            "kind": self.unit.kind,
            "level": self.unit.level,
            "children": [child.as_dict() for child in self.children],
        }

    def count(self, level: int) -> int:
        """Units of `level` in this subtree (the root included)."""
        own = 1 if self.unit.level == level else 0
        return own + sum(child.count(level) for child in self.children)


def within_q(ancestor: AdministrativeUnit) -> Q:
    """Units below `ancestor` at any depth (a hierarchy has at most three levels)."""
    return Q(parent=ancestor) | Q(parent__parent=ancestor)


def reference_date(unit: AdministrativeUnit, today: datetime.date | None = None) -> datetime.date:
    """The date to show a unit at by default: today while it exists, else its last valid day."""
    today = today or timezone.localdate()
    if unit.valid_to is not None and unit.valid_to < today:
        return unit.valid_to
    if unit.valid_from is not None and unit.valid_from > today:
        return unit.valid_from
    return today


def unit_on(code: str, on_date: datetime.date) -> AdministrativeUnit | None:
    """The unit that carried `code` on `on_date` (codes are reused, so the date matters)."""
    return AdministrativeUnit.objects.valid_on(on_date).filter(code=code).first()


def units_on(
    on_date: datetime.date,
    level: int | None = None,
    parent: AdministrativeUnit | None = None,
    *,
    within: AdministrativeUnit | None = None,
    kind: str | None = None,
) -> QuerySet:
    """Units valid on `on_date`; `parent` keeps direct children, `within` any descendant."""
    qs = AdministrativeUnit.objects.valid_on(on_date).select_related("parent")
    if level is not None:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if within is not None:
        qs = qs.filter(within_q(within))
    return qs.order_by("level", "code")


def unit_tree(root_code: str, on_date: datetime.date) -> UnitNode | None:
    """The unit with `root_code` on `on_date` and everything below it on that date, nested."""
    root = unit_on(root_code, on_date)
    if root is None:
        return None
    nodes = {root.pk: UnitNode(root)}
    # Ordered by level so each parent's node exists before its children arrive.
    for unit in units_on(on_date, within=root):
        nodes[unit.pk] = UnitNode(unit)
        parent_node = nodes.get(unit.parent_id)
        if parent_node is not None:
            parent_node.children.append(nodes[unit.pk])
    return nodes[root.pk]


def search_units(query: str, on_date: datetime.date | None = None) -> QuerySet:
    """Units whose name contains `query` ignoring case and diacritics, or whose code starts so."""
    qs = AdministrativeUnit.objects.select_related("parent")
    if on_date is not None:
        qs = qs.valid_on(on_date)
    if not fold(query):
        return qs.none()
    return qs.filter(unit_search_q(query)).order_by("level", "code", "valid_from")


def unit_search_q(query: str) -> Q:
    folded = fold(query)
    return Q(name_folded__contains=folded) | Q(code__startswith=folded)


def successors_of(unit: AdministrativeUnit) -> QuerySet:
    """Direct successors (a commune split in 2025 has two)."""
    return unit.successors.order_by("code")


def predecessors_of(unit: AdministrativeUnit) -> QuerySet:
    return unit.predecessors.order_by("code")


def current_units_for(
    code: str, on_date: datetime.date, today: datetime.date | None = None
) -> list[AdministrativeUnit]:
    """The unit(s) that today stand for what was unit `code` on `on_date`, following successors.

    A unit still valid today is its own answer; a unit that ended without successors has none.
    """
    today = today or timezone.localdate()
    start = unit_on(code, on_date)
    if start is None:
        return []
    found: dict[int, AdministrativeUnit] = {}
    seen: set[int] = set()
    frontier = [start]
    while frontier:
        next_frontier = []
        for unit in frontier:
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            if unit.is_valid_on(today):
                found[unit.pk] = unit
            else:
                next_frontier.extend(unit.successors.all())
        frontier = next_frontier
    return sorted(found.values(), key=lambda unit: unit.code)
