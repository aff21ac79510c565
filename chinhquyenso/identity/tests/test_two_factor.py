"""TOTP second factor: who is forced, enrolment with a QR code, verification, the admin site."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.identity.tokens import issue_token

from .helpers import confirmed_device, current_code, verify_session, wrong_code

pytestmark = pytest.mark.usefixtures("two_factor_on")

HOME = "/"


@pytest.fixture
def sysadmin(registry):
    return registry.user("sysadmin", "system_admin")


@pytest.fixture
def clerk(registry):
    return registry.user("clerk1", "clerk")


@pytest.mark.parametrize(
    ("role", "fields"),
    [
        ("system_admin", {}),
        ("agency_admin", {}),
        (None, {"is_superuser": True}),
        (None, {"is_staff": True}),
    ],
)
def test_administrator_without_device_is_sent_to_setup(client, registry, role, fields):
    user = registry.user("admin1", role, **fields)
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == reverse("identity:otp_setup") + "?next=%2F"


def test_administrator_with_device_is_sent_to_verify(client, sysadmin):
    confirmed_device(sysadmin)
    client.force_login(sysadmin)
    response = client.get(reverse("identity:tokens"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("identity:otp_verify") + "?next=")


def test_clerk_is_not_forced(client, clerk):
    client.force_login(clerk)
    assert client.get(HOME).status_code == 200


def test_clerk_who_turned_it_on_is_asked_too(client, clerk):
    confirmed_device(clerk)
    client.force_login(clerk)
    assert client.get(HOME).url.startswith(reverse("identity:otp_verify"))


def test_setting_off_disables_the_requirement(client, sysadmin, settings):
    settings.REQUIRE_ADMIN_2FA = False
    client.force_login(sysadmin)
    assert client.get(HOME).status_code == 200


def test_open_paths_stay_reachable(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("identity:otp_setup")).status_code == 200
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.post(reverse("identity:logout")).status_code == 302
    assert client.session.get("_auth_user_id") is None


def test_setup_page_shows_qr_code_and_secret(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(reverse("identity:otp_setup"))
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=sysadmin)
    assert not device.confirmed
    assert '<img src="data:image/svg+xml;base64,' in html
    assert "<script>" not in html and "style=" not in html
    assert device.config_url.split("secret=")[1][:16] in html.replace(" ", "")
    assert "no-store" in response["Cache-Control"]
    # A reload keeps the same pending device, so a scanned code stays valid.
    client.get(reverse("identity:otp_setup"))
    assert TOTPDevice.objects.filter(user=sysadmin).count() == 1


def test_setup_refuses_a_wrong_code(client, sysadmin):
    client.force_login(sysadmin)
    client.get(reverse("identity:otp_setup"))
    device = TOTPDevice.objects.get(user=sysadmin)
    response = client.post(reverse("identity:otp_setup"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action="identity.otp.enrol_failed").exists()


def test_setup_with_the_right_code_turns_it_on(client, sysadmin):
    client.force_login(sysadmin)
    client.get(reverse("identity:otp_setup"))
    device = TOTPDevice.objects.get(user=sysadmin)
    response = client.post(
        reverse("identity:otp_setup") + "?next=/identity/tokens/", {"code": current_code(device)}
    )
    assert response.status_code == 302
    assert response.url == "/identity/tokens/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="identity.otp.enabled", actor_id=sysadmin.pk).exists()


def test_setup_with_a_confirmed_device_does_not_add_another(client, sysadmin):
    confirmed_device(sysadmin)
    client.force_login(sysadmin)
    response = client.get(reverse("identity:otp_setup"))
    assert response.url.startswith(reverse("identity:otp_verify"))
    assert TOTPDevice.objects.filter(user=sysadmin).count() == 1


def test_verify_refuses_a_wrong_code(client, sysadmin):
    device = confirmed_device(sysadmin)
    client.force_login(sysadmin)
    response = client.post(reverse("identity:otp_verify"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action="identity.otp.failed", actor_id=sysadmin.pk).exists()


def test_verify_refuses_text(client, sysadmin):
    confirmed_device(sysadmin)
    client.force_login(sysadmin)
    response = client.post(reverse("identity:otp_verify"), {"code": "abcdef"})
    assert response.context["form"].errors["code"]


def test_verify_with_the_right_code_lets_the_administrator_in(client, sysadmin):
    device = confirmed_device(sysadmin)
    client.force_login(sysadmin)
    response = client.post(
        reverse("identity:otp_verify") + "?next=/identity/tokens/", {"code": current_code(device)}
    )
    assert response.status_code == 302
    assert response.url == "/identity/tokens/"
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="identity.otp.verified").exists()


def test_a_code_cannot_be_used_twice(client, sysadmin):
    device = confirmed_device(sysadmin)
    code = current_code(device)
    client.force_login(sysadmin)
    client.post(reverse("identity:otp_verify"), {"code": code})
    client.post(reverse("identity:logout"))
    client.force_login(sysadmin)
    response = client.post(reverse("identity:otp_verify"), {"code": code})
    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_full_sign_in_then_verify(client, sysadmin):
    device = confirmed_device(sysadmin)
    response = client.post(
        reverse("identity:login"),
        {"username": "sysadmin", "password": "Mat-khau-Thu-9!", "next": "/identity/tokens/"},
    )
    assert response.url == "/identity/tokens/"
    response = client.get(response.url)
    assert response.url == reverse("identity:otp_verify") + "?next=%2Fidentity%2Ftokens%2F"
    response = client.post(response.url, {"code": current_code(device)})
    assert response.url == "/identity/tokens/"
    assert client.get("/identity/tokens/").status_code == 200


def test_htmx_requests_get_a_client_side_redirect(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(HOME, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("identity:otp_setup"))


def test_bearer_token_is_not_subject_to_the_page_check(client, sysadmin):
    _, clear = issue_token(sysadmin, "script")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 200
    assert response.json()["username"] == "sysadmin"


def test_unverified_session_with_a_bogus_bearer_header_gets_nothing(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer cqs_invalid"})
    assert response.status_code == 401


def test_verified_session_may_use_the_api(client, sysadmin):
    device = confirmed_device(sysadmin)
    client.force_login(sysadmin)
    verify_session(client, device)
    assert client.get("/api/v1/me").status_code == 200


def test_django_admin_requires_a_verified_device(client, registry):
    superuser = registry.user("root", None, is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    superuser.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    superuser.is_verified = lambda: True
    assert admin.site.has_permission(request)

    device = confirmed_device(superuser)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 302
    verify_session(client, device)
    assert client.get("/admin/").status_code == 200


def test_django_admin_login_asks_for_the_code(client, db):
    html = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in html
