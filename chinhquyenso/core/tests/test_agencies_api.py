"""The agencies API: list and search, create and patch through the services, errors and access."""

import pytest

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Agency, AuditEvent
from chinhquyenso.identity.tokens import issue_token


def _client_for(client, user):
    _token, clear = issue_token(user, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {clear}"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def admin_api(client, registry):
    return _client_for(client, registry.user("quantri", Role.SYSTEM_ADMIN))


@pytest.fixture
def specialist_api(client, registry):
    return _client_for(client, registry.user("chuyenvien", Role.SPECIALIST))


def test_list_with_search_kind_and_parent(specialist_api, registry):
    body = specialist_api.get("/api/v1/agencies", {"q": "h48"}).json()
    assert body["count"] == 2
    body = specialist_api.get(
        "/api/v1/agencies", {"parent_id": registry.province_committee.pk}
    ).json()
    assert [item["name"] for item in body["items"]] == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert specialist_api.get("/api/v1/agencies", {"kind": "party"}).json()["count"] == 0
    one = specialist_api.get(f"/api/v1/agencies/{registry.office.pk}").json()
    assert one["electronic_id"] == "000.01.00.H48"


def test_create_with_a_valid_identifier(admin_api, registry):
    response = admin_api.post(
        "/api/v1/agencies",
        {
            "name": "Sở Tài chính tỉnh Quảng Ngãi",
            "kind": "state",
            "electronic_id": "000.03.00.H48",
            "parent_id": registry.province_committee.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_id"] == registry.province_committee.pk
    assert Agency.objects.filter(electronic_id="000.03.00.H48").exists()
    assert AuditEvent.objects.get(action="core.agency.create").actor.username == "quantri"


def test_invalid_identifier_gets_422_with_the_reason(admin_api):
    response = admin_api.post(
        "/api/v1/agencies",
        {"name": "Sở mới", "kind": "state", "electronic_id": "000.3.00.H48"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert "000.3.00.H48" in body["errors"]["electronic_id"][0]
    assert "000.00.00.H48" in body["detail"]
    assert Agency.objects.count() == 2


def test_unknown_parent_is_named(admin_api):
    response = admin_api.post(
        "/api/v1/agencies",
        {"name": "Sở mới", "kind": "state", "parent_id": 999999},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "999999" in response.json()["errors"]["parent"][0]


def test_specialist_gets_403(specialist_api, registry):
    response = specialist_api.post(
        "/api/v1/agencies",
        {"name": "Sở mới", "kind": "state", "parent_id": registry.office.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = specialist_api.patch(
        f"/api/v1/agencies/{registry.office.pk}", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Agency.objects.count() == 2
    registry.office.refresh_from_db()
    assert registry.office.name == "Văn phòng Ủy ban nhân dân tỉnh"


def test_patch_changes_only_the_given_fields(admin_api, registry):
    url = f"/api/v1/agencies/{registry.office.pk}"
    response = admin_api.patch(url, {"phone": "0255 3822 222"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["phone"] == "0255 3822 222"
    assert response.json()["electronic_id"] == "000.01.00.H48"
    response = admin_api.patch(url, {"electronic_id": "ABC"}, content_type="application/json")
    assert response.status_code == 422
    registry.office.refresh_from_db()
    assert registry.office.electronic_id == "000.01.00.H48"


def test_citizen_cannot_read(client, registry):
    _client_for(client, registry.user("congdan", Role.CITIZEN))
    assert client.get("/api/v1/agencies").status_code == 403
