"""An empty yes/no cell of the catalogue workbook means no; only a missing column takes the
default. (It used to take the default, so optional papers came in as mandatory.)"""

import io

import pytest
from openpyxl import load_workbook

from chinhquyenso.core.choices import Role
from chinhquyenso.services import services
from chinhquyenso.services.catalogue_xlsx import write_workbook
from chinhquyenso.services.models import Procedure, RequiredDocument

from .catalogue_fixtures import demo_sheets


@pytest.fixture
def admin(registry):
    return registry.user("admin", Role.SYSTEM_ADMIN)


def _mandatory(code: str) -> list[bool]:
    documents = RequiredDocument.objects.filter(procedure__code=code).order_by("order")
    return list(documents.values_list("mandatory", flat=True))


def test_the_demo_catalogues_optional_papers_stay_optional(admin):
    services.import_catalogue(admin, demo_sheets())
    assert _mandatory("2.000815") == [True, False]
    assert _mandatory("1.001193") == [True, True, False]


def test_an_empty_cell_in_the_workbook_means_no(admin):
    services.import_catalogue(admin, demo_sheets())
    workbook = load_workbook(io.BytesIO(write_workbook(Procedure.objects.filter(code="2.000815"))))
    sheet = workbook["RequiredDocuments"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("mandatory") + 1).value = None
    procedures = workbook["Procedures"]
    active = [cell.value for cell in procedures[1]].index("is_active") + 1
    procedures.cell(row=2, column=active).value = None
    out = io.BytesIO()
    workbook.save(out)
    services.import_catalogue_xlsx(admin, out.getvalue())
    assert _mandatory("2.000815") == [False, False]
    assert Procedure.objects.get(code="2.000815").is_active is False


def test_a_missing_column_takes_the_default(admin):
    def drop(data):
        for row in data["RequiredDocuments"]:
            row.pop("mandatory")

    services.import_catalogue(admin, demo_sheets(drop))
    assert _mandatory("2.000815") == [True, True]
