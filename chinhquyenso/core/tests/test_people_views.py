"""Users-and-roles pages and citizen self-registration, through the web client."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.core.models import AuditEvent, RoleAssignment, User
from chinhquyenso.core.navigation import menu_for
from chinhquyenso.core.services import people

pytestmark = pytest.mark.django_db

LIST = reverse("core:user_list")
REGISTER = reverse("core:register")
STRONG = "Quang-Ngai-2025!"


def sign_in(client, user):
    """A session that has passed the second factor, which administrators need."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def people_world(registry):
    registry.office_admin = registry.user("office-admin", Role.AGENCY_ADMIN)
    registry.clerk = registry.user("vanthu", Role.CLERK, full_name="Lê Văn Thư")
    registry.specialist = registry.user(
        "chuyenvien", Role.SPECIALIST, department=registry.department
    )
    registry.outsider = registry.user(
        "tinh-clerk", Role.CLERK, agency=registry.province_committee, full_name="Cán bộ tỉnh"
    )
    registry.citizen = people.register_citizen(
        "congdan", "Trần Thị Dân", "051190000001", "dan@example.vn", STRONG
    )
    return registry


@pytest.fixture
def admin_client(client, people_world):
    return sign_in(client, people_world.office_admin)


def test_list_needs_manage_users(client, people_world):
    assert client.get(LIST).status_code == 302  # to the sign-in page
    sign_in(client, people_world.clerk)
    assert client.get(LIST).status_code == 403
    assert "Users and roles" not in [str(i["label"]) for i in menu_for(people_world.clerk)]
    assert LIST in [i["url"] for i in menu_for(people_world.office_admin)]


def test_agency_admin_sees_only_officials_of_their_agency(admin_client, people_world):
    page = admin_client.get(LIST).content.decode()
    for username in ("vanthu", "chuyenvien", "office-admin"):
        assert username in page
    assert "tinh-clerk" not in page and "congdan" not in page
    detail = reverse("core:user_detail", args=[people_world.clerk.pk])
    assert f'<a href="{detail}">vanthu</a>' in page


def test_system_admin_sees_every_account(client, people_world):
    sign_in(client, people_world.user("root", Role.SYSTEM_ADMIN))
    page = client.get(LIST, {"kind": UserKind.CITIZEN}).content.decode()
    assert "congdan" in page and "vanthu" not in page


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"role": Role.CLERK}, "vanthu", "chuyenvien"),
        ({"q": "lê văn"}, "vanthu", "chuyenvien"),
        ({"q": "CHUYENVIEN"}, "chuyenvien", "vanthu"),
        ({"active": "no"}, "chuyenvien", "vanthu"),
        ({"active": "yes"}, "vanthu", "chuyenvien"),
    ],
)
def test_list_filters(admin_client, people_world, params, shown, hidden):
    people.deactivate_user(people_world.office_admin, people_world.specialist)
    page = admin_client.get(LIST, params).content.decode()
    assert shown in page and hidden not in page


