"""The catalogue workbook: sheets Procedures, RequiredDocuments, Steps (docs/services-catalogue.md).

Reading turns sheets into `ProcedureData` with every problem reported by sheet, row and column;
writing produces the same layout, so an export imports back unchanged.
"""

import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chinhquyenso.core.models import Agency

from .services.catalogue import DocumentData, ProcedureData, StepData, clean_procedure

PROCEDURES, DOCUMENTS, STEPS = "Procedures", "RequiredDocuments", "Steps"
COLUMNS = {
    PROCEDURES: [
        "code", "name", "field_code", "field_name", "level", "implementing_body",
        "online_level", "processing_days", "fee_amount", "fee_text", "fee_exemptions",
        "legal_basis", "result_type", "interagency", "is_active", "agencies", "form_schema",
    ],
    DOCUMENTS: ["procedure_code", "order", "name", "copies", "mandatory"],
    STEPS: ["procedure_code", "order", "name", "role", "agency_hint", "time_share"],
}  # fmt: skip
REQUIRED_COLUMNS = {
    PROCEDURES: {"code", "name", "field_code", "field_name", "level", "online_level",
                 "processing_days", "implementing_body", "result_type"},
    DOCUMENTS: {"procedure_code", "order", "name"},
    STEPS: {"procedure_code", "order", "name", "role", "time_share"},
}  # fmt: skip
YES = {"x", "1", "true", "yes", "co", "có"}
NO = {"", "0", "false", "no", "khong", "không"}
MAX_ROWS = 20000

Row = tuple[int, dict]  # (row number in the sheet, values by column name)


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


