"""Sign-in by username or e-mail, no account oracle, lockout and its release, sign-out, audit."""

import datetime

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.core.testing import DEFAULT_PASSWORD
from chinhquyenso.identity.forms import LoginForm

from .helpers import sign_in


def _bad_credentials_message() -> str:
    # Compared in the site language so the test still holds once the .po files are translated.
    with translation.override(django_settings.LANGUAGE_CODE):
        return escape(str(LoginForm.error_messages["invalid_login"]))


@pytest.fixture
def clerk(registry):
    return registry.user("clerk1", "clerk", email="Clerk.One@quangngai.gov.vn")


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_page_has_labelled_fields(client, db):
    html = client.get(reverse("identity:login")).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'autocomplete="current-password"' in html


def test_sign_in_with_username(client, clerk):
    response = sign_in(client, "clerk1")
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert _signed_in_as(client) == str(clerk.pk)
    assert AuditEvent.objects.filter(action="identity.login", actor_id=clerk.pk).exists()


def test_sign_in_with_email_in_any_case(client, clerk):
    response = sign_in(client, "  clerk.one@QUANGNGAI.gov.vn ")
    assert response.status_code == 302
    assert _signed_in_as(client) == str(clerk.pk)


def test_wrong_password_and_unknown_account_get_the_same_answer(client, clerk):
    wrong = sign_in(client, "clerk1", "Sai-mat-khau-1")
    unknown = sign_in(client, "nobody", "Sai-mat-khau-1")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert _bad_credentials_message() in response.content.decode()
        assert 'role="alert"' in response.content.decode()
    assert _signed_in_as(client) is None
    failed = AuditEvent.objects.filter(action="identity.login_failed").order_by("id")
    assert [e.after["username"] for e in failed] == ["clerk1", "nobody"]
    assert [e.after["known_account"] for e in failed] == [True, False]
    assert all("Sai-mat-khau" not in str(e.after) for e in failed)


def test_disabled_account_gets_the_same_answer(client, clerk):
    clerk.is_active = False
    clerk.save()
    response = sign_in(client, "clerk1")
    assert response.status_code == 200
    assert _bad_credentials_message() in response.content.decode()


def _fail(client, identifier, times):
    return [sign_in(client, identifier, "Sai-mat-khau-1").status_code for _ in range(times)]


def test_account_locks_after_the_failure_limit(client, clerk, settings):
    limit = settings.AXES_FAILURE_LIMIT
    statuses = _fail(client, "clerk1", limit)
    assert statuses == [200] * (limit - 1) + [429]
    locked = sign_in(client, "clerk1")  # even the right password is refused while locked
    assert locked.status_code == 429
    assert "identity/locked.html" in [t.name for t in locked.templates]
    assert _signed_in_as(client) is None
    assert AuditEvent.objects.filter(action="identity.locked_out", object_id=str(clerk.pk)).exists()


def test_email_spellings_count_against_the_same_account(client, clerk, settings):
    limit = settings.AXES_FAILURE_LIMIT
    _fail(client, "clerk1", limit - 2)
    _fail(client, "CLERK.ONE@quangngai.gov.vn", 1)
    assert _fail(client, "clerk.one@quangngai.gov.vn", 1) == [429]


def test_lock_is_per_account(client, registry, clerk, settings):
    registry.user("clerk2", "clerk")
    _fail(client, "clerk1", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "clerk2").status_code == 302


def test_lock_ends_after_the_cool_off(client, clerk, settings):
    _fail(client, "clerk1", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "clerk1").status_code == 429
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    past = datetime.timedelta(minutes=minutes + 1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert sign_in(client, "clerk1").status_code == 302


def test_administrator_reset_unlocks(client, clerk, settings):
    _fail(client, "clerk1", settings.AXES_FAILURE_LIMIT)
    reset(username="clerk1")  # what axes' admin page and `manage.py axes_reset_username` do
    assert sign_in(client, "clerk1").status_code == 302


def test_successful_sign_in_resets_the_counter(client, clerk, settings):
    limit = settings.AXES_FAILURE_LIMIT
    _fail(client, "clerk1", limit - 1)
    assert sign_in(client, "clerk.one@quangngai.gov.vn").status_code == 302
    client.post(reverse("identity:logout"))
    assert _fail(client, "clerk1", limit - 1) == [200] * (limit - 1)
    assert sign_in(client, "clerk1").status_code == 302


def test_sign_out_is_post_only_and_audited(client, clerk):
    sign_in(client, "clerk1")
    assert client.get(reverse("identity:logout")).status_code == 405
    assert _signed_in_as(client) == str(clerk.pk)
    response = client.post(reverse("identity:logout"))
    assert response.status_code == 302
    assert _signed_in_as(client) is None
    assert AuditEvent.objects.filter(action="identity.logout", actor_id=clerk.pk).exists()


def test_login_post_needs_the_csrf_token(clerk):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("identity:login"), {"username": "clerk1", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 403
    assert client.session.get("_auth_user_id") is None


def test_login_post_with_csrf_token_works(clerk):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("identity:login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("identity:login"),
        {"username": "clerk1", "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_next_outside_the_site_is_ignored(client, clerk):
    response = sign_in(client, "clerk1", next="https://evil.example/")
    assert response.url == reverse("core:home")
