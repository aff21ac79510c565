import datetime

import pytest

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import StoredFile
from chinhquyenso.eoffice.models import IncomingDocument
from chinhquyenso.identity.tokens import issue_token

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


FORM = {
    "notation": "1131/QĐ-UBND",
    "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "issued_date": "2026-11-02",
    "doc_type": "QĐ",
    "subject": "Về việc phê duyệt Kế hoạch chuyển đổi số tỉnh Quảng Ngãi năm 2026",
    "arrival_date": "2026-11-03",
}


def _post(client, user, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {**FORM, **extra}
    if "file" not in data:
        data["file"] = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
    return client.post("/api/v1/eoffice/incoming", data, **_auth(user))


def test_register_search_and_read(client, registry, clerk):
    response = _post(client, clerk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["arrival_number"] == 1 and body["code_notation"] == "QĐ-UBND"
    found = client.get("/api/v1/eoffice/incoming", {"q": "ke hoach chuyen doi so"}, **_auth(clerk))
    assert found.status_code == 200
    items = found.json()["items"]
    assert [i["id"] for i in items] == [body["id"]]
    assert "chuyển đổi số" in items[0]["subject"]
    detail = client.get(f"/api/v1/eoffice/incoming/{body['id']}", **_auth(clerk)).json()
    assert detail["trace"][0]["action"] == "registered"
    download = client.get(f"/api/v1/eoffice/incoming/{body['id']}/file", **_auth(clerk))
    assert download.status_code == 200 and download.content == PDF


def test_bad_input_gives_422_and_stores_nothing(client, registry, clerk):
    response = _post(client, clerk, arrival_date="2099-01-01")
    assert response.status_code == 422
    assert "arrival_date" in response.json()["errors"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert _post(client, clerk, file=exe).status_code == 422
    assert IncomingDocument.objects.count() == 0 and StoredFile.objects.count() == 0


def test_outsiders_get_403_or_404(client, registry, clerk):
    outsider = registry.user("ngoai", Role.SPECIALIST, agency=registry.province_committee)
    assert _post(client, outsider).status_code == 403
    doc_id = _post(client, clerk).json()["id"]
    assert client.get(f"/api/v1/eoffice/incoming/{doc_id}", **_auth(outsider)).status_code == 404
    listing = client.get("/api/v1/eoffice/incoming", **_auth(outsider)).json()
    assert listing["items"] == []


def test_handling_through_the_api(client, registry, clerk, leader):
    specialist = registry.user("cv", Role.SPECIALIST, department=registry.department)
    doc_id = _post(client, clerk).json()["id"]
    r = client.post(
        f"/api/v1/eoffice/incoming/{doc_id}/present",
        {"leader_id": leader.pk},
        content_type="application/json",
        **_auth(clerk),
    )
    assert r.status_code == 200 and r.json()["status"] == "presented"
    assert [d["id"] for d in client.get("/api/v1/eoffice/queue", **_auth(leader)).json()] == [
        doc_id
    ]
    r = client.post(
        f"/api/v1/eoffice/incoming/{doc_id}/assign",
        {"lead": {"user_id": specialist.pk}, "working_days": 3, "direction": "Xử lý"},
        content_type="application/json",
        **_auth(leader),
    )
    assert r.status_code == 200, r.content
    assignment_id = r.json()[0]["id"]
    tasks = client.get("/api/v1/eoffice/tasks", **_auth(specialist)).json()
    assert [t["id"] for t in tasks] == [assignment_id]
    r = client.post(
        f"/api/v1/eoffice/assignments/{assignment_id}/complete",
        {"result": "Đã xử lý xong"},
        **_auth(specialist),
    )
    assert r.status_code == 204
    detail = client.get(f"/api/v1/eoffice/incoming/{doc_id}", **_auth(specialist)).json()
    assert detail["document"]["status"] == "completed"


def test_pagination_without_counting(client, registry, clerk):
    for i in range(3):
        _post(client, clerk, notation=f"{i + 1}/UBND-VX", file="")
    page = client.get("/api/v1/eoffice/incoming", {"limit": 2}, **_auth(clerk)).json()
    assert len(page["items"]) == 2 and page["next_offset"] == 2
    rest = client.get("/api/v1/eoffice/incoming", {"limit": 2, "offset": 2}, **_auth(clerk)).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    assert [i["arrival_number"] for i in page["items"] + rest["items"]] == [3, 2, 1]


def test_openapi_lists_the_eoffice_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/eoffice/incoming" in paths
    assert "/api/v1/eoffice/incoming/{document_id}" in paths


def test_dates_are_iso(client, registry, clerk):
    body = _post(client, clerk).json()
    assert datetime.date.fromisoformat(body["issued_date"]) == datetime.date(2026, 11, 2)