class CatalogueImportRefused(ValidationError):
    """The workbook has errors; nothing was imported. `row_errors` lists them in sheet order."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__([str(error) for error in row_errors])


def read_workbook(content: bytes) -> dict[str, list[Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise CatalogueImportRefused(
            [RowError("", 0, "", _("The file is not an Excel workbook (.xlsx) that can be read."))]
        ) from exc
    sheets: dict[str, list[Row]] = {}
    errors: list[RowError] = []
    for name in COLUMNS:
        if name not in workbook.sheetnames:
            errors.append(RowError(name, 0, "", _("The workbook has no sheet %(sheet)s.") % {
                "sheet": name}))  # fmt: skip
            continue
        rows = workbook[name].iter_rows(values_only=True)
        header = [str(cell or "").strip() for cell in next(rows, ())]
        missing = REQUIRED_COLUMNS[name] - set(header)
        for column in sorted(missing):
            errors.append(RowError(name, 1, column, _("The column is missing from the header.")))
        sheets[name] = []
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS:
                errors.append(RowError(name, number, "", _("The sheet has too many rows.")))
                break
            if all(value in (None, "") for value in values):
                continue
            sheets[name].append((number, dict(zip(header, values, strict=False))))
    workbook.close()
    if errors:
        raise CatalogueImportRefused(errors)
    return sheets


def sheets_from_json(data: dict) -> dict[str, list[Row]]:
    """The same rows from a JSON document {sheet: [{column: value}]}, numbered as in a sheet."""
    return {
        name: [(number, dict(row)) for number, row in enumerate(data.get(name, []), start=2)]
        for name in COLUMNS
    }


class _Reader:
    """Turns rows into ProcedureData, collecting errors instead of stopping at the first."""

    def __init__(self):
        self.errors: list[RowError] = []

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(sheet, row, column, str(message)))

    def text(self, values: dict, column: str) -> str:
        value = values.get(column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    def integer(self, sheet: str, row: int, values: dict, column: str) -> int | None:
        value = values.get(column)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        self.error(sheet, row, column, _("Enter a whole number."))
        return None

    def boolean(self, sheet: str, row: int, values: dict, column: str, default: bool) -> bool:
        if column not in values:
            return default  # no such column: the workbook does not say
        value = values[column]
        if value is None:
            return False  # an empty cell means no (the export writes "no" as an empty cell)
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        self.error(sheet, row, column, _("Write x (yes) or leave the cell empty (no)."))
        return default


def procedures_from_sheets(sheets: dict[str, list[Row]]) -> list[ProcedureData]:
    """Every procedure of the workbook, checked; raises CatalogueImportRefused on any error."""
    reader = _Reader()
    agencies = {a.electronic_id: a for a in Agency.objects.exclude(electronic_id="")}
    items: dict[str, tuple[int, ProcedureData]] = {}
    for number, values in sheets.get(PROCEDURES, []):
        data = _procedure(reader, number, values, agencies)
        if data.code in items:
            reader.error(PROCEDURES, number, "code", _("The code appears twice in the sheet."))
            continue
        items[data.code] = (number, data)
    # code -> sheet -> order -> (row number, document or step)
    children: dict[str, dict[str, dict[int, tuple]]] = {}
    for sheet in (DOCUMENTS, STEPS):
        for number, values in sheets.get(sheet, []):
            _child(reader, sheet, number, values, items, children)
    for code, (number, data) in items.items():
        mine = children.get(code, {})
        data.documents = [item for _o, (_n, item) in sorted(mine.get(DOCUMENTS, {}).items())]
        data.steps = [item for _o, (_n, item) in sorted(mine.get(STEPS, {}).items())]
        for key, messages in clean_procedure(data).items():
            for message in messages:
                reader.errors.append(_located(key, message, number, mine))
    if reader.errors:
        raise CatalogueImportRefused(_sorted_unique(reader.errors))
    return [data for _number, data in items.values()]


def _sorted_unique(errors: list[RowError]) -> list[RowError]:
    """One error per cell (a cell that is not a number is not also "out of range"), sheet order."""
    order = {name: i for i, name in enumerate(COLUMNS)}
    seen, unique = set(), []
    for error in errors:
        cell = (error.sheet, error.row, error.column)
        if cell not in seen or not error.column:
            seen.add(cell)
            unique.append(error)
    return sorted(unique, key=lambda e: (order.get(e.sheet, -1), e.row, e.column))


def _procedure(reader: _Reader, number: int, values: dict, agencies: dict) -> ProcedureData:
    sheet = PROCEDURES
    raw_schema = values.get("form_schema")
    schema_text = "" if isinstance(raw_schema, dict) else reader.text(values, "form_schema")
    schema = raw_schema if isinstance(raw_schema, dict) else {}
    if schema_text:
        try:
            schema = json.loads(schema_text)
        except ValueError:
            reader.error(sheet, number, "form_schema", _("The e-form is not valid JSON."))
    linked = []
    for electronic_id in filter(
        None, (p.strip() for p in reader.text(values, "agencies").split(";"))
    ):
        if electronic_id in agencies:
            linked.append(agencies[electronic_id])
        else:
            reader.error(sheet, number, "agencies", _("No agency has the electronic identifier "
                         "%(id)s.") % {"id": electronic_id})  # fmt: skip
    fee = values.get("fee_amount")
    return ProcedureData(
        code=reader.text(values, "code"),
        name=reader.text(values, "name"),
        field_code=reader.text(values, "field_code"),
        field_name=reader.text(values, "field_name"),
        level=reader.integer(sheet, number, values, "level"),
        implementing_body=reader.text(values, "implementing_body"),
        online_level=reader.text(values, "online_level").lower(),
        processing_days=reader.integer(sheet, number, values, "processing_days"),
        result_type=reader.text(values, "result_type"),
        fee_amount=Decimal(str(fee)) if isinstance(fee, int | float) else (str(fee or 0).strip()),
        fee_text=reader.text(values, "fee_text"),
        fee_exemptions=reader.text(values, "fee_exemptions"),
        legal_basis=reader.text(values, "legal_basis"),
        interagency=reader.boolean(sheet, number, values, "interagency", False),
        is_active=reader.boolean(sheet, number, values, "is_active", True),
        agencies=linked,
        form_schema=schema,
    )


def _child(reader: _Reader, sheet: str, number: int, values: dict, items: dict, children: dict):
    code = reader.text(values, "procedure_code")
    if code not in items:
        reader.error(sheet, number, "procedure_code", _("The sheet Procedures has no procedure "
                     "with code %(code)s.") % {"code": code})  # fmt: skip
        return
    order = reader.integer(sheet, number, values, "order")
    if order is None:
        return
    mine = children.setdefault(code, {}).setdefault(sheet, {})
    if order in mine:
        reader.error(sheet, number, "order", _("This order is used twice for the procedure."))
        return
    if sheet == DOCUMENTS:
        item = DocumentData(
            name=reader.text(values, "name"),
            copies=reader.text(values, "copies") or "01 bản chính",
            mandatory=reader.boolean(sheet, number, values, "mandatory", True),
        )
    else:
        share = reader.integer(sheet, number, values, "time_share")
        item = StepData(
            name=reader.text(values, "name"),
            role=reader.text(values, "role"),
            agency_hint=reader.text(values, "agency_hint"),
            time_share=share if share is not None else 0,
        )
    mine[order] = (number, item)


def _located(key: str, message: str, number: int, children: dict) -> RowError:
    """Place an error of `clean_procedure` at the sheet cell it is about."""
    parts = key.split(".")
    if parts[0] not in {"documents", "steps"}:
        return RowError(PROCEDURES, number, key, message)
    sheet = DOCUMENTS if parts[0] == "documents" else STEPS
    row_numbers = [n for _o, (n, _item) in sorted(children.get(sheet, {}).items())]
    if len(parts) == 3:
        return RowError(sheet, row_numbers[int(parts[1]) - 1], parts[2], message)
    if not row_numbers:  # "a procedure needs at least one step": the procedure's own row
        return RowError(PROCEDURES, number, "", message)
    return RowError(sheet, row_numbers[0], "time_share", message)


def _procedure_row(p) -> list:
    return [
        p.code, p.name, p.field.code, p.field.name, p.level, p.implementing_body, p.online_level,
        p.processing_days, int(p.fee_amount), p.fee_text, p.fee_exemptions, p.legal_basis,
        p.result_type, "x" if p.interagency else "", "x" if p.is_active else "",
        ";".join(sorted(a.electronic_id for a in p.agencies.all())),
        json.dumps(p.form_schema, ensure_ascii=False) if p.form_schema else "",
    ]  # fmt: skip


def write_workbook(procedures: QuerySet) -> bytes:
    """The procedures with their documents and steps, in the layout `read_workbook` reads."""
    from openpyxl import Workbook

    procedures = procedures.select_related("field").prefetch_related(
        "agencies", "required_documents", "steps"
    )
    workbook = Workbook(write_only=True)
    sheets = {name: workbook.create_sheet(title=name) for name in COLUMNS}
    for name, sheet in sheets.items():
        sheet.append(COLUMNS[name])
    for p in procedures.order_by("code"):
        sheets[PROCEDURES].append(_procedure_row(p))
        for d in p.required_documents.all():
            sheets[DOCUMENTS].append(
                [p.code, d.order, d.name, d.copies, "x" if d.mandatory else ""]
            )
        for s in p.steps.all():
            sheets[STEPS].append([p.code, s.order, s.name, s.role, s.agency_hint, s.time_share])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
