"""Personal access tokens: hashed at rest, bearer auth, expiry and revocation, the tokens page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.identity.models import ApiToken
from chinhquyenso.identity.tokens import issue_token, revoke_token


@pytest.fixture
def clerk(registry):
    return registry.user("clerk1", "clerk", full_name="Nguyễn Văn Một")


def _bearer(clear: str) -> dict:
    return {"Authorization": f"Bearer {clear}"}


def test_token_is_hashed_at_rest(clerk):
    token, clear = issue_token(clerk, "script")
    assert clear.startswith("cqs_") and len(clear) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert clear not in str(stored)
    assert stored["prefix"] == clear[:10]
    assert all(clear not in str(e.after) + str(e.before) for e in AuditEvent.objects.all())


def test_bearer_token_authenticates_me(client, registry, clerk):
    _, clear = issue_token(clerk, "script")
    response = client.get("/api/v1/me", headers=_bearer(clear))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "clerk1"
    assert body["full_name"] == "Nguyễn Văn Một"
    assert body["agency"] == registry.office.name
    assert [r["role"] for r in body["roles"]] == ["clerk"]
    assert body["roles"][0]["agency_id"] == registry.office.pk


def test_last_used_is_recorded(client, clerk):
    token, clear = issue_token(clerk, "script")
    assert token.last_used_at is None
    client.get("/api/v1/me", headers=_bearer(clear))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < datetime.timedelta(minutes=1)


def test_revoked_token_is_refused(client, clerk):
    token, clear = issue_token(clerk, "script")
    assert revoke_token(clerk, token.pk)
    assert client.get("/api/v1/me", headers=_bearer(clear)).status_code == 401
    assert not revoke_token(clerk, token.pk)  # already revoked


def test_expired_token_is_refused(client, clerk):
    token, clear = issue_token(clerk, "script", timezone.now() + datetime.timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert client.get("/api/v1/me", headers=_bearer(clear)).status_code == 401


def test_unknown_token_is_refused(client, clerk):
    issue_token(clerk, "script")
    assert client.get("/api/v1/me", headers=_bearer("cqs_not-a-token")).status_code == 401


def test_token_of_a_disabled_account_is_refused(client, clerk):
    _, clear = issue_token(clerk, "script")
    clerk.is_active = False
    clerk.save()
    assert client.get("/api/v1/me", headers=_bearer(clear)).status_code == 401


def test_status_follows_revocation_and_expiry(clerk):
    token, _ = issue_token(clerk, "script", timezone.now() + datetime.timedelta(days=1))
    assert token.is_active and token.status == gettext("Active")
    token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    assert not token.is_active and token.status == gettext("Expired")
    token.revoked_at = timezone.now()
    assert token.status == gettext("Revoked")


def test_bad_input_changes_nothing(clerk):
    for name, expires in [("  ", None), ("x" * 101, None), ("ok", timezone.now())]:
        with pytest.raises(ValidationError):
            issue_token(clerk, name, expires)
    assert not ApiToken.objects.exists()


def test_nobody_can_revoke_another_users_token(registry, clerk):
    other = registry.user("clerk2", "clerk")
    token, _ = issue_token(clerk, "script")
    assert not revoke_token(other, token.pk)
    token.refresh_from_db()
    assert token.revoked_at is None


# --- the tokens page ---------------------------------------------------------------------------


def test_page_lists_own_tokens_only(client, registry, clerk):
    issue_token(clerk, "Báo cáo tự động")
    issue_token(registry.user("clerk2", "clerk"), "someone else's")
    client.force_login(clerk)
    response = client.get(reverse("identity:tokens"))
    html = response.content.decode()
    assert "Báo cáo tự động" in html
    assert "someone else" not in html
    assert [row["obj"].name for row in response.context["rows"]] == ["Báo cáo tự động"]


def test_page_creates_a_token_and_shows_it_once(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("identity:tokens"), {"name": "Đồng bộ", "days": "30"})
    assert response.status_code == 200
    clear = response.context["clear"]
    assert clear in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=clerk)
    assert token.name == "Đồng bộ"
    assert (
        datetime.timedelta(days=29)
        < token.expires_at - timezone.now()
        <= datetime.timedelta(days=30)
    )
    listing = client.get(reverse("identity:tokens")).content.decode()
    assert clear not in listing
    assert token.prefix in listing


def test_page_refuses_a_bad_validity(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("identity:tokens"), {"name": "x", "days": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["days"]
    assert not ApiToken.objects.exists()


def test_page_revokes_by_post_only(client, clerk):
    token, _ = issue_token(clerk, "script")
    client.force_login(clerk)
    url = reverse("identity:token_revoke", args=[token.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not token.is_active
    assert AuditEvent.objects.filter(action="identity.token.revoke").exists()


def test_page_cannot_revoke_another_users_token(client, registry, clerk):
    token, _ = issue_token(registry.user("clerk2", "clerk"), "script")
    client.force_login(clerk)
    assert client.post(reverse("identity:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_page_needs_sign_in(client, db):
    assert client.get(reverse("identity:tokens")).url.startswith(reverse("identity:login"))


def test_navigation_links_to_the_account_pages(client, clerk):
    client.force_login(clerk)
    html = client.get("/").content.decode()
    for name in ("identity:tokens", "identity:otp_setup", "identity:password_change"):
        assert f'href="{reverse(name)}"' in html


@pytest.mark.django_db
def test_last_used_is_written_at_most_once_a_minute(registry):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chinhquyenso.identity.models import ApiToken
    from chinhquyenso.identity.tokens import authenticate_token, issue_token

    user = registry.user("kichban", "clerk")
    token, clear = issue_token(user, "script")
    assert authenticate_token(clear) == user
    with CaptureQueriesContext(connection) as queries:
        authenticate_token(clear)
    assert not any(q["sql"].lstrip().upper().startswith("UPDATE") for q in queries)
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    authenticate_token(clear)
    token.refresh_from_db()
    assert token.last_used_at.year > 2020
