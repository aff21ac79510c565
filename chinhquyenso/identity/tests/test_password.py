"""Password policy: the page shows the rules, weak passwords are refused, hashes are Argon2."""

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.core.testing import DEFAULT_PASSWORD
from chinhquyenso.identity import services


@pytest.fixture
def clerk(registry):
    return registry.user("clerk1", "clerk")


def _change(client, new, old=DEFAULT_PASSWORD):
    return client.post(
        reverse("identity:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_stored_hash_is_argon2(clerk):
    assert clerk.password.startswith("argon2$argon2id$")


def test_page_shows_the_policy(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("identity:password_change")).content.decode()
    rules = password_validators_help_texts()
    assert len(rules) == 5
    for rule in rules:
        assert escape(rule) in html


def _errors(response) -> list[ValidationError]:
    return response.context["form"].errors.as_data().get("new_password2", [])


@pytest.mark.parametrize(
    ("weak", "code"),
    [
        ("abcdefghijkl", "password_too_simple"),  # one character class
        ("Ab1!", "password_too_short"),
        ("Password123", "password_too_common"),
        ("7394027451939", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, clerk, weak, code):
    client.force_login(clerk)
    before = clerk.password
    response = _change(client, weak)
    assert response.status_code == 200
    errors = {e.code: e for e in _errors(response)}
    assert code in errors
    reason = errors[code].message % (errors[code].params or {})
    assert escape(reason) in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.password == before


def test_wrong_old_password_is_refused(client, clerk):
    client.force_login(clerk)
    before = clerk.password
    response = _change(client, "Mot-Mat-khau-Moi-7", old="Sai-mat-khau-1")
    assert response.status_code == 200
    clerk.refresh_from_db()
    assert clerk.password == before


def test_strong_password_is_stored_as_argon2_and_audited(client, clerk):
    client.force_login(clerk)
    response = _change(client, "Mot-Mat-khau-Moi-7")
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Mot-Mat-khau-Moi-7")
    assert clerk.password.startswith("argon2$")
    event = AuditEvent.objects.get(action="identity.password.change")
    assert event.actor_id == clerk.pk
    assert "argon2" not in str(event.after) and "argon2" not in str(event.before)
    # The session survives the change (update_session_auth_hash).
    assert client.get(reverse("identity:password_change")).status_code == 200


def test_service_refuses_weak_password(clerk):
    with pytest.raises(ValidationError):
        services.change_password(clerk, "abcdefghijkl")
    clerk.refresh_from_db()
    assert clerk.check_password(DEFAULT_PASSWORD)


def test_character_class_rule_accepts_three_classes():
    validate_password("abcdefgh12!!")  # lower, digit, symbol
    with pytest.raises(ValidationError):
        validate_password("abcdefgh1234")  # lower, digit


def test_page_needs_sign_in(client, db):
    response = client.get(reverse("identity:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("identity:login"))
