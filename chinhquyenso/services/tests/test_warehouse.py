"""The e-data warehouse: the owner's uploads, officers' digitised papers, results kept, reuse in
an application recorded as a use the owner sees, officers seeing only what their dossiers use."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.core.models import StoredFile
from chinhquyenso.services import services as portal
from chinhquyenso.services.choices import WarehouseSource
from chinhquyenso.services.models import WarehouseDocumentType, WarehouseItem, WarehouseUse

from .portal_fixtures import ANSWERS, make_app, ready_draft, upload


@pytest.fixture
def app(registry):
    return make_app(registry)


@pytest.fixture
def cccd(db):
    return WarehouseDocumentType.objects.create(code="cccd", name="Căn cước")


def test_reuse_in_an_application_records_the_use(app, cccd):
    item = portal.upload_document(app.citizen, cccd, "CCCD của tôi", upload("cccd.pdf"))
    dossier = portal.start_application(app.citizen, app.procedure)
    portal.save_form(app.citizen, dossier, ANSWERS)
    attachment = portal.attach(app.citizen, dossier, app.form, warehouse_item=item)
    assert attachment.file_id == item.file_id and attachment.warehouse_item_id == item.pk
    use = WarehouseUse.objects.get()
    assert (use.item, use.dossier, use.used_by) == (item, dossier, app.citizen)
    assert list(portal.usage_log(app.citizen)) == [use]
    portal.submit(app.citizen, dossier, "k")


def test_someone_elses_document_cannot_be_attached(app, cccd, registry):
    other = registry.user("khac", Role.CITIZEN, kind=UserKind.CITIZEN, citizen_id="051090001234")
    item = portal.upload_document(other, cccd, "CCCD", upload("cccd.pdf"))
    dossier = portal.start_application(app.citizen, app.procedure)
    with pytest.raises(ValidationError):
        portal.attach(app.citizen, dossier, app.form, warehouse_item=item)
    assert not WarehouseUse.objects.exists()
    assert not portal.usage_log(app.citizen).exists()


def test_upload_refuses_a_wrong_type_and_stores_nothing(app, cccd):
    before = StoredFile.objects.count()
    with pytest.raises(ValidationError):
        portal.upload_document(app.citizen, cccd, "CCCD", upload("cccd.pdf", b"not a pdf"))
    with pytest.raises(ValidationError):
        portal.upload_document(app.citizen, cccd, "", upload("cccd.pdf"))
    assert StoredFile.objects.count() == before and not WarehouseItem.objects.exists()


def test_officer_digitises_into_the_applicants_warehouse(app, cccd, registry):
    dossier = portal.submit(app.citizen, ready_draft(app), "k")
    item = portal.digitise_document(app.officer, dossier, cccd, "Bản scan CCCD", upload("s.pdf"))
    assert item.owner == app.citizen and item.source == WarehouseSource.DIGITISED
    elsewhere = registry.user("motcua2", Role.ONE_STOP_OFFICER, agency=app.other_agency())
    with pytest.raises(PermissionDenied):
        portal.digitise_document(elsewhere, dossier, cccd, "x", upload("s.pdf"))


def test_officers_see_only_documents_of_dossiers_they_handle(app, cccd, registry):
    used = portal.upload_document(app.citizen, cccd, "Dùng", upload("a.pdf"))
    portal.upload_document(app.citizen, cccd, "Không dùng", upload("b.pdf"))
    dossier = portal.start_application(app.citizen, app.procedure)
    portal.attach(app.citizen, dossier, app.form, warehouse_item=used)
    assert list(portal.documents_for_officer(app.officer)) == [used]
    elsewhere = registry.user("motcua2", Role.ONE_STOP_OFFICER, agency=app.other_agency())
    assert not portal.documents_for_officer(elsewhere).exists()
    assert not portal.documents_for_officer(app.citizen).exists()


def test_result_is_kept_once(app):
    dossier = portal.submit(app.citizen, ready_draft(app), "k")
    assert portal.add_result_to_warehouse(dossier) is None
    dossier.result_file = dossier.attachments.get().file
    dossier.save()
    first = portal.add_result_to_warehouse(dossier)
    assert first.source == WarehouseSource.RESULT and first.owner == app.citizen
    assert portal.add_result_to_warehouse(dossier) == first
    assert WarehouseItem.objects.count() == 1


def test_warehouse_page_lists_uploads_and_uses(client, app, cccd):
    client.force_login(app.citizen)
    response = client.post(
        reverse("services:warehouse"),
        {"doc_type": cccd.pk, "title": "CCCD mặt trước", "file": upload("cccd.pdf")},
    )
    assert response.status_code == 302
    item = WarehouseItem.objects.get()
    dossier = portal.start_application(app.citizen, app.procedure)
    portal.attach(app.citizen, dossier, app.form, warehouse_item=item)
    page = client.get(reverse("services:warehouse")).content.decode()
    assert "CCCD mặt trước" in page and app.agency.name in page
    client.force_login(app.officer)
    assert client.get(reverse("services:warehouse_file", args=[item.pk])).status_code == 403
