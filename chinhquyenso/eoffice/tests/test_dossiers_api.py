import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from chinhquyenso.core.choices import Role
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import DossierStatus
from chinhquyenso.eoffice.models import FilePlan, WorkDossier
from chinhquyenso.identity.tokens import issue_token

from .dossier_fixtures import entry, incoming, keeper_fixture, outgoing, plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/eoffice"


@pytest.fixture(autouse=True)
def english(client):
    # Pages and the API answer in the cookie's language; services in the active one.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _auth(user):
    _token, secret = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_plan_from_creation_to_approval(client, registry, clerk, leader):
    auth = _auth(clerk)
    created = client.post(
        f"{API}/file-plans",
        {"agency_id": registry.office.pk, "year": 2027},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    plan_id = created.json()["id"]
    added = client.post(
        f"{API}/file-plans/{plan_id}/entries",
        {"notation": "01.TCCB", "title": "Hồ sơ tổ chức cán bộ", "retention_years": None},
        content_type="application/json",
        **auth,
    )
    assert added.status_code == 201 and added.json()["retention_years"] is None
    bad = client.post(
        f"{API}/file-plans/{plan_id}/entries",
        {"notation": "TCCB", "title": ""},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and {"notation", "title"} <= set(bad.json()["errors"])
    assert client.post(f"{API}/file-plans/{plan_id}/approve", **auth).status_code == 403
    approved = client.post(f"{API}/file-plans/{plan_id}/approve", **_auth(leader))
    assert approved.status_code == 200 and approved.json()["approved"] is True
    entry_id = approved.json()["entries"][0]["id"]
    frozen = client.put(
        f"{API}/file-plan-entries/{entry_id}",
        {"notation": "01.TCCB", "title": "Khác"},
        content_type="application/json",
        **auth,
    )
    assert frozen.status_code == 422 and "reopen" in frozen.json()["detail"]


def test_api_dossier_lifecycle_and_export(client, registry, clerk, leader, plan):
    auth = _auth(clerk)
    entry_id = entry(plan, "01.VX").pk
    opened = client.post(
        f"{API}/dossiers", {"entry_id": entry_id}, content_type="application/json", **auth
    )
    assert opened.status_code == 201
    body = opened.json()
    assert body["file_code"] == "000.01.00.H48.2026.01.VX" and body["processed_online"] is None
    dossier_id = body["id"]
    document = incoming(registry, clerk, leader, "19-CT/TU")
    url = f"{API}/dossiers/{dossier_id}/documents"
    payload = {"incoming_id": document.pk}
    assert client.post(url, payload, content_type="application/json", **auth).status_code == 201
    again = client.post(url, payload, content_type="application/json", **auth)
    assert again.status_code == 422 and "already in the dossier" in again.json()["detail"]
    detail = client.get(f"{API}/dossiers/{dossier_id}", **auth).json()
    assert [i["incoming_id"] for i in detail["items"]] == [document.pk]
    closed = client.post(f"{API}/dossiers/{dossier_id}/close", **auth).json()
    assert closed["status"] == "closed" and closed["processed_online"] is True
    assert closed["handover_due"]
    late = client.post(
        url,
        {"outgoing_id": outgoing(registry, clerk, 4).pk},
        content_type="application/json",
        **auth,
    )
    assert late.status_code == 422 and "closed" in late.json()["detail"]
    xml = client.get(f"{API}/dossiers/{dossier_id}/export", {"format": "xml"}, **auth)
    assert xml.status_code == 200 and b"<FileNotation>01.VX</FileNotation>" in xml.content
    pdf = client.get(f"{API}/dossiers/{dossier_id}/export", {"format": "pdf"}, **auth)
    assert pdf.content.startswith(b"%PDF-")
    assert (
        client.get(f"{API}/dossiers/{dossier_id}/export", {"format": "doc"}, **auth).status_code
        == 422
    )
    handed = client.post(f"{API}/dossiers/{dossier_id}/hand-over", **auth).json()
    assert handed["status"] == "handed_over"


def test_api_hides_other_agencies_dossiers(client, registry, clerk, plan):
    dossier = services.open_dossier(clerk, entry(plan, "01.VX"))
    outsider = registry.user("khac", Role.CLERK, agency=registry.province_committee)
    assert client.get(f"{API}/dossiers/{dossier.pk}", **_auth(outsider)).status_code == 404
    assert client.get(f"{API}/dossiers", **_auth(outsider)).json() == []
    assert client.get(f"{API}/file-plans/{plan.pk}", **_auth(outsider)).status_code == 404


def test_import_csv_and_xlsx_all_or_nothing(client, registry, clerk):
    plan = services.create_file_plan(clerk, registry.office, 2028)
    csv_text = (
        "Số và ký hiệu hồ sơ,Tiêu đề hồ sơ,Thời hạn bảo quản,Đơn vị,Xây dựng cơ bản\n"
        "01.VX,Hồ sơ văn hóa,Vĩnh viễn,VX,\n"
        "02.VP,Hồ sơ xây dựng,10 năm,,x\n"
    )
    assert services.import_entries(clerk, plan, csv_text.encode(), "dm.csv") == 2
    construction = plan.entries.get(notation="02.VP")
    assert construction.construction and construction.retention_years == 10
    assert plan.entries.get(notation="01.VX").department == registry.department
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["notation", "title", "retention"])
    sheet.append(["03.TH", "Hồ sơ tổng hợp", 5])
    sheet.append(["04.TH", "", "abc"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "dm.xlsx"
    response = client.post(f"{API}/file-plans/{plan.pk}/import", {"file": upload}, **_auth(clerk))
    assert response.status_code == 422 and "Line 3" in response.json()["detail"]
    assert plan.entries.count() == 2  # nothing from the refused file


def test_pages_plan_open_add_close(client, registry, clerk, leader):
    client.force_login(clerk)
    url = reverse("eoffice:fileplan")
    params = {"agency": registry.office.pk, "year": 2026}
    client.post(url, {**params, "action": "create"})
    plan = FilePlan.objects.get(agency=registry.office, year=2026)
    client.post(url, {**params, "action": "add", "notation": "01.VX", "title": "Hồ sơ VX",
                      "retention_years": "5", "department": registry.department.pk})  # fmt: skip
    refused = client.post(url, {**params, "action": "add", "notation": "x", "title": "y"},
                          follow=True)  # fmt: skip
    assert "file notation" in refused.text
    assert plan.entries.count() == 1
    client.force_login(leader)
    client.post(url, {**params, "action": "approve"})
    plan.refresh_from_db()
    assert plan.approved_at is not None
    client.force_login(clerk)
    page = client.get(url, params)
    assert page.status_code == 200 and "01.VX" in page.text
    opened = client.post(url, {**params, "action": "open", "entry": plan.entries.get().pk})
    dossier = WorkDossier.objects.get()
    assert opened.url == dossier.get_absolute_url()
    document = incoming(registry, clerk, leader, "19-CT/TU")
    detail = client.get(dossier.get_absolute_url())
    assert f'value="in:{document.pk}"' in detail.text
    action = reverse("eoffice:dossier_action", args=[dossier.pk])
    client.post(action, {"action": "add", "document": f"in:{document.pk}"})
    client.post(action, {"action": "close"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.CLOSED and dossier.items.count() == 1
    listing = client.get(reverse("eoffice:dossier_list"))
    assert "000.01.00.H48.2026.01.VX" in listing.text
    export = client.get(reverse("eoffice:dossier_export", args=[dossier.pk]), {"format": "zip"})
    assert export["Content-Type"] == "application/zip"


def test_pages_refuse_outsiders(client, registry, clerk, plan):
    dossier = services.open_dossier(clerk, entry(plan, "01.VX"))
    citizen = registry.user("dan", Role.CITIZEN)
    client.force_login(citizen)
    assert client.get(reverse("eoffice:fileplan")).status_code == 403
    assert client.get(dossier.get_absolute_url()).status_code == 404
    action = reverse("eoffice:dossier_action", args=[dossier.pk])
    assert client.post(action, {"action": "close"}).status_code == 404
