"""The catalogue workbook: all-or-nothing import with errors by sheet, row and column, export →
import round trip, and the demo catalogue command."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from chinhquyenso.core.choices import AgencyKind, Role, UserKind
from chinhquyenso.core.models import Agency, AuditEvent
from chinhquyenso.services import services
from chinhquyenso.services.catalogue_xlsx import (
    CatalogueImportRefused,
    read_workbook,
    write_workbook,
)
from chinhquyenso.services.choices import Channel
from chinhquyenso.services.models import DossierStep, Procedure, ProcessingStep, ServiceDossier
from chinhquyenso.services.services.catalogue import procedure_snapshot

from .catalogue_fixtures import demo_sheets


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


@pytest.fixture
def admin(registry):
    return registry.user("admin", Role.SYSTEM_ADMIN)


def _cells(errors):
    return {(e.sheet, e.row, e.column) for e in errors}


def test_demo_catalogue_imports(admin):
    report = services.import_catalogue(admin, demo_sheets())
    assert sorted(report.created) == ["1.001193", "1.001612", "1.009994", "2.000815", "2.001417"]
    birth = Procedure.objects.get(code="1.001193")
    assert birth.required_documents.count() == 3
    assert sum(birth.steps.values_list("time_share", flat=True)) == 100
    assert birth.form_schema["properties"]["mother_cccd"]["x-kind"] == "cccd"
    again = services.import_catalogue(admin, demo_sheets())
    assert again.created == again.updated == [] and len(again.unchanged) == 5


def test_one_bad_row_refuses_everything_with_located_errors(admin):
    def spoil(data):
        data["Procedures"][1]["processing_days"] = 0  # sheet row 3
        data["Procedures"][2]["code"] = "HKD"  # row 4
        data["Steps"][0]["time_share"] = 25  # khai sinh's steps now add up to 105
        data["RequiredDocuments"][4]["procedure_code"] = "9.999999"  # row 6
        data["Procedures"][4]["agencies"] = "000.99.99.H48"  # row 6

    with pytest.raises(CatalogueImportRefused) as info:
        services.import_catalogue(admin, demo_sheets(spoil))
    cells = _cells(info.value.row_errors)
    assert ("Procedures", 3, "processing_days") in cells
    assert ("Procedures", 4, "code") in cells
    assert ("Steps", 2, "time_share") in cells
    assert ("RequiredDocuments", 6, "procedure_code") in cells
    assert ("Procedures", 6, "agencies") in cells
    assert not Procedure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="services.").exists()


def test_refused_update_leaves_the_catalogue_as_it_was(admin):
    services.import_catalogue(admin, demo_sheets())

    def spoil(data):
        data["Procedures"][0]["processing_days"] = 5  # a good change …
        data["Steps"][-1]["role"] = "janitor"  # … and a bad cell elsewhere

    with pytest.raises(CatalogueImportRefused) as info:
        services.import_catalogue(admin, demo_sheets(spoil))
    assert [(e.sheet, e.column) for e in info.value.row_errors] == [("Steps", "role")]
    assert Procedure.objects.get(code="1.001193").processing_days == 1


def test_duplicate_codes_and_orders_are_reported(admin):
    def spoil(data):
        data["Procedures"].append(dict(data["Procedures"][0]))
        data["Steps"][1]["order"] = 1

    with pytest.raises(CatalogueImportRefused) as info:
        services.import_catalogue(admin, demo_sheets(spoil))
    assert ("Procedures", 7, "code") in _cells(info.value.row_errors)
    assert ("Steps", 3, "order") in _cells(info.value.row_errors)


def test_export_then_import_round_trip(admin, registry):
    def link(data):
        data["Procedures"][0]["agencies"] = registry.office.electronic_id

    services.import_catalogue(admin, demo_sheets(link))
    content = write_workbook(Procedure.objects.all())
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Procedures", "RequiredDocuments", "Steps"]
    before = {p.code: procedure_snapshot(p) for p in Procedure.objects.all()}
    report = services.import_catalogue(admin, read_workbook(content))
    assert len(report.unchanged) == 5 and not report.updated
    after = {p.code: procedure_snapshot(p) for p in Procedure.objects.all()}
    assert after == before
    assert after["1.001193"]["agencies"] == [registry.office.electronic_id]


def test_edited_workbook_updates_the_procedure(admin):
    services.import_catalogue(admin, demo_sheets())
    workbook = load_workbook(io.BytesIO(write_workbook(Procedure.objects.filter(code="1.001612"))))
    workbook["Procedures"]["H2"] = 5  # processing_days
    out = io.BytesIO()
    workbook.save(out)
    report = services.import_catalogue_xlsx(admin, out.getvalue())
    assert report.updated == ["1.001612"]
    assert Procedure.objects.get(code="1.001612").processing_days == 5


def test_a_step_in_use_cannot_be_dropped(admin, registry):
    services.import_catalogue(admin, demo_sheets())
    step = ProcessingStep.objects.get(procedure__code="2.001417", order=5)
    citizen = registry.user("congdan", Role.CITIZEN, kind=UserKind.CITIZEN)
    dossier = ServiceDossier.objects.create(
        procedure=step.procedure, agency=registry.office, applicant=citizen,
        applicant_name="Nguyễn Văn A", channel=Channel.ONLINE,
    )  # fmt: skip
    DossierStep.objects.create(dossier=dossier, step=step, agency=registry.office)

    def drop_last(data):
        data["Steps"] = [s for s in data["Steps"] if (s["procedure_code"], s["order"]) != (
            "2.001417", 5)]  # fmt: skip
        data["Steps"][-1]["time_share"] += 5

    with pytest.raises(ValidationError, match="cannot be removed"):
        services.import_catalogue(admin, demo_sheets(drop_last))
    assert ProcessingStep.objects.filter(procedure=step.procedure).count() == 5
    assert Procedure.objects.get(code="2.001417").steps.get(order=4).time_share == 10


def test_garbage_and_missing_sheets_are_refused(admin):
    with pytest.raises(CatalogueImportRefused):
        services.import_catalogue_xlsx(admin, b"not a workbook")
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(CatalogueImportRefused) as info:
        services.import_catalogue_xlsx(admin, out.getvalue())
    assert {e.sheet for e in info.value.row_errors} == {"Procedures", "RequiredDocuments", "Steps"}


def test_import_needs_the_permission(registry):
    clerk = registry.user("vanthu", Role.CLERK)
    with pytest.raises(PermissionDenied):
        services.import_catalogue(clerk, demo_sheets())
    assert not Procedure.objects.exists()


def test_load_demo_procedures_links_demo_agencies_and_is_idempotent(registry, admin):
    camthanh = Agency.objects.create(
        name="Ủy ban nhân dân phường Cẩm Thành",
        electronic_id="000.00.01.H48",
        kind=AgencyKind.STATE,
    )
    stp = Agency.objects.create(name="Sở Tư pháp tỉnh Quảng Ngãi", electronic_id="000.05.00.H48",
                                kind=AgencyKind.STATE)  # fmt: skip
    out = io.StringIO()
    call_command("load_demo_procedures", stdout=out)
    assert "5 created" in out.getvalue()
    assert list(Procedure.objects.get(code="1.001193").agencies.all()) == [camthanh]
    assert list(Procedure.objects.get(code="2.001417").agencies.all()) == [stp]
    events = AuditEvent.objects.count()
    call_command("load_demo_procedures", stdout=out)
    assert "5 unchanged" in out.getvalue()
    assert AuditEvent.objects.count() == events + 1  # only the import's own event
