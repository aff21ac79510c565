"""The units API: list as of a date, one unit with its succession, the tree, and access."""

import pytest

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AdministrativeUnit
from chinhquyenso.core.services.units import import_admin_units
from chinhquyenso.identity.tokens import issue_token


@pytest.fixture
def api(client, registry):
    import_admin_units()
    _token, clear = issue_token(registry.user("chuyenvien", Role.SPECIALIST), "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {clear}"
    return client


def test_anonymous_gets_401_and_citizen_403(client, registry):
    assert client.get("/api/v1/units").status_code == 401
    client.force_login(registry.user("congdan", Role.CITIZEN))
    assert client.get("/api/v1/units").status_code == 403


def test_list_children_of_the_province_before_and_after(api):
    before = api.get("/api/v1/units", {"on_date": "2025-06-30", "parent_code": "51"}).json()
    assert before["count"] == 13
    after = api.get(
        "/api/v1/units", {"on_date": "2025-07-01", "parent_code": "51", "level": 3}
    ).json()
    assert after["count"] == 96
    assert len(after["items"]) == 96
    assert {item["kind"] for item in after["items"]} == {"commune", "ward", "special_zone"}


def test_list_search_without_diacritics(api):
    body = api.get("/api/v1/units", {"on_date": "2025-07-01", "q": "nghia lo"}).json()
    assert [item["name"] for item in body["items"]] == ["Phường Nghĩa Lộ"]
    assert body["items"][0]["code"] == "21028"


def test_unknown_parent_code_gives_an_empty_page(api):
    body = api.get("/api/v1/units", {"on_date": "2025-07-01", "parent_code": "62"}).json()
    assert body == {"items": [], "count": 0}


def test_one_unit_with_successors_and_predecessors(api):
    tra_bui = AdministrativeUnit.objects.get(code="21142")
    body = api.get(f"/api/v1/units/{tra_bui.pk}").json()
    assert body["name"] == "Xã Trà Bùi" and body["valid_to"] == "2025-06-30"
    assert sorted(s["name"] for s in body["successors"]) == ["Xã Cà Đam", "Xã Tây Trà Bồng"]
    assert body["successors"][0]["legal_basis"] == "Nghị quyết 1677/NQ-UBTVQH15"
    ca_dam = AdministrativeUnit.objects.get(name="Xã Cà Đam")
    body = api.get(f"/api/v1/units/{ca_dam.pk}").json()
    assert "Xã Trà Bùi" in [p["name"] for p in body["predecessors"]]


def test_tree_as_of_a_date(api):
    province = AdministrativeUnit.objects.get(code="51")
    before = api.get(f"/api/v1/units/{province.pk}/tree", {"on_date": "2025-06-30"}).json()
    assert len(before["children"]) == 13
    assert sum(len(d["children"]) for d in before["children"]) == 170
    after = api.get(f"/api/v1/units/{province.pk}/tree", {"on_date": "2025-07-01"}).json()
    assert len(after["children"]) == 96
    kon_tum = AdministrativeUnit.objects.get(code="62")
    assert api.get(f"/api/v1/units/{kon_tum.pk}/tree", {"on_date": "2025-07-01"}).status_code == 404
    # Without a date, an ended unit is shown on its last day.
    assert len(api.get(f"/api/v1/units/{kon_tum.pk}/tree").json()["children"]) == 10
