"""My reports (forms × periods of my units, overdue highlighted), the completeness page with its
Excel export, the reporting home links, and the links notifications carry."""

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chinhquyenso.core.models import Notification
from chinhquyenso.reporting import services

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

MINE = "/reporting/reports/"
COMPLETENESS = "/reporting/completeness/"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def submit(world, unit=None, user=None, period="202602"):
    services.save_value(
        user or world.clerk,
        element="DOSSIERS_TOTAL",
        org_unit=unit or world.commune,
        period=period,
        value="10",
    )
    return services.submit(
        user or world.clerk, services.report_for(world.form, unit or world.commune, period)
    )


def test_my_reports_lists_states_and_highlights_overdue(client, world, clock):
    assert reverse("reporting:my_reports") == MINE
    client.force_login(world.clerk)
    page = client.get(MINE).content.decode()
    assert 'id="my-reports"' in page
    assert (
        'data-form="DX_MONTHLY" data-unit="TINH_AN" data-period="202602" data-state="open"' in page
    )
    assert 'data-period="202601" data-state="locked"' in page
    assert 'href="/reporting/entry/DX_MONTHLY/TINH_AN/202602/"' in page
    assert "eo-row--overdue" not in page
    clock.set(datetime.date(2026, 2, 25))
    client.force_login(world.clerk)  # the session would have expired meanwhile
    page = client.get(MINE).content.decode()
    assert 'data-period="202602" data-state="open" class="eo-row--overdue"' in page
    overdue = client.get(MINE, {"state": "overdue"}).content.decode()
    assert overdue.count('class="report-open"') == 1
    quarterly = client.get(MINE, {"form": "DX_QUARTERLY"}).content.decode()
    assert 'data-form="DX_MONTHLY"' not in quarterly and 'data-form="DX_QUARTERLY"' in quarterly


def test_the_approver_sees_what_waits_for_approval(client, world):
    submit(world)
    client.force_login(world.leader)
    page = client.get(MINE, {"state": "submitted"}).content.decode()
    assert "To approve" in page and page.count('class="report-open"') == 1


def test_completeness_page_counts_and_exports(client, world):
    submit(world)
    client.force_login(world.province_leader)
    response = client.get(COMPLETENESS)
    assert response.status_code == 302
    assert "form=DX_MONTHLY" in response["Location"] and "period=" in response["Location"]
    page = client.get(COMPLETENESS, {"form": "DX_MONTHLY", "period": "202602"}).content.decode()
    assert 'data-count="expected"><strong>2<' in page
    assert 'data-count="on_time"><strong>1<' in page
    assert 'data-count="missing"><strong>1<' in page
    assert "Xã Bình Sơn" in page and "Missing" in page and "On time" in page
    missing = client.get(
        COMPLETENESS, {"form": "DX_MONTHLY", "period": "202602", "state": "missing"}
    ).content.decode()
    assert "Xã Bình Sơn" in missing and "Xã Tịnh Ấn" not in missing.split("</ul>")[-1]
    response = client.get(
        COMPLETENESS, {"form": "DX_MONTHLY", "period": "202602", "export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(r[0], r[3], r[5]) for r in rows[1:]] == [
        ("TINH_AN", "Submitted, waiting for approval", "On time"),
        ("BINH_SON", "Being entered", "Missing"),
    ]
    assert rows[0][0] == "Code"


def test_completeness_is_limited_to_what_the_user_sees(client, world):
    client.force_login(world.other_clerk)
    page = client.get(COMPLETENESS, {"form": "DX_MONTHLY", "period": "202602"}).content.decode()
    assert 'data-count="expected"><strong>1<' in page
    response = client.get(
        COMPLETENESS, {"form": "DX_MONTHLY", "period": "202602", "unit": "TINH_AN"}
    )
    assert response.status_code == 403
    response = client.get(COMPLETENESS, {"form": "DX_MONTHLY", "period": "2026Q1"}, follow=True)
    assert "Choose a period of the form" in response.content.decode()


def test_home_links_and_notification_links(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.clerk)
    page = client.get(reverse("reporting:home")).content.decode()
    for url in (MINE, COMPLETENESS, "/reporting/import/"):
        assert f'href="{url}"' in page
    submit(world)
    note = Notification.objects.get(user=world.leader)
    assert note.url == "/reporting/entry/DX_MONTHLY/TINH_AN/202602/"
