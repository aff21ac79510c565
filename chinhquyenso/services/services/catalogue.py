"""The procedure catalogue: creating, updating and withdrawing procedures, and the public search.

A procedure is written together with its required documents and processing steps; each write is
validated first (nothing changes on bad input), checked against `services.manage_catalogue` and
audited, and the search index row is refreshed in the same transaction.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.models import Agency

from ..choices import OnlineLevel, StepRole
from ..eforms import validate_schema
from ..models import Procedure, ProcedureField, ProcessingStep, RequiredDocument

MANAGE = "services.manage_catalogue"
INDEX_TYPE = "services.procedure"
# National codes of the national procedure database: one digit, a dot, six digits ("1.001193").
CODE_RE = re.compile(r"^\d\.\d{6}$")
FIELD_CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_PROCESSING_DAYS = 365
MAX_FEE = Decimal("999999999999")
SEARCH_LIMIT = 500


@dataclass
class DocumentData:
    name: str
    copies: str = "01 bản chính"
    mandatory: bool = True


@dataclass
class StepData:
    name: str
    role: str
    time_share: int
    agency_hint: str = ""


@dataclass
class ProcedureData:
    code: str
    name: str
    field_code: str
    field_name: str
    level: int
    implementing_body: str
    online_level: str
    processing_days: int
    result_type: str
    fee_amount: Decimal | int = 0
    fee_text: str = ""
    fee_exemptions: str = ""
    legal_basis: str = ""
    interagency: bool = False
    form_schema: dict = field(default_factory=dict)
    is_active: bool = True
    agencies: list[Agency] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)


def _text(value) -> str:
    return " ".join(str(value or "").split())


def clean_procedure(data: ProcedureData) -> dict[str, list[str]]:
    """Errors of `data` keyed by field name ("documents.2.name", "steps" …); empty when valid.

    Normalises text fields in place so that what is saved is what was checked.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    data.code = _text(data.code)
    data.name, data.field_name = _text(data.name), _text(data.field_name)
    data.field_code = _text(data.field_code).lower()
    data.implementing_body, data.result_type = (
        _text(data.implementing_body),
        _text(data.result_type),
    )
    data.fee_text = _text(data.fee_text)
    data.fee_exemptions = (data.fee_exemptions or "").strip()
    data.legal_basis = (data.legal_basis or "").strip()
    if not CODE_RE.match(data.code):
        add("code", _("Write the procedure code as in the national database, e.g. 1.001193."))
    if not data.name:
        add("name", _("Enter the name of the procedure."))
    elif len(data.name) > 500:
        add("name", _("The name is longer than 500 characters."))
    if not FIELD_CODE_RE.match(data.field_code) or len(data.field_code) > 60:
        add("field_code", _("Write the field code in lower-case letters, digits and hyphens."))
    if not data.field_name:
        add("field_name", _("Enter the name of the field."))
    if data.level not in UnitLevel.values:
        add("level", _("The level must be 1 (province), 2 (district) or 3 (commune)."))
    if not data.implementing_body:
        add("implementing_body", _("Enter the implementing body."))
    if data.online_level not in OnlineLevel.values:
        add("online_level", _("The online level must be full, partial or none."))
    if not isinstance(data.processing_days, int) or not (
        1 <= data.processing_days <= MAX_PROCESSING_DAYS
    ):
        add(
            "processing_days",
            _("The processing time is a whole number of working days from 1 to %(max)s.")
            % {"max": MAX_PROCESSING_DAYS},
        )
    try:
        fee = Decimal(str(data.fee_amount if data.fee_amount not in (None, "") else 0))
    except InvalidOperation:
        fee = Decimal(-1)
    if fee < 0 or fee > MAX_FEE or fee != fee.to_integral_value():
        add("fee_amount", _("The fee is a whole number of đồng, zero or more."))
    else:
        data.fee_amount = fee
    if not data.result_type:
        add("result_type", _("Enter the result of the procedure."))
    if not isinstance(data.form_schema, dict):
        add("form_schema", _("The e-form must be a JSON object."))
    elif data.form_schema:
        try:
            validate_schema(data.form_schema)
        except ValidationError as exc:
            for message in exc.messages:
                add("form_schema", message)
    _clean_documents(data, add)
    _clean_steps(data, add)
    return errors


def _clean_documents(data: ProcedureData, add) -> None:
    for index, document in enumerate(data.documents, start=1):
        document.name, document.copies = _text(document.name), _text(document.copies)
        if not document.name:
            add(f"documents.{index}.name", _("Enter the name of the required document."))
        if not document.copies:
            add(f"documents.{index}.copies", _("Enter the number of copies, e.g. 01 bản chính."))


def _clean_steps(data: ProcedureData, add) -> None:
    if not data.steps:
        add("steps", _("A procedure needs at least one processing step."))
        return
    total = 0
    for index, step in enumerate(data.steps, start=1):
        step.name, step.agency_hint = _text(step.name), _text(step.agency_hint)
        if not step.name:
            add(f"steps.{index}.name", _("Enter the name of the step."))
        if step.role not in StepRole.values:
            add(f"steps.{index}.role", _("Unknown role of a step."))
        if not isinstance(step.time_share, int) or not 1 <= step.time_share <= 100:
            add(f"steps.{index}.time_share", _("A step's share of the time is 1 to 100 %."))
        else:
            total += step.time_share
    if total and total != 100:
        add(
            "steps",
            _("The steps' shares of the processing time add up to %(total)s %%, not 100 %%.")
            % {"total": total},
        )


def _require_agencies(user, agencies) -> None:
    for agency in agencies:
        core.require(user, MANAGE, agency)


