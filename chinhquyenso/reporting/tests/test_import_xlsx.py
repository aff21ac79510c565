"""Workbook import: the template of a form and period (its rows, stored values filled in), the
upload with a row-by-row error report, nothing stored when any row is wrong, the dry run."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.reporting import services
from chinhquyenso.reporting.models import DataValue
from chinhquyenso.reporting.services import imports

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

FEB = "202602"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def template(world, unit=None, period=FEB) -> bytes:
    return imports.write_template(world.form, unit or world.commune, period)


def fill(content: bytes, values: dict[tuple[str, str], object], header=None) -> bytes:
    """Put values into the template's value column, by (element code, cell code)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    for (column, _row), value in (header or {}).items():
        sheet[f"{column}2"] = value
    for row in sheet.iter_rows(min_row=imports.FIRST_ROW):
        key = (row[imports.ELEMENT - 1].value, row[imports.CELL - 1].value)
        if key in values:
            row[imports.VALUE - 1].value = values[key]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_template_lists_the_enterable_cells_with_stored_values(world):
    services.save_value(
        world.clerk, element="DOSSIERS_TOTAL", org_unit=world.commune, period=FEB, value="80"
    )
    sheet = load_workbook(io.BytesIO(template(world))).active
    assert [c.value for c in sheet[2]][:6] == [
        "Form",
        "DX_MONTHLY",
        "Period",
        "202602",
        "Unit",
        "TINH_AN",
    ]
    rows = list(sheet.iter_rows(min_row=imports.FIRST_ROW, values_only=True))
    assert [(r[1], r[3]) for r in rows] == [
        ("DOSSIERS_TOTAL", "default"),
        ("DOSSIERS_ONLINE", "default"),
        ("STAFF", "MALE"),
        ("STAFF", "FEMALE"),
        ("FIBRE_PCT", "default"),
        ("HAS_PORTAL", "default"),
        ("SPENDING", "default"),
        ("NOTE", "default"),
    ]  # the automatic PORTAL_VISITS is not entered
    assert rows[0][6] == "80" and rows[0][0] == "Hồ sơ công việc"


def test_a_filled_template_is_imported(world):
    content = fill(
        template(world),
        {
            ("DOSSIERS_TOTAL", "default"): 120,
            ("DOSSIERS_ONLINE", "default"): "100",
            ("STAFF", "FEMALE"): 7,
            ("FIBRE_PCT", "default"): 85.5,
            ("HAS_PORTAL", "default"): "Có",
        },
    )
    result = imports.import_workbook(world.clerk, content)
    assert result.ok and result.counts["created"] == 5
    assert DataValue.objects.get(element__code="FIBRE_PCT").value == "85.5"
    assert DataValue.objects.get(element__code="HAS_PORTAL").value == "true"
    # The same workbook again changes nothing (5 values, 3 empty cells); an emptied cell
    # deletes its value.
    assert imports.import_workbook(world.clerk, content).counts["unchanged"] == 8
    emptied = fill(template(world), {("HAS_PORTAL", "default"): None})
    assert imports.import_workbook(world.clerk, emptied).counts["deleted"] == 1


def test_any_bad_row_stores_nothing_and_every_error_is_reported(world):
    content = fill(
        template(world),
        {
            ("DOSSIERS_TOTAL", "default"): "120",
            ("DOSSIERS_ONLINE", "default"): "nhiều",
            ("FIBRE_PCT", "default"): 130,
        },
    )
    workbook = load_workbook(io.BytesIO(content))
    workbook.active.append(["", "UNKNOWN_ELEMENT", "", "default", "", "", 5])
    out = io.BytesIO()
    workbook.save(out)
    audit_before = AuditEvent.objects.count()
    result = imports.import_workbook(world.clerk, out.getvalue())
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(6, "G"), (9, "G"), (13, "B")]
    assert result.errors[0].message == (
        "“nhiều” is text, but “Hồ sơ xử lý trên môi trường mạng” takes a number."
    )
    assert result.errors[2].message == "Unknown data element “UNKNOWN_ELEMENT”."
    assert not DataValue.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_another_units_workbook_is_refused_once(world):
    content = fill(
        template(world, unit=world.other),
        {("DOSSIERS_TOTAL", "default"): 1, ("SPENDING", "default"): 2},
    )
    result = imports.import_workbook(world.clerk, content)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "F2", "You may not enter data for the reporting unit “Xã Bình Sơn”.")
    ]
    assert not DataValue.objects.exists()


def test_header_errors_unknown_unit_form_or_period(world):
    content = fill(
        template(world),
        {("DOSSIERS_TOTAL", "default"): 1},
        header={("B", 2): "NOPE", ("D", 2): "2026-02", ("F", 2): "NOWHERE"},
    )
    result = imports.import_workbook(world.clerk, content)
    assert [e.column for e in result.errors] == ["B2", "D2", "F2"]
    assert result.errors[2].message == "Unknown reporting unit “NOWHERE”."


def test_a_locked_period_is_reported_on_the_period_cell(world):
    content = fill(template(world, period="202601"), {("DOSSIERS_TOTAL", "default"): 1})
    [error] = imports.import_workbook(world.clerk, content).errors
    assert (error.row, error.column) == (2, "D2")
    assert error.message.startswith("Entry closed after 13/02/2026")


def test_dry_run_checks_and_stores_nothing(world):
    content = fill(template(world), {("DOSSIERS_TOTAL", "default"): 5})
    result = imports.import_workbook(world.clerk, content, dry_run=True)
    assert result.ok and result.counts["created"] == 1 and result.dry_run
    assert not DataValue.objects.exists()


def test_not_a_workbook(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not an Excel workbook"):
        imports.import_workbook(world.clerk, b"PK\x03\x04 not really")
    workbook = load_workbook(io.BytesIO(template(world)))
    workbook.active.delete_rows(imports.FIRST_ROW, 20)
    out = io.BytesIO()
    workbook.save(out)
    result = imports.import_workbook(world.clerk, out.getvalue())
    assert [e.message for e in result.errors] == ["The workbook has no values."]
