import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chinhquyenso.core.choices import Role, UnitLevel
from chinhquyenso.services.choices import Channel, DossierStatus

from .indicator_fixtures import agency, at, citizen, dossier, procedure

pytestmark = pytest.mark.django_db
URL = "/api/v1/services/indicators"


@pytest.fixture(autouse=True)
def english(client):
    # Pages answer in the cookie's language; the assertions read English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(registry):
    commune = agency(registry, "UBND xã Ba Tơ", "000.00.30.H48", UnitLevel.COMMUNE)
    proc = procedure("1.001193", commune, registry.office)
    who = citizen(registry)
    dossier(proc, commune, who, channel=Channel.ONLINE, received=at(2026, 3, 2))
    dossier(proc, registry.office, who, channel=Channel.COUNTER, received=at(2026, 3, 2))
    late = dossier(proc, commune, who, received=at(2026, 3, 2), due=datetime.date(2026, 3, 5))
    late.code = "000.00.30.H48-260302-0001"
    late.save()
    return {"commune": commune, "late": late}


def test_api_is_public_and_carries_no_person(client, world):
    response = client.get(URL, {"year": 2026, "by": "agency"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"period", "groups", "province", "levels", "agencies"}
    assert body["period"]["start"] == "2026-01-01" and body["period"]["end"] == "2026-12-31"
    assert [g["points"] for g in body["groups"]] == [18, 20, 22, 22, 18]
    assert sum(w["weight"] for g in body["groups"] for w in g["ratios"]) == 100
    assert body["province"]["counts"]["received"] == 3
    assert body["province"]["ratios"]["online_applications"] == pytest.approx(66.7)
    assert [row["level"] for row in body["levels"]] == [1, 2, 3]
    commune = next(a for a in body["agencies"] if a["agency_id"] == world["commune"].pk)
    assert commune["agency"] == "UBND xã Ba Tơ" and commune["level"] == 3
    text = response.content.decode()
    assert "Nguyễn Văn An" not in text and "051085006789" not in text
    assert world["late"].code not in text


def test_api_by_level_leaves_agencies_out(client, world):
    body = client.get(URL, {"year": 2026, "quarter": 1}).json()
    assert body["agencies"] is None
    assert body["period"]["quarter"] == 1


@pytest.mark.parametrize(
    "params,field",
    [({"year": 1990}, "year"), ({"year": 2026, "quarter": 7}, "quarter"),
     ({"year": 2026, "month": 0}, "month"), ({"year": 2026, "quarter": 1, "month": 2}, "month"),
     ({"year": 2026, "by": "person"}, "by")],
)  # fmt: skip
def test_api_rejects_bad_periods(client, world, params, field):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_public_page_without_login(client, world):
    response = client.get(reverse("services:statistics"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert "UBND xã Ba Tơ" in page
    assert "Publicity and transparency" in page
    assert reverse("services:statistics_detail") not in page  # officers' link hidden


def test_public_page_bad_period_says_why(client, world):
    response = client.get(reverse("services:statistics"), {"year": 2026, "month": 13})
    assert response.status_code == 400
    assert "The month is a number from 1 to 12." in response.content.decode()


def test_excel_export(client, world):
    response = client.get(reverse("services:statistics"), {"year": 2026, "export": "xlsx"})
    assert response.status_code == 200
    assert 'filename="chi-so-766-2026.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 4 + 11 + 5 + 3  # names, ratios, groups, totals
    assert rows[1][2] == 3 and [row[2] for row in rows[2:5]] == [1, 0, 2]
    assert {row[0] for row in rows[5:]} == {"UBND xã Ba Tơ", "Văn phòng Ủy ban nhân dân tỉnh"}


def test_detail_page_needs_the_permission_and_shows_overdue(client, registry, world):
    client.force_login(registry.user("chuyenvien", Role.SPECIALIST, agency=world["commune"]))
    assert client.get(reverse("services:statistics_detail")).status_code == 403
    client.force_login(registry.user("lanhdao", Role.LEADER, agency=world["commune"]))
    response = client.get(reverse("services:statistics_detail"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert world["late"].code in page
    assert "UBND xã Ba Tơ" in page
    # The office is outside the leader's scope.
    assert "Văn phòng Ủy ban nhân dân tỉnh" not in page


def test_detail_page_asks_anonymous_users_to_sign_in(client, world):
    response = client.get(reverse("services:statistics_detail"))
    assert response.status_code == 302


def test_overdue_only_when_the_clock_runs(client, registry, world):
    world["late"].status = DossierStatus.SUPPLEMENT
    world["late"].save()
    client.force_login(registry.user("lanhdao", Role.LEADER, agency=world["commune"]))
    page = client.get(reverse("services:statistics_detail")).content.decode()
    assert world["late"].code not in page
