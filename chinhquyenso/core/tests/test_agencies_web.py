"""Agency pages: list and export, detail, and the create/edit/department forms with their errors."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Agency, AuditEvent, Department

CREATE = reverse("core:agency_create")


def _sign_in(client, user):
    """Sign in with a session that has passed the second factor (administrators need it)."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin_client(client, registry):
    return _sign_in(client, registry.user("quantri", Role.SYSTEM_ADMIN))


@pytest.fixture
def specialist_client(client, registry):
    return _sign_in(client, registry.user("chuyenvien", Role.SPECIALIST))


def _form_data(**overrides):
    data = {"name": "Sở Nội vụ tỉnh Quảng Ngãi", "kind": "state", "electronic_id": ""}
    data.update(overrides)
    return data


def test_list_search_and_csv_export(specialist_client, registry):
    response = specialist_client.get(reverse("core:agency_list"), {"q": "van phong"})
    assert [row["obj"] for row in response.context["rows"]] == [registry.office]
    assert response.context["can_manage"] is False
    assert CREATE not in response.content.decode()
    response = specialist_client.get(reverse("core:agency_list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi,UBND tỉnh,000.00.00.H48,State agency" in text


def test_detail_shows_departments_children_and_staff(specialist_client, registry):
    response = specialist_client.get(reverse("core:agency_detail", args=[registry.office.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phòng Văn hóa - Xã hội" in html
    assert response.context["staff_count"] == 1  # the specialist works in the office
    response = specialist_client.get(
        reverse("core:agency_detail", args=[registry.province_committee.pk])
    )
    assert registry.office.get_absolute_url() in response.content.decode()


def test_specialist_cannot_open_the_forms(specialist_client, registry):
    assert specialist_client.get(CREATE).status_code == 403
    assert specialist_client.post(CREATE, _form_data()).status_code == 403
    edit = reverse("core:agency_edit", args=[registry.office.pk])
    assert specialist_client.post(edit, _form_data()).status_code == 403
    department = reverse("core:department_create", args=[registry.office.pk])
    assert specialist_client.post(department, {"name": "P", "abbreviation": "P"}).status_code == 403
    assert Agency.objects.count() == 2 and Department.objects.count() == 1


def test_create_with_a_valid_identifier(admin_client, registry):
    response = admin_client.post(
        CREATE,
        _form_data(electronic_id="000.07.00.H48", parent=registry.province_committee.pk),
    )
    agency = Agency.objects.get(electronic_id="000.07.00.H48")
    assert response.status_code == 302 and response["Location"] == agency.get_absolute_url()
    assert agency.parent == registry.province_committee
    assert AuditEvent.objects.filter(action="core.agency.create", object_id=str(agency.pk)).exists()


def test_invalid_identifier_is_shown_next_to_the_field_and_nothing_saved(admin_client):
    response = admin_client.post(CREATE, _form_data(electronic_id="000.00.00.h48"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "000.00.00.H48" in form.errors["electronic_id"][0]
    assert "000.00.00.h48" in response.content.decode()  # the typed value is kept
    assert Agency.objects.count() == 2
    assert not AuditEvent.objects.filter(action="core.agency.create").exists()


def test_edit_records_the_change(admin_client, registry):
    edit = reverse("core:agency_edit", args=[registry.office.pk])
    assert admin_client.get(edit).context["form"].initial["electronic_id"] == "000.01.00.H48"
    response = admin_client.post(
        edit,
        _form_data(
            name="Văn phòng UBND tỉnh",
            electronic_id="000.01.00.H48",
            parent=registry.province_committee.pk,
        ),
    )
    assert response.status_code == 302
    registry.office.refresh_from_db()
    assert registry.office.name == "Văn phòng UBND tỉnh"
    event = AuditEvent.objects.get(action="core.agency.update")
    assert event.before["name"] == "Văn phòng Ủy ban nhân dân tỉnh"


def test_edit_refuses_a_cycle(admin_client, registry):
    edit = reverse("core:agency_edit", args=[registry.province_committee.pk])
    response = admin_client.post(
        edit, _form_data(electronic_id="000.00.00.H48", parent=registry.office.pk)
    )
    assert response.status_code == 200
    assert "cycle" in response.context["form"].errors["parent"][0]
    registry.province_committee.refresh_from_db()
    assert registry.province_committee.parent is None


def test_department_form(admin_client, registry):
    url = reverse("core:department_create", args=[registry.office.pk])
    response = admin_client.post(url, {"name": "Phòng Văn xã", "abbreviation": "VX"})
    assert response.status_code == 200
    assert "already used" in response.context["form"].errors["abbreviation"][0]
    response = admin_client.post(url, {"name": "Phòng Kinh tế", "abbreviation": "KT"})
    assert response.status_code == 302
    assert registry.office.departments.filter(abbreviation="KT").exists()
