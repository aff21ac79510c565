"""Catalogue pages and API: public list, search and procedure page without signing in, the apply
link, the keepers' import page with its error report, the export, and the public JSON API."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chinhquyenso.core.choices import Role
from chinhquyenso.identity.tokens import issue_token
from chinhquyenso.services import services
from chinhquyenso.services.catalogue_xlsx import write_workbook
from chinhquyenso.services.models import Procedure

from .catalogue_fixtures import demo_sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def english(client):
    # Pages answer in the cookie's language, services in the active one; assertions read English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def admin(registry):
    return registry.user("admin", Role.SYSTEM_ADMIN)


@pytest.fixture
def catalogue(admin):
    services.import_catalogue(admin, demo_sheets())


def _workbook(content: bytes, edit=None) -> SimpleUploadedFile:
    if edit:
        workbook = load_workbook(io.BytesIO(content))
        edit(workbook)
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
    return SimpleUploadedFile("danh-muc.xlsx", content, content_type=XLSX)


def bearer(user) -> dict:
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def test_public_list_searches_without_diacritics(client, catalogue):
    response = client.get(reverse("services:procedure_list"), {"q": "DANG KY KHAI SINH"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đăng ký khai sinh" in page
    assert "1.001612" not in page
    assert reverse("services:catalogue_import") not in page  # anonymous: no keeper's actions


def test_public_list_filters_and_exports(client, catalogue):
    page = client.get(reverse("services:procedure_list"), {"level": "1"}).content.decode()
    assert "2.001417" in page
    assert "1.001193" not in page
    response = client.get(
        reverse("services:procedure_list"), {"q": "ho kinh doanh", "export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["1.001612"]


def test_procedure_page_is_public_and_complete(client, catalogue):
    response = client.get(reverse("services:procedure_detail", args=["2.000815"]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Chứng thực", "Thông tư 226/2016/TT-BTC", "2.000 VND", "Bản chính giấy tờ",
                 "Chứng thực, ghi sổ chứng thực", "40 %"):  # fmt: skip
        assert text in page
    assert f"{reverse('services:apply')}?procedure=2.000815" in page


def test_withdrawn_procedure_is_404_for_the_public(client, admin, catalogue):
    services.deactivate_procedure(admin, Procedure.objects.get(code="1.001193"))
    url = reverse("services:procedure_detail", args=["1.001193"])
    assert client.get(url).status_code == 404
    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert client.get(reverse("services:procedure_detail", args=["9.999999"])).status_code == 404


def test_import_page_reports_row_errors_and_imports_nothing(client, admin, catalogue):
    content = write_workbook(Procedure.objects.all())

    def spoil(workbook):
        workbook["Procedures"]["H2"] = 0  # processing_days of the first procedure
        workbook["Procedures"]["A3"] = "ABC"

    client.force_login(admin)
    url = reverse("services:catalogue_import")
    response = client.post(url, {"file": _workbook(content, spoil)})
    assert response.status_code == 422
    errors = response.context["row_errors"]
    assert {(e.sheet, e.row, e.column) for e in errors} >= {
        ("Procedures", 2, "processing_days"),
        ("Procedures", 3, "code"),
    }
    assert Procedure.objects.get(code="1.001193").processing_days == 1

    def fix(workbook):
        workbook["Procedures"]["H2"] = 2

    response = client.post(url, {"file": _workbook(content, fix)})
    assert response.status_code == 200
    assert response.context["report"].updated == ["1.001193"]
    assert Procedure.objects.get(code="1.001193").processing_days == 2


def test_import_and_export_pages_need_the_permission(client, registry, catalogue):
    client.force_login(registry.user("motcua", Role.ONE_STOP_OFFICER))
    assert client.get(reverse("services:catalogue_import")).status_code == 403
    assert client.get(reverse("services:catalogue_export")).status_code == 403
    client.logout()
    assert client.get(reverse("services:catalogue_export")).status_code == 302


def test_export_page_gives_the_import_workbook(client, admin, catalogue):
    client.force_login(admin)
    response = client.get(reverse("services:catalogue_export"), {"field": "ho-tich"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Procedures", "RequiredDocuments", "Steps"]
    assert [r[0] for r in workbook["Procedures"].iter_rows(min_row=2, values_only=True)] == [
        "1.001193"
    ]


def test_api_search_needs_no_token(client, catalogue):
    response = client.get("/api/v1/services/procedures", {"q": "khai sinh"})
    assert response.status_code == 200
    [item] = response.json()
    assert item["code"] == "1.001193"
    assert item["processing_days"] == 1 and item["online_level"] == "full"
    assert item["field"] == "ho-tich" and item["level"] == 3
    codes = [p["code"] for p in client.get("/api/v1/services/procedures").json()]
    assert len(codes) == 5


def test_api_procedure_detail_needs_no_token(client, catalogue):
    body = client.get("/api/v1/services/procedures/2.001417").json()
    assert body["fee"] in ("200000", 200000)
    assert [s["time_share"] for s in body["steps"]] == [10, 60, 15, 10, 5]
    assert body["documents"][0]["mandatory"] is True
    assert body["form_schema"]["properties"]["cccd"]["x-kind"] == "cccd"
    assert client.get("/api/v1/services/procedures/9.999999").status_code == 404


def test_api_import_all_or_nothing(client, registry, admin, catalogue):
    content = write_workbook(Procedure.objects.all())

    def spoil(workbook):
        workbook["Steps"]["F2"] = 99

    url = "/api/v1/services/procedures/import"
    assert client.post(url, {"file": _workbook(content)}).status_code == 401
    officer = registry.user("motcua", Role.ONE_STOP_OFFICER)
    response = client.post(url, {"file": _workbook(content)}, **bearer(officer))
    assert response.status_code == 403
    response = client.post(url, {"file": _workbook(content, spoil)}, **bearer(admin))
    assert response.status_code == 422
    assert {"sheet": "Steps", "row": 2, "column": "time_share"}.items() <= response.json()["rows"][
        0
    ].items()
    response = client.post(url, {"file": _workbook(content)}, **bearer(admin))
    assert response.status_code == 200
    assert len(response.json()["unchanged"]) == 5
