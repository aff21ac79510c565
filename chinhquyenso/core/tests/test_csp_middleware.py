"""The cached CSP header is the one django-csp builds, and follows a changed setting."""

import pytest
from csp.utils import build_policy
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_pages_and_api_answers_carry_django_csps_policy(client):
    expected = build_policy()
    assert "default-src 'self'" in expected
    assert client.get("/identity/login/")["Content-Security-Policy"] == expected
    assert client.get("/api/v1/openapi.json")["Content-Security-Policy"] == expected
    assert client.get("/identity/login/")["Content-Security-Policy"] == expected


def test_a_changed_policy_is_used(client):
    client.get("/identity/login/")
    policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert client.get("/identity/login/")["Content-Security-Policy"] == "default-src 'none'"
    assert "default-src 'self'" in client.get("/identity/login/")["Content-Security-Policy"]
