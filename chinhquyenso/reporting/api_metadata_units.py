"""Metadata API, second part: indicators and their targets, reporting units (create, move, sync
from the platform's agencies) and assigning report forms to units."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from chinhquyenso.core import services as core

from . import services
from .api_metadata import ErrorOut, require_reader
from .models import DataSet, Indicator, IndicatorTarget, OrgUnit

router = Router(tags=["reporting metadata"])


class TargetIO(Schema):
    year: int
    level: int | None = None
    comparison: str = ">="
    value: Decimal | None = None
    text: str = ""


class IndicatorIn(Schema):
    code: str = ""
    name: str
    numerator: str
    denominator: str = "1"
    factor: Decimal = Decimal(1)
    unit: str = ""
    decimals: int = 1
    source: str = "entered"
    periodicity: str = "yearly"
    reference: str = ""
    description: str = ""
    group: str = ""
    group_name: str = ""
    sort_order: int = 0


class IndicatorMetaOut(Schema):
    code: str
    name: str
    numerator: str
    denominator: str
    factor: Decimal
    unit: str
    decimals: int
    source: str
    periodicity: str
    reference: str
    group: str
    targets: list[TargetIO]

    @staticmethod
    def resolve_group(obj) -> str:
        return obj.group.code if obj.group_id else ""

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class UnitIn(Schema):
    code: str = ""
    name: str
    level: int
    parent: str = ""


class UnitOut(Schema):
    code: str
    name: str
    level: int
    parent: str
    path: str
    depth: int
    agency: str

    @staticmethod
    def resolve_parent(obj) -> str:
        return obj.parent.code if obj.parent_id else ""

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.electronic_id if obj.agency_id else ""


class AssignIn(Schema):
    unit: str
    subtree: bool = True
    level: int | None = None


class CountOut(Schema):
    count: int


def _indicator_data(payload: IndicatorIn, code: str) -> services.IndicatorData:
    fields = payload.dict(exclude={"code", "group", "group_name"})
    return services.IndicatorData(
        code=code, group_code=payload.group, group_name=payload.group_name, **fields
    )


def _indicators():
    return Indicator.objects.select_related("group").prefetch_related("targets")


@router.get(
    "/metadata/indicators",
    response={200: list[IndicatorMetaOut], 403: ErrorOut},
    summary="Indicators with their formulas and targets (definitions, not values)",
)
def list_indicators(request, group: str = ""):
    require_reader(request)
    qs = _indicators()
    return list(qs.filter(group__code=group) if group else qs)


@router.post(
    "/metadata/indicators",
    response={201: IndicatorMetaOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create an indicator (numerator, denominator, factor)",
)
def create_indicator(request, payload: IndicatorIn):
    data = _indicator_data(payload, payload.code)
    indicator = services.save_indicator_checked(data, actor=request.user)
    return Status(201, _indicators().get(pk=indicator.pk))


@router.put(
    "/metadata/indicators/{code}",
    response={200: IndicatorMetaOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change an indicator (the code stays)",
)
def update_indicator(request, code: str, payload: IndicatorIn):
    indicator = get_object_or_404(Indicator, code=code)
    data = _indicator_data(payload, code)
    services.save_indicator_checked(data, indicator=indicator, actor=request.user)
    return _indicators().get(pk=indicator.pk)


@router.put(
    "/metadata/indicators/{code}/targets",
    response={200: TargetIO, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Set the target of a year (and administrative level)",
)
def set_target(request, code: str, payload: TargetIO):
    indicator = get_object_or_404(Indicator, code=code)
    return services.save_target(indicator, actor=request.user, **payload.dict())


@router.delete(
    "/metadata/indicators/{code}/targets",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Remove the target of a year (and administrative level)",
)
def delete_target(request, code: str, year: int, level: int | None = None):
    target = get_object_or_404(IndicatorTarget, indicator__code=code, year=year, level=level)
    services.delete_target(target, request.user)
    return Status(204, None)


def _units():
    return OrgUnit.objects.select_related("parent", "agency")


@router.get(
    "/metadata/units",
    response={200: list[UnitOut], 403: ErrorOut, 404: ErrorOut},
    summary="Reporting units: the children of `parent` (the top units without it), or a search",
)
def list_units(request, parent: str = "", q: str = ""):
    require_reader(request)
    qs = _units()
    if q.strip():
        qs = qs.filter(name_folded__contains=core.fold(q))
    elif parent:
        qs = qs.filter(parent=get_object_or_404(OrgUnit, code=parent))
    else:
        qs = qs.filter(parent=None)
    return list(qs.order_by("path")[:1000])


def _parent(code: str) -> OrgUnit | None:
    return get_object_or_404(OrgUnit, code=code) if code else None


@router.post(
    "/metadata/units",
    response={201: UnitOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create a reporting unit",
)
def create_unit(request, payload: UnitIn):
    unit = services.create_org_unit(
        code=payload.code,
        name=payload.name,
        level=payload.level,
        parent=_parent(payload.parent),
        actor=request.user,
    )
    return Status(201, _units().get(pk=unit.pk))


# Before /metadata/units/{code}, which would otherwise take "sync" as a code.
@router.post(
    "/metadata/units/sync",
    response={200: CountOut, 403: ErrorOut},
    summary="One reporting unit per current agency of the platform (safe to repeat)",
)
def sync_units(request):
    return {"count": services.sync_from_agencies(actor=request.user)}


@router.put(
    "/metadata/units/{code}",
    response={200: UnitOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Rename or move a reporting unit (its subtree moves with it)",
)
def update_unit(request, code: str, payload: UnitIn):
    unit = get_object_or_404(OrgUnit, code=code)
    services.update_org_unit(
        unit,
        name=payload.name,
        level=payload.level,
        parent=_parent(payload.parent),
        actor=request.user,
    )
    return _units().get(pk=unit.pk)


@router.post(
    "/metadata/forms/{code}/assignments",
    response={200: CountOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Assign a form to a unit, its whole subtree, or one level of the subtree",
)
def assign(request, code: str, payload: AssignIn):
    form = get_object_or_404(DataSet, code=code)
    unit = get_object_or_404(OrgUnit, code=payload.unit)
    count = services.assign_to_units(
        form, unit, subtree=payload.subtree, level=payload.level, actor=request.user
    )
    return {"count": count}


@router.delete(
    "/metadata/forms/{code}/assignments/{unit}",
    response={200: CountOut, 403: ErrorOut, 404: ErrorOut},
    summary="The unit no longer sends this form",
)
def unassign(request, code: str, unit: str):
    form = get_object_or_404(DataSet, code=code)
    found = get_object_or_404(OrgUnit, code=unit)
    return {"count": services.unassign_units(form, [found.pk], actor=request.user)}
