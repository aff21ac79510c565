"""Token API calls without a session take a shorter middleware chain, with the same headers."""

import pytest

from chinhquyenso.core.choices import Role
from chinhquyenso.identity.tokens import issue_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/eoffice/incoming"


@pytest.fixture
def clerk(registry):
    return registry.user("vanthu", Role.CLERK)


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, 'test')[1]}"}


def test_token_calls_keep_the_security_headers_and_touch_no_session(client, clerk):
    response = client.get(URL, **_bearer(clerk))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "vi"
    assert "Cookie" not in response.get("Vary", "") and not response.cookies


def test_a_bad_token_without_session_is_refused(client):
    response = client.get(URL, HTTP_AUTHORIZATION="Bearer cqs_not-a-token")
    assert response.status_code == 401


def test_with_a_session_the_whole_chain_runs(client, clerk):
    client.force_login(clerk)
    # A stale token next to a valid session: the API falls back to the session, as before.
    response = client.get(URL, HTTP_AUTHORIZATION="Bearer cqs_not-a-token")
    assert response.status_code == 200
    assert client.get("/api/v1/eoffice/incoming", **_bearer(clerk)).status_code == 200


def test_pages_are_not_affected(client, clerk):
    response = client.get("/identity/login/", HTTP_AUTHORIZATION="Bearer x")
    assert response.status_code == 200 and "csrftoken" in response.cookies
