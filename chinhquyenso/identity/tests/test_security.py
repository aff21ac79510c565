"""Session idle expiry and the security headers every page carries."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from .helpers import sign_in


@pytest.fixture
def clerk(registry):
    return registry.user("clerk1", "clerk")


def test_session_lasts_the_configured_idle_time(client, clerk, settings):
    settings.SESSION_COOKIE_AGE = 20 * 60
    response = sign_in(client, "clerk1")
    assert response.cookies["sessionid"]["max-age"] == 20 * 60
    assert client.session.get_expiry_age() == 20 * 60
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=19) < remaining <= datetime.timedelta(minutes=20)


def test_every_request_extends_the_session(client, clerk):
    sign_in(client, "clerk1")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=30)
    )
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=key)
    assert session.expire_date - timezone.now() > datetime.timedelta(minutes=5)


def test_expired_session_is_signed_out(client, clerk):
    sign_in(client, "clerk1")
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("identity:login"))


def test_security_headers_on_a_page(client, db):
    response = client.get(reverse("identity:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # only when HTTPS is configured


def test_session_cookie_is_http_only(client, clerk):
    response = sign_in(client, "clerk1")
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=False
)
def test_hsts_when_https_is_on(client, db):
    response = client.get(reverse("identity:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
