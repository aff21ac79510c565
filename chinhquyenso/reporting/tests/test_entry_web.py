"""The entry grid page and its JSON save endpoint, the workbook import page: stable element ids,
each cell saved with its outcome, refusals with nothing stored, read-only when not open."""

import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chinhquyenso.reporting import services
from chinhquyenso.reporting.models import DataValue

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

GRID = "/reporting/entry/DX_MONTHLY/TINH_AN/202602/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def save(client, element, value, cell="default", url=GRID):
    response = client.post(
        url + "save",
        json.dumps({"element": element, "cell": cell, "value": value}),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_grid_has_stable_ids_and_the_form_layout(client, world):
    assert reverse("reporting:entry", args=["DX_MONTHLY", "TINH_AN", "202602"]) == GRID
    services.save_value(
        world.clerk,
        element="STAFF",
        option_combo="FEMALE",
        org_unit="TINH_AN",
        period="202602",
        value="4",
    )
    client.force_login(world.clerk)
    response = client.get(GRID)
    assert response.status_code == 200
    page = response.content.decode()
    for hook in (
        'id="entry-grid"',
        'data-editable="true"',
        'id="entry-state"',
        'data-state="open"',
        'id="v-DOSSIERS_TOTAL-default" name="DOSSIERS_TOTAL.default"',
        'id="s-DOSSIERS_TOTAL-default"',
        'id="v-STAFF-MALE"',
        'id="v-HAS_PORTAL-default" name="HAS_PORTAL.default" class="entry-input"',
        'id="auto-PORTAL_VISITS" data-frozen="false">42<',
        'id="lineage-PORTAL_VISITS"',
        'id="entry-no-violation"',
        'id="submit-button"',
        'id="entry-template-link"',
        'id="period-previous" href="/reporting/entry/DX_MONTHLY/TINH_AN/202601/"',
    ):
        assert hook in page, hook
    assert 'id="v-STAFF-FEMALE" name="STAFF.FEMALE"' in page and 'value="4"' in page
    assert "Hồ sơ công việc" in page and "Nhân lực" in page
    assert 'id="approve-button"' not in page  # nothing submitted yet
    assert "reporting/entry.js" in page


def test_each_cell_saves_and_answers_with_the_outcome(client, world):
    client.force_login(world.clerk)
    status, data = save(client, "DOSSIERS_TOTAL", "1.200")
    assert status == 200 and data["ok"] and data["action"] == "created" and data["value"] == "1200"
    assert data["violations"] == []
    status, data = save(client, "FIBRE_PCT", "5")
    assert data["warnings"] == ["Tỷ lệ hộ có cáp quang thấp bất thường, hãy kiểm tra lại."]
    assert [v["rule"] for v in data["violations"]] == ["FIBRE_LOW"]
    status, data = save(client, "DOSSIERS_TOTAL", "")
    assert data["action"] == "deleted"


def test_refused_values_say_why_and_change_nothing(client, world):
    client.force_login(world.clerk)
    save(client, "DOSSIERS_TOTAL", "100")
    status, data = save(client, "DOSSIERS_ONLINE", "abc")
    assert status == 200
    assert data == {
        "ok": False,
        "error": "“abc” is text, but “Hồ sơ xử lý trên môi trường mạng” takes a number.",
    }
    status, data = save(client, "DOSSIERS_ONLINE", "120")
    assert (
        status == 200 and data["error"] == "Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ."
    )
    status, data = save(client, "PORTAL_VISITS", "3")
    assert status == 200 and not data["ok"] and "computed automatically" in data["error"]
    status, data = save(client, "STAFF", "3", cell="NOPE")
    assert status == 200 and not data["ok"]
    assert list(DataValue.objects.values_list("element__code", "value")) == [
        ("DOSSIERS_TOTAL", "100")
    ]
    response = client.post(GRID + "save", "not json", content_type="application/json")
    assert response.status_code == 400


def test_another_unit_cannot_save_or_see(client, world):
    client.force_login(world.other_clerk)
    status, data = save(client, "DOSSIERS_TOTAL", "5")
    assert status == 403 and not data["ok"]
    assert client.get(GRID).status_code == 403
    # The province may look but not enter.
    client.force_login(world.province_leader)
    page = client.get(GRID).content.decode()
    assert 'data-editable="false"' in page and "readonly" in page
    status, data = save(client, "DOSSIERS_TOTAL", "5")
    assert status == 403
    assert data["error"] == "You may not enter data for the reporting unit “Xã Tịnh Ấn”."
    assert not DataValue.objects.exists()


def test_grid_of_a_locked_period_is_read_only_and_offers_reopening(client, world):
    january = GRID.replace("202602", "202601")
    client.force_login(world.clerk)
    page = client.get(january).content.decode()
    assert 'data-state="locked"' in page and 'data-editable="false"' in page
    assert 'id="submit-button"' not in page and 'id="reopen-button"' not in page
    status, data = save(client, "DOSSIERS_TOTAL", "5", url=january)
    assert not data["ok"] and data["error"].startswith("Entry closed after 13/02/2026")
    client.force_login(world.leader)
    page = client.get(january).content.decode()
    assert 'id="reopen-form"' in page
    response = client.post(january + "reopen/", {"until": "2026-02-27"}, follow=True)
    assert "Entry is reopened until 27/02/2026." in response.content.decode()
    client.force_login(world.clerk)
    assert save(client, "DOSSIERS_TOTAL", "5", url=january)[1]["ok"]


def test_submit_approve_return_buttons(client, world):
    client.force_login(world.clerk)
    save(client, "DOSSIERS_TOTAL", "10")
    services.save_values(
        world.clerk,
        [{"element": "DOSSIERS_ONLINE", "org_unit": "TINH_AN", "period": "202602", "value": 20}],
    )
    page = client.post(GRID + "submit/", follow=True).content.decode()
    assert "Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ. (20 ≤ 10 is not true)" in page
    assert 'data-state="open"' in page
    assert 'data-blocks="true"' in page
    save(client, "DOSSIERS_ONLINE", "9")
    page = client.post(GRID + "submit/", follow=True).content.decode()
    assert "The report was submitted." in page and 'data-state="submitted"' in page
    assert 'id="auto-PORTAL_VISITS" data-frozen="true">42<' in page
    assert 'id="approve-button"' not in page  # the clerk does not approve
    client.force_login(world.leader)
    page = client.get(GRID).content.decode()
    assert 'id="approve-button"' in page and 'id="return-button"' in page
    page = client.post(GRID + "return/", {"reason": ""}, follow=True).content.decode()
    assert "Say what must be corrected." in page
    page = client.post(GRID + "approve/", follow=True).content.decode()
    assert "The report was approved." in page and 'data-state="approved"' in page
    page = client.post(GRID + "return/", {"reason": "Sai số liệu"}, follow=True).content.decode()
    assert 'data-status="returned"' in page and "Sai số liệu" in page
    assert client.post(GRID + "explode/").status_code == 404
    client.force_login(world.other_clerk)
    assert client.post(GRID + "submit/").status_code == 403


def test_pages_need_a_sign_in(client, world):
    response = client.get(GRID)
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(world.clerk)
    assert client.get(GRID.replace("DX_MONTHLY", "NOPE")).status_code == 404
    assert client.get(GRID.replace("202602", "2026Q1")).status_code == 404


def test_workbook_import_page(client, world):
    client.force_login(world.clerk)
    page = client.get(reverse("reporting:import")).content.decode()
    assert 'id="template-form"' in page and 'id="import-form"' in page
    response = client.get(
        reverse("reporting:import_template"),
        {"form": "DX_MONTHLY", "unit": "TINH_AN", "period": "202602"},
    )
    assert response["Content-Type"] == XLSX
    assert "DX_MONTHLY-TINH_AN-202602.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    sheet["G5"] = "lots"  # DOSSIERS_TOTAL
    sheet["G7"] = 3  # STAFF.MALE
    bad = io.BytesIO()
    workbook.save(bad)
    upload = SimpleUploadedFile("bao-cao.xlsx", bad.getvalue(), content_type=XLSX)
    response = client.post(reverse("reporting:import"), {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="import-errors"' in page and "1 error: nothing was stored" in page
    assert not DataValue.objects.exists()
    sheet["G5"] = 40
    good = io.BytesIO()
    workbook.save(good)
    upload = SimpleUploadedFile("bao-cao.xlsx", good.getvalue(), content_type=XLSX)
    response = client.post(reverse("reporting:import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200 and not DataValue.objects.exists()
    assert "Checked: the workbook is correct" in response.content.decode()
    upload = SimpleUploadedFile("bao-cao.xlsx", good.getvalue(), content_type=XLSX)
    page = client.post(reverse("reporting:import"), {"file": upload}).content.decode()
    assert 'data-count="created">2<' in page
    assert DataValue.objects.count() == 2
    response = client.get(
        reverse("reporting:import_template"), {"form": "DX_MONTHLY", "unit": "TINH_AN"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("reporting:import"),
        {"file": SimpleUploadedFile("x.csv", b"a,b", content_type="text/csv")},
    )
    assert response.status_code == 422
    assert "Choose an Excel workbook (.xlsx)." in response.content.decode()
