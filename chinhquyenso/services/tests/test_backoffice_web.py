"""Back-office pages and API: queues and export, actions with errors at their field, counter
reception with scans, PDFs, other agencies kept out (404/403)."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chinhquyenso.core.choices import Role
from chinhquyenso.identity.tokens import issue_token
from chinhquyenso.services.choices import DossierStatus
from chinhquyenso.services.models import ServiceDossier

from . import backoffice_fixtures as fixtures

calendar_2026, clock, world = fixtures.calendar_2026, fixtures.clock, fixtures.world
S = DossierStatus


@pytest.fixture(autouse=True)
def english(client):
    # Pages answer in the cookie's language, services in the active one; assertions read English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _auth(user):
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def test_queue_lists_new_dossiers_and_exports_excel(client, world, clock):
    dossier = world.online_dossier()
    client.force_login(world.officer)
    page = client.get(reverse("services:backoffice"), {"queue": "new"})
    assert page.status_code == 200 and dossier.code in page.content.decode()
    assert reverse("services:backoffice") in client.get(reverse("core:home")).content.decode()
    export = client.get(reverse("services:backoffice"), {"queue": "new", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [dossier.code]


def test_overdue_rows_are_marked(client, world, clock):
    dossier = world.online_dossier()
    client.force_login(world.officer)
    client.post(reverse("services:backoffice_dossier", args=[dossier.pk]), {"action": "accept"})
    clock.set(datetime.date(2026, 2, 25))
    client.force_login(world.officer)  # the session of 12 Feb has expired by then
    page = client.get(reverse("services:backoffice"), {"queue": "overdue"}).content.decode()
    assert dossier.code in page and "eo-row--overdue" in page


def test_actions_through_the_dossier_page(client, world, clock):
    dossier = world.online_dossier()
    url = reverse("services:backoffice_dossier", args=[dossier.pk])
    client.force_login(world.officer)
    refused = client.post(url, {"action": "refuse", "reason": " "})
    assert refused.status_code == 400
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert client.post(url, {"action": "accept"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.due_date == datetime.date(2026, 2, 24)
    step = dossier.steps.get(step__order=2)
    page = client.get(url).content.decode()
    assert f'<option value="{world.specialist.pk}">' in page  # offered for the hand-over
    assert f'<option value="{world.citizen.pk}">' not in page
    handed = client.post(
        url, {"action": "hand_over", "step": step.pk, "assignee": world.specialist.pk}
    )
    assert handed.status_code == 302
    step.refresh_from_db()
    assert step.assignee == world.specialist
    slip = client.get(reverse("services:tracking_slip", args=[dossier.pk]))
    assert slip["Content-Type"] == "application/pdf" and slip.content.startswith(b"%PDF")
    assert client.get(reverse("services:apology", args=[dossier.pk])).status_code == 404
    late = client.post(
        url, {"action": "apology", "reason": "Chờ xác minh", "new_date": "2026-02-20"}
    )
    assert late.status_code == 400 and "later than" in late.content.decode()
    ok = client.post(url, {"action": "apology", "reason": "Chờ xác minh", "new_date": "2026-03-02"})
    assert ok.status_code == 302
    letter = client.get(reverse("services:apology", args=[dossier.pk]))
    assert letter.status_code == 200 and b"".join(letter.streaming_content).startswith(b"%PDF")


def test_counter_reception_with_a_scan(client, world, clock):
    client.force_login(world.officer)
    url = reverse("services:counter_receive")
    assert world.procedure.name in client.get(url).content.decode()
    bad = client.post(
        url,
        {
            "agency": world.agency.pk,
            "procedure": world.procedure.pk,
            "full_name": "Lê Văn C",
            "citizen_id": "0123",
        },
    )
    assert bad.status_code == 400 and not ServiceDossier.objects.exists()
    scan = SimpleUploadedFile("to-khai.pdf", fixtures.pdf_bytes())
    done = client.post(
        url,
        {
            "agency": world.agency.pk,
            "procedure": world.procedure.pk,
            "full_name": "Lê Văn C",
            "citizen_id": "051099001122",
            f"scan_{world.form.pk}": scan,
            "accept": "on",
        },
    )
    dossier = ServiceDossier.objects.get()
    assert done.status_code == 302
    assert done["Location"].endswith(f"/backoffice/{dossier.pk}/?print=receipt")
    assert dossier.digitised and dossier.status == S.PROCESSING


def test_other_agency_officer_gets_404_and_nothing_changes(client, world, clock):
    stranger = world.registry.user("motcua2", Role.ONE_STOP_OFFICER, agency=world.other_agency())
    dossier = world.online_dossier()
    client.force_login(stranger)
    url = reverse("services:backoffice_dossier", args=[dossier.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "accept"}).status_code == 404
    assert client.get(reverse("services:tracking_slip", args=[dossier.pk])).status_code == 404
    api = client.post(f"/api/v1/services/backoffice/{dossier.pk}/accept", **_auth(stranger))
    assert api.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    client.force_login(world.citizen)
    assert client.get(reverse("services:backoffice")).status_code == 403


def test_api_reception_supplement_and_refusal(client, world, clock):
    auth = _auth(world.officer)
    created = client.post(
        "/api/v1/services/backoffice/walk-in",
        {
            "agency_id": world.agency.pk,
            "procedure_id": world.procedure.pk,
            "full_name": "Phạm Thị D",
            "citizen_id": "051088002233",
            "required_document_ids": str(world.form.pk),
            "scans": [SimpleUploadedFile("to-khai.pdf", fixtures.pdf_bytes())],
        },
        **auth,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["digitised"] is True
    queue = client.get("/api/v1/services/backoffice?queue=new", **auth).json()
    assert [d["id"] for d in queue] == [pk]
    accepted = client.post(f"/api/v1/services/backoffice/{pk}/accept", **auth)
    assert accepted.json()["due_date"] == "2026-02-24"
    assert [s["status"] for s in accepted.json()["steps"]][:2] == ["done", "pending"]
    first = client.post(
        f"/api/v1/services/backoffice/{pk}/supplement",
        {"items": ["Giấy chứng sinh"]},
        content_type="application/json",
        **auth,
    )
    assert first.status_code == 200 and first.json()["status"] == "supplement"
    no_reason = client.post(
        f"/api/v1/services/backoffice/{pk}/refuse",
        {"reason": ""},
        content_type="application/json",
        **auth,
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    assert ServiceDossier.objects.get(pk=pk).status == S.SUPPLEMENT
