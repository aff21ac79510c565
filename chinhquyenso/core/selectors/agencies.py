"""Queries over agencies: the agency tree and search by name, abbreviation or identifier."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from ..models import Agency, Department, User
from ..text import fold


@dataclass
class AgencyNode:
    agency: Agency
    children: list["AgencyNode"] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.agency.pk,
            "name": self.agency.name,
            "electronic_id": self.agency.electronic_id,
            "children": [child.as_dict() for child in self.children],
        }


def agencies_on(on_date: datetime.date | None = None) -> QuerySet:
    qs = Agency.objects.select_related("parent", "administrative_unit")
    return qs.valid_on(on_date) if on_date is not None else qs


def agency_tree(
    root: Agency | None = None, on_date: datetime.date | None = None
) -> list[AgencyNode]:
    """Agencies nested under `root` (or every top-level agency), loaded in one query."""
    agencies = list(agencies_on(on_date).order_by("name"))
    nodes = {agency.pk: AgencyNode(agency) for agency in agencies}
    roots: list[AgencyNode] = []
    for agency in agencies:
        parent = nodes.get(agency.parent_id)
        if parent is not None:
            parent.children.append(nodes[agency.pk])
        elif root is None:
            roots.append(nodes[agency.pk])
    if root is not None:
        return [nodes[root.pk]] if root.pk in nodes else []
    return roots


def search_agencies(
    query: str, on_date: datetime.date | None = None, qs: QuerySet | None = None
) -> QuerySet:
    """Agencies matching `query` in the folded name, short name, notation abbreviation or
    electronic identifier ("ubnd tinh", "UBND", "h48" all find the provincial committee)."""
    qs = agencies_on(on_date) if qs is None else qs
    raw = (query or "").strip()
    folded = fold(raw)
    if not folded:
        return qs
    return qs.filter(
        Q(name_folded__contains=folded)
        | Q(short_name__icontains=raw)
        | Q(notation_abbr__iexact=raw)
        | Q(electronic_id__icontains=raw)
    )


def current_departments(agency: Agency, on_date: datetime.date) -> QuerySet:
    return Department.objects.valid_on(on_date).filter(agency=agency).order_by("name")


def staff_count(agency: Agency) -> int:
    return User.objects.filter(agency=agency, is_active=True).count()
