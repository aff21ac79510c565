"""Entering a report from a workbook: the template of a form for a unit and period (its rows, with
the values already stored), and the upload — every row checked, a row-by-row error report, and
nothing stored when any row is wrong; a dry run checks without storing."""

import dataclasses
import io
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..choices import ValueSource
from ..models import DataSet, DataValue, OrgUnit
from ..periods import Period
from . import entry
from .entry_state import as_period
from .metadata_combos import cells_of

HEADER_ROW = 4
FIRST_ROW = 5
MAX_ROWS = 5000
# Columns of the data rows (1-based) and their letters in error reports.
SECTION, ELEMENT, ELEMENT_NAME, CELL, CELL_NAME, UOM, VALUE, COMMENT = range(1, 9)
LETTER = {
    "element": "B",
    "option_combo": "D",
    "value": "G",
    "comment": "H",
    "org_unit": "F2",
    "period": "D2",
}
HEADER_FIELDS = {"org_unit", "period"}


@dataclasses.dataclass(frozen=True)
class SheetError:
    row: int
    column: str
    message: str


@dataclasses.dataclass
class WorkbookImport:
    data_set: DataSet | None = None
    period: Period | None = None
    org_unit: OrgUnit | None = None
    dry_run: bool = False
    errors: list[SheetError] = dataclasses.field(default_factory=list)
    counts: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def template_rows(data_set: DataSet) -> list[tuple]:
    """(section, element, cell) for every enterable cell of the form, in the form's order."""
    rows = []
    for row in data_set.rows.select_related("element__combo").order_by("sort_order", "id"):
        element = row.element
        if element.source == ValueSource.AUTOMATIC or not element.is_active:
            continue
        for cell in cells_of(element.combo):
            rows.append((row.section, element, cell))
    return rows


def write_template(data_set: DataSet, org_unit: OrgUnit, period: Period | str) -> bytes:
    """The workbook a unit fills in for one form and period, pre-filled with stored values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    period = as_period(period)
    stored = {
        (v.element_id, v.option_combo_id): v
        for v in DataValue.objects.filter(
            org_unit=org_unit, period=period.id, element__data_sets=data_set
        )
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")
    sheet["A1"] = f"{data_set.name} — {org_unit.name} — {period.label()}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Form"), data_set.code, _("Period"), period.id, _("Unit"), org_unit.code])
    sheet.append([])
    sheet.append(
        [
            _("Section"),
            _("Element code"),
            _("Data element"),
            _("Disaggregation code"),
            _("Disaggregation"),
            _("Unit of measure"),
            _("Value"),
            _("Comment"),
        ]
    )
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for section, element, combo_cell in template_rows(data_set):
        value = stored.get((element.pk, combo_cell.pk))
        sheet.append(
            [
                section,
                element.code,
                element.name,
                combo_cell.code,
                "" if combo_cell.name == "default" else combo_cell.name,
                element.unit,
                value.value if value else None,
                value.comment if value else None,
            ]
        )
    for letter, width in zip("ABCDEFGH", (20, 20, 50, 16, 20, 12, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST_ROW}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _open(content: bytes):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ValidationError(
            _("The file is not an Excel workbook (.xlsx); download the template and fill it in.")
        ) from None


def _header(sheet, result: WorkbookImport) -> None:
    head = [_text(c) for c in next(sheet.iter_rows(min_row=2, max_row=2, values_only=True), ())]
    head += [""] * (6 - len(head))
    form_code, period_id, unit_code = head[1], head[3], head[5]
    result.data_set = DataSet.objects.filter(code=form_code, is_active=True).first()
    if result.data_set is None:
        result.errors.append(
            SheetError(2, "B2", _("Unknown report form “%(code)s”.") % {"code": form_code})
        )
    try:
        result.period = Period.parse(period_id)
    except ValidationError as exc:
        result.errors.append(SheetError(2, "D2", " ".join(exc.messages)))
    result.org_unit = OrgUnit.objects.filter(code=unit_code, is_active=True).first()
    if result.org_unit is None:
        result.errors.append(
            SheetError(2, "F2", _("Unknown reporting unit “%(code)s”.") % {"code": unit_code})
        )


def import_workbook(user, content: bytes, *, dry_run: bool = False) -> WorkbookImport:
    """Read a filled-in template and store its values for the unit and period named in row 2.
    An empty value cell deletes the stored value. Nothing is stored when a row is wrong."""
    result = WorkbookImport(dry_run=dry_run)
    sheet = _open(content).worksheets[0]
    _header(sheet, result)
    if result.errors:
        return result
    rows, numbers = [], []
    for number, values in enumerate(sheet.iter_rows(min_row=FIRST_ROW, values_only=True), 5):
        values = list(values) + [None] * (COMMENT - len(values))
        code = _text(values[ELEMENT - 1])
        if not code and not _text(values[VALUE - 1]):
            continue  # a blank line
        if len(rows) >= MAX_ROWS:
            result.errors.append(
                SheetError(number, "", _("At most %(max)s rows at once.") % {"max": MAX_ROWS})
            )
            return result
        rows.append(
            {
                "element": code,
                "option_combo": _text(values[CELL - 1]),
                "org_unit": result.org_unit,
                "period": result.period,
                "value": values[VALUE - 1],
                "comment": _text(values[COMMENT - 1]),
                "data_set": result.data_set,
            }
        )
        numbers.append(number)
    if not rows:
        result.errors.append(SheetError(FIRST_ROW, "", _("The workbook has no values.")))
        return result
    try:
        batch = entry.save_values(user, rows, dry_run=dry_run)
    except entry.ValuesRefused as refused:
        errors = (
            SheetError(
                2 if e.field in HEADER_FIELDS else numbers[e.index],
                LETTER.get(e.field, ""),
                e.message,
            )
            for e in refused.row_errors
        )
        # A refusal of the unit or period is the same on every row: report it once.
        result.errors = list(dict.fromkeys(errors))
        return result
    except PermissionDenied as exc:
        result.errors.append(SheetError(2, "F2", str(exc)))
        return result
    for action in ("created", "updated", "deleted", "unchanged"):
        result.counts[action] = batch.count(action)
    return result
