"""Portal pages: applying through the pages, the slip PDF with its QR code, the public
verification page without personal data, someone else's dossier as 404, the API."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.identity.tokens import issue_token
from chinhquyenso.services import services as portal
from chinhquyenso.services.choices import DossierStatus
from chinhquyenso.services.models import ServiceDossier
from chinhquyenso.services.slips import slip_pdf

from .portal_fixtures import ANSWERS, make_app, ready_draft, upload


@pytest.fixture(autouse=True)
def english(client):
    # Pages answer in the cookie's language, services in the active one; assertions read English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def app(registry):
    return make_app(registry)


def login(client, user):
    client.force_login(user)
    return client


def test_apply_through_the_pages(client, app):
    login(client, app.citizen)
    page = client.get(reverse("services:apply"), {"q": app.procedure.code})
    assert app.procedure.name in page.content.decode()
    response = client.post(
        reverse("services:apply"), {"procedure": app.procedure.code, "agency": app.agency.pk}
    )
    dossier = ServiceDossier.objects.get(applicant=app.citizen)
    assert response.url == reverse("services:application_edit", args=[dossier.pk])
    bad = client.post(
        reverse("services:application_form", args=[dossier.pk]),
        {"full_name": "An", "id_number": "12"},
    )
    assert bad.status_code == 422 and "12 digits" in bad.content.decode()
    client.post(reverse("services:application_form", args=[dossier.pk]), ANSWERS)
    client.post(
        reverse("services:application_attach", args=[dossier.pk]),
        {"required_document": app.form.pk, "file": upload()},
    )
    edit = client.get(reverse("services:application_edit", args=[dossier.pk])).content.decode()
    key = edit.split('name="idempotency_key" value="')[1].split('"')[0]
    for _twice in range(2):
        done = client.post(
            reverse("services:application_submit", args=[dossier.pk]), {"idempotency_key": key}
        )
        assert done.url == reverse("services:dossier_detail", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED and dossier.code.endswith("-0001")
    mine = client.get(reverse("services:my_dossiers")).content.decode()
    assert dossier.code in mine


def test_wrong_file_type_page_shows_the_error(client, app):
    login(client, app.citizen)
    dossier = portal.start_application(app.citizen, app.procedure)
    response = client.post(
        reverse("services:application_attach", args=[dossier.pk]),
        {"required_document": app.form.pk, "file": SimpleUploadedFile("a.txt", b"text")},
    )
    assert response.status_code == 422 and not dossier.attachments.exists()


def test_someone_elses_dossier_is_404(client, app, registry):
    dossier = portal.submit(app.citizen, ready_draft(app), "k")
    stranger = registry.user("khac", Role.CITIZEN, kind=UserKind.CITIZEN, citizen_id="051090001234")
    login(client, stranger)
    for name in ["dossier_detail", "dossier_slip", "application_edit"]:
        assert client.get(reverse(f"services:{name}", args=[dossier.pk])).status_code == 404


def test_slip_has_the_code_and_a_qr_image(app):
    dossier = portal.submit(app.citizen, ready_draft(app), "k")
    reader = PdfReader(io.BytesIO(slip_pdf(dossier)))
    text = reader.pages[0].extract_text()
    assert dossier.code in text and "NỘP HỒ SƠ" in text
    assert len(reader.pages[0].images) == 1
    ServiceDossier.objects.filter(pk=dossier.pk).update(
        received_at=dossier.submitted_at, due_date=dossier.submitted_at.date()
    )
    dossier.refresh_from_db()
    receipt = PdfReader(io.BytesIO(slip_pdf(dossier))).pages[0]
    assert "HẸN TRẢ KẾT QUẢ" in receipt.extract_text() and len(receipt.images) == 1


def test_verify_page_shows_no_personal_data(client, app):
    dossier = portal.submit(app.citizen, ready_draft(app), "k")
    page = client.get(reverse("services:verify", args=[dossier.code]))
    body = page.content.decode()
    assert page.status_code == 200 and dossier.code in body and app.procedure.name in body
    for personal in ["Nguyễn Văn An", "051085006789", app.citizen.username]:
        assert personal not in body
    assert client.get(reverse("services:verify", args=["nope"])).status_code == 404
    api = client.get(f"/api/v1/services/verify/{dossier.code}").json()
    assert api["code"] == dossier.code and "applicant" not in str(api)


def _auth(user):
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def test_api_flow_with_idempotency_key(client, app, registry):
    auth = _auth(app.citizen)
    created = client.post(
        "/api/v1/services/applications",
        {"procedure_code": app.procedure.code},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    base = f"/api/v1/services/applications/{pk}"
    bad = client.put(
        f"{base}/form", {"data": {"full_name": "An"}}, content_type="application/json", **auth
    )
    assert bad.status_code == 422 and "id_number" in bad.json()["errors"]
    client.put(f"{base}/form", {"data": ANSWERS}, content_type="application/json", **auth)
    refused = client.post(f"{base}/submit", HTTP_IDEMPOTENCY_KEY="a1", **auth)
    assert refused.status_code == 422 and "attachments" in refused.json()["errors"]
    attached = client.post(
        f"{base}/attachments", {"required_document_id": app.form.pk, "file": upload()}, **auth
    )
    assert attached.status_code == 201
    first = client.post(f"{base}/submit", HTTP_IDEMPOTENCY_KEY="a1", **auth).json()
    second = client.post(f"{base}/submit", HTTP_IDEMPOTENCY_KEY="a1", **auth).json()
    assert first["code"] == second["code"] and first["status"] == "submitted"
    detail = client.get(base, **auth).json()
    assert [e["action"] for e in detail["timeline"]] == ["submitted"]
    assert [d["id"] for d in client.get("/api/v1/services/applications", **auth).json()] == [pk]
    stranger = registry.user("khac", Role.CITIZEN, kind=UserKind.CITIZEN, citizen_id="051090001234")
    assert client.get(base, **_auth(stranger)).status_code == 404
    assert client.get(base, **_auth(app.officer)).status_code == 403
