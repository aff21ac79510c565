"""Metadata API under /api/v1/reporting/metadata/: data elements, disaggregations and their
cells, report forms with their rows and validation rules, and live expression checking.
Reading needs reporting.view; every change goes through the services (reporting.manage_metadata)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from chinhquyenso.core import services as core

from . import services
from .models import Category, CategoryCombo, DataElement, DataSet, ValidationRule

router = Router(tags=["reporting metadata"])


def require_reader(request) -> None:
    user = request.user
    if not (
        core.has_perm(user, "reporting.view") or core.has_perm(user, "reporting.manage_metadata")
    ):
        raise PermissionDenied


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class CellOut(Schema):
    code: str
    name: str


class ElementIn(Schema):
    code: str = ""
    name: str
    short_name: str = ""
    description: str = ""
    value_type: str = "number"
    unit: str = ""
    aggregation: str = "sum"
    source: str = "entered"
    provider: str = ""
    disaggregation_set: str = CategoryCombo.DEFAULT_CODE


class ElementOut(Schema):
    code: str
    name: str
    short_name: str
    description: str
    value_type: str
    unit: str
    aggregation: str
    source: str
    provider: str
    disaggregation_set: str
    cells: list[CellOut]

    @staticmethod
    def resolve_disaggregation_set(obj) -> str:
        return obj.combo.code

    @staticmethod
    def resolve_cells(obj) -> list:
        return list(obj.combo.option_combos.all())


class OptionIO(Schema):
    code: str
    name: str


class CategoryIn(Schema):
    code: str = ""
    name: str
    options: list[OptionIO]


class CategoryOut(Schema):
    code: str
    name: str
    options: list[OptionIO]

    @staticmethod
    def resolve_options(obj) -> list:
        return list(obj.options.all())


class ComboIn(Schema):
    code: str = ""
    name: str
    disaggregations: list[str]


class ComboOut(Schema):
    code: str
    name: str
    disaggregations: list[str]
    cells: list[CellOut]

    @staticmethod
    def resolve_disaggregations(obj) -> list[str]:
        return sorted(c.code for c in obj.categories.all())

    @staticmethod
    def resolve_cells(obj) -> list:
        return list(obj.option_combos.all())


class RowIO(Schema):
    element: str
    section: str = ""


class RuleIn(Schema):
    code: str = ""
    name: str
    left: str
    operator: str
    right: str
    message: str
    importance: str = "high"


class RuleOut(Schema):
    code: str
    name: str
    left: str
    operator: str
    right: str
    message: str
    importance: str


class FormIn(Schema):
    code: str = ""
    name: str
    periodicity: str
    rows: list[RowIO]
    description: str = ""
    kind: str = "periodic"
    legal_basis: str = ""
    due_days: int = 5
    lock_days: int = 10
    requires_approval: bool = True
    is_active: bool = True


class FormOut(Schema):
    code: str
    name: str
    description: str
    kind: str
    periodicity: str
    legal_basis: str
    due_days: int
    lock_days: int
    requires_approval: bool
    is_active: bool
    rows: list[RowIO]
    rules: list[RuleOut]

    @staticmethod
    def resolve_rows(obj) -> list[dict]:
        return [
            {"element": row.element.code, "section": row.section}
            for row in obj.rows.select_related("element")
        ]

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())


class CheckIn(Schema):
    expression: str
    form: str = ""


class CheckOut(Schema):
    ok: bool
    message: str
    references: list[str]


def _element_data(payload: ElementIn, code: str) -> services.ElementData:
    fields = payload.dict(exclude={"disaggregation_set", "code"})
    return services.ElementData(code=code, combo_code=payload.disaggregation_set, **fields)


def _elements():
    return DataElement.objects.select_related("combo").prefetch_related("combo__option_combos")


@router.get(
    "/metadata/elements",
    response={200: list[ElementOut], 403: ErrorOut},
    summary="Data elements, searched by code or name",
)
def list_elements(request, q: str = "", value_type: str = "", source: str = ""):
    require_reader(request)
    qs = _elements()
    if q.strip():
        qs = qs.filter(Q(code__icontains=q.strip()) | Q(name__icontains=q.strip()))
    if value_type:
        qs = qs.filter(value_type=value_type)
    if source:
        qs = qs.filter(source=source)
    return list(qs[:500])


@router.post(
    "/metadata/elements",
    response={201: ElementOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create a data element (its code must be free)",
)
def create_element(request, payload: ElementIn):
    element = services.create_data_element(_element_data(payload, payload.code), request.user)
    return Status(201, _elements().get(pk=element.pk))


@router.get(
    "/metadata/elements/{code}",
    response={200: ElementOut, 403: ErrorOut, 404: ErrorOut},
    summary="One data element with its disaggregation cells",
)
def get_element(request, code: str):
    require_reader(request)
    return get_object_or_404(_elements(), code=code)


@router.put(
    "/metadata/elements/{code}",
    response={200: ElementOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a data element (the code stays)",
)
def update_element(request, code: str, payload: ElementIn):
    element = get_object_or_404(DataElement.objects.select_related("combo"), code=code)
    services.update_data_element(element, _element_data(payload, code), request.user)
    return _elements().get(pk=element.pk)


@router.get(
    "/metadata/disaggregations",
    response={200: list[CategoryOut], 403: ErrorOut},
    summary="Disaggregations and their options",
)
def list_categories(request):
    require_reader(request)
    return list(Category.objects.prefetch_related("options"))


def _save_category(request, code: str, payload: CategoryIn, creating: bool):
    return services.save_category(
        code=code,
        name=payload.name,
        options=[(o.code, o.name) for o in payload.options],
        creating=creating,
        actor=request.user,
    )


@router.post(
    "/metadata/disaggregations",
    response={201: CategoryOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create a disaggregation with its ordered options",
)
def create_category(request, payload: CategoryIn):
    return Status(201, _save_category(request, payload.code, payload, creating=True))


@router.put(
    "/metadata/disaggregations/{code}",
    response={200: CategoryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a disaggregation's options (the cells of its sets follow)",
)
def update_category(request, code: str, payload: CategoryIn):
    get_object_or_404(Category, code=code)
    return _save_category(request, code, payload, creating=False)


@router.get(
    "/metadata/disaggregation-sets",
    response={200: list[ComboOut], 403: ErrorOut},
    summary="Disaggregation sets with their generated cells",
)
def list_combos(request):
    require_reader(request)
    return list(CategoryCombo.objects.prefetch_related("categories", "option_combos"))


def _save_combo(request, code: str, payload: ComboIn, creating: bool):
    return services.save_category_combo(
        code=code,
        name=payload.name,
        categories=payload.disaggregations,
        creating=creating,
        actor=request.user,
    )


@router.post(
    "/metadata/disaggregation-sets",
    response={201: ComboOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create a disaggregation set; its cells are generated",
)
def create_combo(request, payload: ComboIn):
    return Status(201, _save_combo(request, payload.code, payload, creating=True))


@router.put(
    "/metadata/disaggregation-sets/{code}",
    response={200: ComboOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a disaggregation set; its cells are regenerated",
)
def update_combo(request, code: str, payload: ComboIn):
    get_object_or_404(CategoryCombo, code=code)
    return _save_combo(request, code, payload, creating=False)


@router.get(
    "/metadata/forms",
    response={200: list[FormOut], 403: ErrorOut},
    summary="Report forms with their rows and validation rules",
)
def list_forms(request):
    require_reader(request)
    return list(DataSet.objects.prefetch_related("rules"))


def _save_form(request, code: str, payload: FormIn, creating: bool):
    fields = payload.dict(exclude={"code", "name", "periodicity", "rows"})
    return services.save_form(
        code=code,
        name=payload.name,
        periodicity=payload.periodicity,
        rows=[(r.element, r.section) for r in payload.rows],
        creating=creating,
        actor=request.user,
        **fields,
    )


@router.post(
    "/metadata/forms",
    response={201: FormOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create a report form (periodicity, deadline, lock, approval, rows)",
)
def create_form(request, payload: FormIn):
    return Status(201, _save_form(request, payload.code, payload, creating=True))


@router.get(
    "/metadata/forms/{code}",
    response={200: FormOut, 403: ErrorOut, 404: ErrorOut},
    summary="One report form",
)
def get_form(request, code: str):
    require_reader(request)
    return get_object_or_404(DataSet, code=code)


@router.put(
    "/metadata/forms/{code}",
    response={200: FormOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a report form and its rows",
)
def update_form(request, code: str, payload: FormIn):
    get_object_or_404(DataSet, code=code)
    return _save_form(request, code, payload, creating=False)


def _save_rule(request, form: DataSet, code: str, payload: RuleIn, creating: bool):
    fields = payload.dict(exclude={"code"})
    return services.save_rule(form, code=code, creating=creating, actor=request.user, **fields)


@router.post(
    "/metadata/forms/{code}/rules",
    response={201: RuleOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a validation rule to a form",
)
def create_rule(request, code: str, payload: RuleIn):
    form = get_object_or_404(DataSet, code=code)
    return Status(201, _save_rule(request, form, payload.code, payload, creating=True))


@router.put(
    "/metadata/forms/{code}/rules/{rule}",
    response={200: RuleOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a validation rule",
)
def update_rule(request, code: str, rule: str, payload: RuleIn):
    found = get_object_or_404(ValidationRule, data_set__code=code, code=rule)
    return _save_rule(request, found.data_set, rule, payload, creating=False)


@router.delete(
    "/metadata/forms/{code}/rules/{rule}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Delete a validation rule",
)
def delete_rule(request, code: str, rule: str):
    found = get_object_or_404(ValidationRule, data_set__code=code, code=rule)
    services.delete_rule(found, request.user)
    return Status(204, None)


@router.post(
    "/metadata/expressions/check",
    response={200: CheckOut, 403: ErrorOut, 404: ErrorOut},
    summary="Check an expression as it is typed (against a form's elements if given)",
)
def check_expression(request, payload: CheckIn):
    require_reader(request)
    form = get_object_or_404(DataSet, code=payload.form) if payload.form else None
    result = services.check_expression(payload.expression, form)
    return {"ok": result.ok, "message": result.message, "references": list(result.references)}
