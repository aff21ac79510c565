"""API endpoints of the core registry: administrative units and agencies."""

import datetime
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from .models import AdministrativeUnit, Agency
from .permissions import has_perm
from .selectors.agencies import search_agencies
from .selectors.units import reference_date, unit_on, unit_search_q, unit_tree, units_on
from .services.agencies import create_agency, update_agency

router = Router(tags=["registry"])

VIEW_PERM = "core.view_registry"


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    level: int
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj["kind_label"] if isinstance(obj, dict) else obj.get_kind_display()


class SuccessionOut(Schema):
    id: int
    code: str
    name: str
    effective_date: datetime.date
    legal_basis: str


class UnitDetailOut(UnitOut):
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]


class UnitNodeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    level: int
    children: list["UnitNodeOut"]


UnitNodeOut.model_rebuild()


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    notation_abbr: str
    electronic_id: str | None
    kind: str
    parent_id: int | None
    administrative_unit_id: int | None
    email: str
    phone: str
    address: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class AgencyIn(Schema):
    name: str
    kind: str
    short_name: str = ""
    notation_abbr: str = ""
    electronic_id: str | None = None
    parent_id: int | None = None
    administrative_unit_id: int | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


class AgencyPatch(Schema):
    name: str | None = None
    kind: str | None = None
    short_name: str | None = None
    notation_abbr: str | None = None
    electronic_id: str | None = None
    parent_id: int | None = None
    administrative_unit_id: int | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _require_view(request) -> None:
    if not has_perm(request.user, VIEW_PERM):
        raise HttpError(403, _("You do not have permission to do this."))


def _links(links, side: str) -> list[dict]:
    return [
        {
            "id": getattr(link, f"{side}_id"),
            "code": getattr(link, side).code,
            "name": getattr(link, side).name,
            "effective_date": link.effective_date,
            "legal_basis": link.legal_basis,
        }
        for link in links
    ]


@router.get("/units", response=list[UnitOut], summary="Administrative units valid on a date")
@paginate(PageNumberPagination, page_size=100)
def list_units(
    request,
    on_date: datetime.date | None = None,
    level: int | None = None,
    parent_code: str | None = None,
    q: str | None = None,
):
    _require_view(request)
    on_date = on_date or timezone.localdate()
    parent = None
    if parent_code:
        parent = unit_on(parent_code, on_date)
        if parent is None:
            return AdministrativeUnit.objects.none()
    qs = units_on(on_date, level=level, parent=parent)
    if q:
        qs = qs.filter(unit_search_q(q))
    return qs


@router.get("/units/{unit_id}", response=UnitDetailOut, summary="One unit with its succession")
def get_unit(request, unit_id: int):
    _require_view(request)
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    return {
        **UnitOut.from_orm(unit).dict(),
        "predecessors": _links(unit.succession_in.select_related("predecessor"), "predecessor"),
        "successors": _links(unit.succession_out.select_related("successor"), "successor"),
    }


@router.get(
    "/units/{unit_id}/tree",
    response=UnitNodeOut,
    summary="The unit and its subordinate units as of a date",
)
def get_unit_tree(request, unit_id: int, on_date: datetime.date | None = None):
    _require_view(request)
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    on_date = on_date or reference_date(unit)
    if not unit.is_valid_on(on_date):
        raise HttpError(404, _("This unit did not exist on that date."))
    return unit_tree(unit.code, on_date).as_dict()


@router.get("/agencies", response=list[AgencyOut], summary="Agencies, searchable")
@paginate(PageNumberPagination, page_size=100)
def list_agencies(
    request, q: str | None = None, kind: str | None = None, parent_id: int | None = None
):
    _require_view(request)
    qs = Agency.objects.order_by("name")
    if q:
        qs = search_agencies(q, qs=qs)
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    return qs


@router.get("/agencies/{agency_id}", response=AgencyOut, summary="One agency")
def get_agency(request, agency_id: int):
    _require_view(request)
    return get_object_or_404(Agency, pk=agency_id)


def _resolve_relations(data: dict) -> dict:
    """Turn `parent_id`/`administrative_unit_id` into objects, or say which one does not exist."""
    errors: dict[str, list[str]] = {}
    for key, model, field in (
        ("parent_id", Agency, "parent"),
        ("administrative_unit_id", AdministrativeUnit, "administrative_unit"),
    ):
        if key not in data:
            continue
        pk = data.pop(key)
        data[field] = model.objects.filter(pk=pk).first() if pk is not None else None
        if pk is not None and data[field] is None:
            errors[field] = [_("No record with id %(id)s.") % {"id": pk}]
    if errors:
        raise ValidationError(errors)
    return data


@contextmanager
def _service_errors():
    """Service refusals become HTTP answers: 403 for permission, 422 naming fields for input."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("You do not have permission to do this.")) from exc


def _invalid(exc: ValidationError) -> Status:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = " ".join(message for messages in errors.values() for message in messages)
    return Status(422, {"detail": detail, "errors": errors})


@router.post(
    "/agencies",
    response={201: AgencyOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create an agency",
)
def post_agency(request, payload: AgencyIn):
    with _service_errors():
        try:
            agency = create_agency(request.user, **_resolve_relations(payload.dict()))
        except ValidationError as exc:
            return _invalid(exc)
    return Status(201, agency)


@router.patch(
    "/agencies/{agency_id}",
    response={200: AgencyOut, 403: ErrorOut, 422: ErrorOut},
    summary="Change some fields of an agency",
)
def patch_agency(request, agency_id: int, payload: AgencyPatch):
    agency = get_object_or_404(Agency, pk=agency_id)
    with _service_errors():
        try:
            changes = _resolve_relations(payload.dict(exclude_unset=True))
            agency = update_agency(request.user, agency, **changes)
        except ValidationError as exc:
            return _invalid(exc)
    return Status(200, agency)
