"""The /api/v1/tokens endpoints: list, create (clear token once) and revoke one's own tokens."""

import pytest

from chinhquyenso.identity.models import ApiToken
from chinhquyenso.identity.tokens import issue_token


@pytest.fixture
def clerk(registry):
    return registry.user("clerk1", "clerk")


@pytest.fixture
def auth(clerk):
    _, clear = issue_token(clerk, "bootstrap")
    return {"Authorization": f"Bearer {clear}"}


def test_list_shows_own_tokens_without_secrets(client, registry, clerk, auth):
    issue_token(registry.user("clerk2", "clerk"), "not mine")
    response = client.get("/api/v1/tokens", headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert [t["name"] for t in body] == ["bootstrap"]
    assert "token" not in body[0] and "token_hash" not in body[0]
    assert body[0]["is_active"] is True


def test_create_returns_the_clear_token_once(client, clerk, auth):
    response = client.post(
        "/api/v1/tokens", {"name": "sync", "days": 7}, content_type="application/json", headers=auth
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "sync" and body["expires_at"]
    new = {"Authorization": f"Bearer {body['token']}"}
    assert client.get("/api/v1/me", headers=new).json()["username"] == "clerk1"
    listed = client.get("/api/v1/tokens", headers=auth).json()
    assert body["token"] not in str(listed)


@pytest.mark.parametrize("payload", [{"name": " "}, {"name": "x", "days": 0}, {"name": "x" * 101}])
def test_create_refuses_bad_input(client, clerk, auth, payload):
    response = client.post("/api/v1/tokens", payload, content_type="application/json", headers=auth)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert ApiToken.objects.count() == 1


def test_revoke_own_token(client, clerk, auth):
    token, clear = issue_token(clerk, "old")
    response = client.delete(f"/api/v1/tokens/{token.pk}", headers=auth)
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {clear}"}).status_code == 401
    assert client.delete(f"/api/v1/tokens/{token.pk}", headers=auth).status_code == 404


def test_cannot_revoke_another_users_token(client, registry, auth):
    token, _ = issue_token(registry.user("clerk2", "clerk"), "theirs")
    assert client.delete(f"/api/v1/tokens/{token.pk}", headers=auth).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_callers_are_refused(client, db):
    assert client.get("/api/v1/tokens").status_code == 401
    assert (
        client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json").status_code
        == 401
    )


def test_session_callers_need_the_csrf_token(clerk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code in {401, 403}
    assert not ApiToken.objects.exists()