def procedure_snapshot(procedure: Procedure) -> dict:
    data = core.audit_snapshot(procedure, None)
    data.pop("updated_at", None)
    data["agencies"] = sorted(procedure.agencies.values_list("electronic_id", flat=True))
    data["documents"] = [
        [d.name, d.copies, d.mandatory] for d in procedure.required_documents.order_by("order")
    ]
    data["steps"] = [
        [s.name, s.role, s.agency_hint, s.time_share] for s in procedure.steps.order_by("order")
    ]
    return data


def index_procedure(procedure: Procedure) -> None:
    text = " ".join([procedure.code, procedure.name, procedure.field.name])
    core.index_object(INDEX_TYPE, procedure.pk, text)


def _sync(existing: QuerySet, model, procedure: Procedure, wanted: list[dict]) -> None:
    rows = {row.order: row for row in existing}
    for order, values in enumerate(wanted, start=1):
        row = rows.pop(order, None)
        if row is None:
            model.objects.create(procedure=procedure, order=order, **values)
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
    if rows:
        try:
            model.objects.filter(pk__in=[row.pk for row in rows.values()]).delete()
        except ProtectedError as exc:
            raise ValidationError(
                _("A document or step that dossiers already use cannot be removed.")
            ) from exc


def _write(procedure: Procedure, data: ProcedureData) -> None:
    field_obj, _created = ProcedureField.objects.get_or_create(
        code=data.field_code, defaults={"name": data.field_name}
    )
    if field_obj.name != data.field_name:
        field_obj.name = data.field_name
        field_obj.save(update_fields=["name"])
    for name in (
        "code", "name", "level", "implementing_body", "online_level", "processing_days",
        "fee_amount", "fee_text", "fee_exemptions", "legal_basis", "result_type", "interagency",
        "form_schema", "is_active",
    ):  # fmt: skip
        setattr(procedure, name, getattr(data, name))
    procedure.field = field_obj
    procedure.save()
    procedure.agencies.set(data.agencies)
    # Rows are matched by their order and updated in place: dossiers point at them (PROTECT).
    _sync(procedure.required_documents.all(), RequiredDocument, procedure, [
        {"name": d.name, "copies": d.copies, "mandatory": d.mandatory} for d in data.documents
    ])  # fmt: skip
    _sync(procedure.steps.all(), ProcessingStep, procedure, [
        {"name": s.name, "role": s.role, "agency_hint": s.agency_hint, "time_share": s.time_share}
        for s in data.steps
    ])  # fmt: skip
    index_procedure(procedure)


def save_procedure_unchecked(data: ProcedureData) -> tuple[Procedure, str]:
    """Create or update by code, inside the caller's transaction; permission and validation are
    the caller's. Returns the procedure and "created", "updated" or "unchanged"."""
    procedure = Procedure.objects.select_for_update().filter(code=data.code).first()
    if procedure is None:
        procedure = Procedure()
        _write(procedure, data)
        core.audit_record(
            "services.procedure.create", procedure, after=procedure_snapshot(procedure)
        )
        return procedure, "created"
    before = procedure_snapshot(procedure)
    _write(procedure, data)
    after = procedure_snapshot(procedure)
    if after == before:
        return procedure, "unchanged"
    core.audit_record("services.procedure.update", procedure, before=before, after=after)
    return procedure, "updated"


def create_procedure(user, data: ProcedureData) -> Procedure:
    core.require(user, MANAGE)
    _require_agencies(user, data.agencies)
    errors = clean_procedure(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if Procedure.objects.filter(code=data.code).exists():
            raise ValidationError(
                {"code": [_("A procedure with code %(code)s exists.") % {"code": data.code}]}
            )
        procedure, _state = save_procedure_unchecked(data)
    return procedure


def update_procedure(user, procedure: Procedure, data: ProcedureData) -> Procedure:
    core.require(user, MANAGE)
    _require_agencies(user, set(procedure.agencies.all()) | set(data.agencies))
    errors = clean_procedure(data)
    if data.code != procedure.code:
        errors.setdefault("code", []).append(_("The code of a procedure cannot change."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        procedure, _state = save_procedure_unchecked(data)
    return procedure


def deactivate_procedure(user, procedure: Procedure) -> Procedure:
    """Stop offering a procedure; its dossiers and history stay."""
    core.require(user, MANAGE)
    _require_agencies(user, procedure.agencies.all())
    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if not procedure.is_active:
            raise ValidationError(_("The procedure is already withdrawn."))
        before = core.audit_snapshot(procedure, ["is_active"])
        procedure.is_active = False
        procedure.save(update_fields=["is_active", "updated_at"])
        core.audit_record(
            "services.procedure.deactivate",
            procedure,
            before=before,
            after=core.audit_snapshot(procedure, ["is_active"]),
        )
    return procedure


def search_procedures(
    query: str | None,
    field: str | None = None,
    level: int | str | None = None,
    online_level: str | None = None,
    *,
    include_inactive: bool = False,
) -> QuerySet:
    """Procedures matching `query` ignoring case and diacritics (every word, in any order), by
    code, name or field; `field` is a field code."""
    qs = Procedure.objects.select_related("field")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    query = (query or "").strip()
    if query:
        ids = core.search(INDEX_TYPE, query, limit=SEARCH_LIMIT)
        # The name column catches procedures saved before the index existed.
        qs = qs.filter(
            Q(pk__in=[int(i) for i in ids])
            | Q(name_folded__contains=core.fold(query))
            | Q(code=query)
        )
    if field:
        qs = qs.filter(field__code=field)
    if level not in (None, ""):
        qs = qs.filter(level=int(level)) if str(level).isdigit() else qs.none()
    if online_level:
        qs = qs.filter(online_level=online_level)
    return qs.order_by("code")
