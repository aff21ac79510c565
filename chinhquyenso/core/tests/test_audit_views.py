"""The audit log pages: only holders of core.view_audit, filters, export, detail and verify."""

import io

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from chinhquyenso.core import audit
from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent


@pytest.fixture
def events(registry):
    made = []
    with transaction.atomic():
        made.append(
            audit.record(
                "core.agency.update",
                registry.office,
                before={"name": "Văn phòng cũ"},
                after={"name": "Văn phòng UBND tỉnh"},
                actor=registry.user("nguoisua", Role.SYSTEM_ADMIN),
            )
        )
        made.append(audit.record("core.unit.create", object_type="core.administrativeunit",
                                 object_id="21025", object_repr="Phường Cẩm Thành"))  # fmt: skip
    return made


@pytest.fixture
def auditor(client, registry):
    """A system administrator whose session has passed the TOTP second factor."""
    user = registry.user("kiemtra", Role.SYSTEM_ADMIN)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    # English pages, so assertions on messages do not depend on the compiled Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_clerk_is_refused(client, registry, events):
    client.force_login(registry.user("vanthu", Role.CLERK))
    assert client.get(reverse("core:audit_list")).status_code == 403
    assert client.get(reverse("core:audit_detail", args=[events[0].pk])).status_code == 403
    assert client.post(reverse("core:audit_verify")).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 302
    assert reverse("identity:login") in response["Location"]


def test_filter_by_action_and_object(auditor, events):
    response = auditor.get(reverse("core:audit_list"), {"action": "core.unit"})
    assert response.status_code == 200
    assert "Phường Cẩm Thành" in response.text
    assert "core.agency.update" not in response.text
    response = auditor.get(
        reverse("core:audit_list"),
        {"object_type": "core.agency", "object_id": str(events[0].object_id)},
    )
    assert "core.agency.update" in response.text
    assert "Phường Cẩm Thành" not in response.text


def test_filter_by_actor_and_dates(auditor, events):
    response = auditor.get(reverse("core:audit_list"), {"actor": "nguoi"})
    assert "core.agency.update" in response.text
    assert "core.unit.create" not in response.text
    today = timezone.localdate(events[0].occurred_at).isoformat()
    response = auditor.get(reverse("core:audit_list"), {"date_from": today, "date_to": today})
    assert "core.agency.update" in response.text and "core.unit.create" in response.text
    response = auditor.get(reverse("core:audit_list"), {"date_to": "2000-01-01"})
    assert "core.agency.update" not in response.text
    response = auditor.get(reverse("core:audit_list"), {"date_from": "2999-01-01"})
    assert "core.unit.create" not in response.text


def test_malformed_date_finds_nothing(auditor, events):
    response = auditor.get(reverse("core:audit_list"), {"date_from": "31/12/2024"})
    assert response.status_code == 200
    assert "core.unit.create" not in response.text


def test_csv_export_contains_filtered_rows(auditor, events):
    response = auditor.get(reverse("core:audit_list"), {"action": "core.", "export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "core.agency.update" in body and "Phường Cẩm Thành" in body
    assert len(body.strip().splitlines()) == 3  # header + two events


def test_xlsx_export_contains_rows(auditor, events):
    response = auditor.get(reverse("core:audit_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    actions = {row[3] for row in values[1:]}
    assert {"core.agency.update", "core.unit.create"} <= actions


def test_detail_shows_before_after_and_hashes(auditor, events):
    event = events[1]
    response = auditor.get(reverse("core:audit_detail", args=[events[0].pk]))
    assert "Văn phòng cũ" in response.text and "Văn phòng UBND tỉnh" in response.text
    assert events[0].hash in response.text
    response = auditor.get(reverse("core:audit_detail", args=[event.pk]))
    assert event.prev_hash == events[0].hash and event.prev_hash in response.text
    assert reverse("core:audit_detail", args=[events[0].pk]) in response.text


def test_verify_reports_intact_then_broken(auditor, events):
    response = auditor.post(reverse("core:audit_verify"), HTTP_HX_REQUEST="true")
    assert "badge--ok" in response.text
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET object_repr = %s WHERE id = %s",
            ["sửa lén", events[0].pk],
        )
    response = auditor.post(reverse("core:audit_verify"), HTTP_HX_REQUEST="true")
    assert "badge--error" in response.text
    # Without HTMX the result comes back as a message on the list page.
    response = auditor.post(reverse("core:audit_verify"), follow=True)
    assert "message--error" in response.text
    assert f"event {events[0].pk}:" in response.text


def test_verify_needs_post(auditor, events):
    assert auditor.get(reverse("core:audit_verify")).status_code == 405
