"""manage.py create_api_token prints a working token; an unknown user is a clear error."""

import pytest
from django.core.management import CommandError, call_command

from chinhquyenso.identity.models import ApiToken


@pytest.fixture
def clerk(registry):
    return registry.user("clerk1", "clerk")


def test_prints_a_working_token(client, clerk, capsys):
    call_command("create_api_token", "clerk1", "--name", "nightly import", "--days", "10")
    clear = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=clerk)
    assert token.name == "nightly import"
    assert token.expires_at is not None
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {clear}"})
    assert response.json()["username"] == "clerk1"


def test_default_name_and_no_expiry(clerk, capsys):
    call_command("create_api_token", "clerk1")
    token = ApiToken.objects.get(user=clerk)
    assert token.name == "cli" and token.expires_at is None


def test_unknown_user_is_an_error_with_exit_code_1(db):
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "nobody")
    assert "nobody" in str(error.value)
    assert error.value.returncode == 1
    assert not ApiToken.objects.exists()


def test_bad_validity_is_an_error(clerk):
    with pytest.raises(CommandError):
        call_command("create_api_token", "clerk1", "--days", "0")
    assert not ApiToken.objects.exists()