def test_export_csv_is_plain_text_scoped_to_the_admin(admin_client):
    response = admin_client.get(LIST, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    assert "vanthu" in body and "tinh-clerk" not in body
    assert "<a " not in body
    assert "Clerk (" in body  # current roles with their scope
    xlsx = admin_client.get(LIST, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_detail_is_limited_to_administered_users(admin_client, people_world):
    mine = admin_client.get(reverse("core:user_detail", args=[people_world.clerk.pk]))
    assert mine.status_code == 200 and "Clerk" in mine.content.decode()
    other = admin_client.get(reverse("core:user_detail", args=[people_world.outsider.pk]))
    assert other.status_code == 403


def test_create_official_through_the_form(admin_client, people_world):
    data = {
        "username": "nguyenvanb",
        "full_name": "Nguyễn Văn B",
        "email": "b@quangngai.gov.vn",
        "agency": people_world.office.pk,
        "department": people_world.department.pk,
    }
    response = admin_client.post(reverse("core:user_create"), data)
    user = User.objects.get(username="nguyenvanb")
    assert response.status_code == 302 and response.url == reverse(
        "core:user_detail", args=[user.pk]
    )
    assert AuditEvent.objects.filter(action="core.user.create", object_id=str(user.pk)).exists()


def test_create_form_shows_service_errors_and_saves_nothing(admin_client, people_world):
    count = User.objects.count()
    data = {
        "username": "VANTHU",
        "full_name": "X",
        "email": "x@quangngai.gov.vn",
        "agency": people_world.office.pk,
        "password1": "short",
        "password2": "short",
    }
    response = admin_client.post(reverse("core:user_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "username" in errors and "password1" in errors
    outside = dict(data, username="new", agency=people_world.province_committee.pk)
    response = admin_client.post(reverse("core:user_create"), outside)
    assert "agency" in response.context["form"].errors  # not even offered
    assert User.objects.count() == count


def test_assign_and_revoke_through_the_pages(admin_client, people_world):
    assign = reverse("core:role_assign", args=[people_world.clerk.pk])
    assert admin_client.get(assign).status_code == 405
    response = admin_client.post(assign, {"role": Role.LEADER, "agency": people_world.office.pk})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=people_world.clerk, role=Role.LEADER)
    duplicate = admin_client.post(assign, {"role": Role.LEADER, "agency": people_world.office.pk})
    assert duplicate.status_code == 400 and "role" in duplicate.context["form"].errors
    revoke = reverse("core:role_revoke", args=[assignment.pk])
    assert admin_client.post(revoke).status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_to == timezone.localdate() - datetime.timedelta(days=1)


def test_escalation_through_the_pages_is_refused(admin_client, people_world):
    assign = reverse("core:role_assign", args=[people_world.clerk.pk])
    count = RoleAssignment.objects.count()
    above = admin_client.post(
        assign, {"role": Role.AGENCY_ADMIN, "agency": people_world.province_committee.pk}
    )
    assert above.status_code == 400 and "agency" in above.context["form"].errors
    wider = admin_client.post(
        assign,
        {"role": Role.AGENCY_ADMIN, "agency": people_world.office.pk, "include_descendants": "on"},
    )
    assert wider.status_code == 403
    system = admin_client.post(assign, {"role": Role.SYSTEM_ADMIN})
    assert system.status_code == 400 and "role" in system.context["form"].errors  # not offered
    outsider_role = people_world.outsider.role_assignments.get()
    revoke = admin_client.post(reverse("core:role_revoke", args=[outsider_role.pk]))
    assert revoke.status_code == 403
    assert RoleAssignment.objects.count() == count
    outsider_role.refresh_from_db()
    assert outsider_role.valid_to is None


def test_deactivate_through_the_page(admin_client, people_world):
    url = reverse("core:user_deactivate", args=[people_world.clerk.pk])
    assert admin_client.post(url).status_code == 302
    assert not User.objects.get(pk=people_world.clerk.pk).is_active
    assert (
        admin_client.post(
            reverse("core:user_deactivate", args=[people_world.outsider.pk])
        ).status_code
        == 403
    )


def _registration(**overrides):
    data = {
        "kind": UserKind.CITIZEN,
        "username": "nguoidan",
        "full_name": "Phạm Thị Lan",
        "citizen_id": "051190000777",
        "tax_code": "",
        "email": "lan@example.vn",
        "password1": STRONG,
        "password2": STRONG,
    }
    data.update(overrides)
    return data


def test_citizen_registers_then_is_sent_to_sign_in(client, registry):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(REGISTER).status_code == 200
    response = client.post(REGISTER, _registration())
    assert response.status_code == 302 and response.url == reverse(settings.LOGIN_URL)
    user = User.objects.get(username="nguoidan")
    assert user.kind == UserKind.CITIZEN and user.citizen_id == "051190000777"


def test_business_registers_with_tax_code(client, registry):
    data = _registration(kind=UserKind.BUSINESS, citizen_id="", tax_code="4300123456-001")
    assert client.post(REGISTER, data).status_code == 302
    assert User.objects.get(username="nguoidan").kind == UserKind.BUSINESS


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"citizen_id": "05119000077"}, "citizen_id"),
        ({"citizen_id": "05119000077A"}, "citizen_id"),
        ({"kind": UserKind.BUSINESS, "tax_code": "43001234"}, "tax_code"),
        ({"kind": UserKind.BUSINESS, "full_name": " "}, "full_name"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
        ({"password2": "Something-else-1"}, "password2"),
    ],
)
def test_registration_errors_are_shown_and_nothing_is_created(client, registry, overrides, field):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(REGISTER, _registration(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(username="nguoidan").exists()


def test_registration_needs_the_csrf_token(registry):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(REGISTER, _registration()).status_code == 403
    assert not User.objects.filter(username="nguoidan").exists()


def test_signed_in_user_is_not_offered_registration(client, people_world):
    client.force_login(people_world.citizen)
    assert client.get(REGISTER).status_code == 302
