"""Officers' pages: the agency's queue (filters, overdue, Excel export), one report with the
reporter's contact and every action, bad input re-rendered, other agencies' reports as 404, the
phone-in form and the statistics."""

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from chinhquyenso.feedback.choices import ReportChannel, ReportStatus
from chinhquyenso.feedback.models import Report

from .web_support import ANSWER, DESCRIPTION, PHONE, Site, png


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def site(registry) -> Site:
    return Site(registry)


def page_of(report) -> str:
    return reverse("feedback:officer_report", args=[report.pk])


def test_the_queue_shows_the_agencys_reports_new_first_oldest_on_top(client, site):
    older, newer = site.report(), site.report()
    accepted = site.accepted()
    elsewhere = site.report(category="MT-RAC")  # goes to the province office
    client.force_login(site.officer)
    html = client.get(reverse("feedback:officer_list")).content.decode()
    assert elsewhere.code not in html
    assert html.index(older.code) < html.index(newer.code) < html.index(accepted.code)
    assert reverse("feedback:officer_new") in html


def test_filters_and_the_overdue_highlight(client, site):
    late = site.accepted()
    Report.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(1))
    fresh = site.report(category="MT-RAC", admin_unit="21025", address="Chợ Cẩm Thành")
    Report.objects.filter(pk=fresh.pk).update(agency=site.ward)
    client.force_login(site.officer)
    url = reverse("feedback:officer_list")
    overdue = client.get(url, {"overdue": "1"}).content.decode()
    assert late.code in overdue and fresh.code not in overdue and "eo-row--overdue" in overdue
    by_status = client.get(url, {"status": "new"}).content.decode()
    assert fresh.code in by_status and late.code not in by_status
    by_category = client.get(url, {"category": "MT-RAC"}).content.decode()
    assert fresh.code in by_category and late.code not in by_category
    by_text = client.get(url, {"q": "chợ cẩm thành"}).content.decode()
    assert fresh.code in by_text and late.code not in by_text


def test_the_excel_export_opens_with_the_filtered_rows(client, site):
    report = site.report()
    site.accepted()
    client.force_login(site.officer)
    response = client.get(reverse("feedback:officer_list"), {"status": "new", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Code" and len(rows) == 2
    assert rows[1][0] == report.code and PHONE in rows[1]


def test_people_without_the_permission_get_403_and_other_agencies_404(client, site):
    report = site.report(photos=[png()])
    client.force_login(site.citizen)
    assert client.get(reverse("feedback:officer_list")).status_code == 403
    assert client.get(reverse("feedback:officer_new")).status_code == 403
    assert client.get(page_of(report)).status_code == 404
    client.force_login(site.clerk)  # the province office: not this ward's report
    assert client.get(page_of(report)).status_code == 404
    photo = report.photos.get()
    url = reverse("feedback:officer_photo", args=[report.pk, photo.pk])
    assert client.get(url).status_code == 404
    response = client.post(page_of(report), {"action": "reject", "reason": "Không thuộc."})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_the_page_shows_the_reporters_contact_and_photos(client, site):
    report = site.report(photos=[png()])
    client.force_login(site.officer)
    html = client.get(page_of(report)).content.decode()
    assert "Đặng Văn Bình" in html and PHONE in html and "binh@example.vn" in html
    photo = report.photos.get()
    assert reverse("feedback:officer_photo", args=[report.pk, photo.pk]) in html
    image = client.get(reverse("feedback:officer_photo", args=[report.pk, photo.pk]))
    assert image.status_code == 200


def test_accept_then_answer_through_the_page(client, site):
    report = site.report()
    client.force_login(site.officer)
    html = client.get(page_of(report)).content.decode()
    assert 'value="7"' in html  # the category's handling time
    assert site.specialist.full_name in html and site.economy.name in html
    response = client.post(
        page_of(report),
        {"action": "accept", "department": site.economy.pk, "handler": site.specialist.pk,
         "working_days": "7", "note": "Phòng Kinh tế kiểm tra ngay."},
    )  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.handler == site.specialist
    assert report.department == site.economy and report.due_date is not None
    html = client.get(page_of(report)).content.decode()
    assert "Phòng Kinh tế kiểm tra ngay." in html and "internal" in html
    client.force_login(site.specialist)
    response = client.post(
        page_of(report), {"action": "answer", "response": ANSWER, "photos": [png("green")]}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.response == ANSWER
    assert report.photos.get().with_answer


def test_bad_action_input_re_renders_with_errors_and_changes_nothing(client, site):
    report = site.report()
    client.force_login(site.officer)
    days = client.post(page_of(report), {"action": "accept", "working_days": "90"})
    assert days.status_code == 422 and "less than or equal to 60" in days.content.decode()
    outsider = site.clerk
    handler = client.post(
        page_of(report), {"action": "accept", "working_days": "5", "handler": outsider.pk}
    )
    assert handler.status_code == 422 and "Select a valid choice" in handler.content.decode()
    reason = client.post(page_of(report), {"action": "transfer", "agency": site.office.pk})
    assert reason.status_code == 422 and "Say why" in reason.content.decode()
    duplicate = client.post(page_of(report), {"action": "reject", "duplicate_of": "PA-1999-1"})
    assert duplicate.status_code == 422 and "No report with this code" in duplicate.content.decode()
    short = client.post(page_of(report), {"action": "answer", "response": "Xong."})
    assert short.status_code == 422
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW and report.agency == site.ward
    assert list(report.events.values_list("action", flat=True)) == ["received"]


def test_transfer_and_reject_through_the_page(client, site):
    moved, refused = site.report(), site.report()
    client.force_login(site.officer)
    response = client.post(
        page_of(moved),
        {"action": "transfer", "agency": site.office.pk, "reason": "Tuyến đường do tỉnh quản lý."},
    )
    assert response.status_code == 302
    moved.refresh_from_db()
    assert moved.agency == site.office and moved.status == ReportStatus.NEW
    assert client.get(page_of(moved)).status_code == 404  # no longer the ward's
    response = client.post(page_of(refused), {"action": "reject", "duplicate_of": moved.code})
    assert response.status_code == 422  # the first report left the ward: not among its own
    first = site.report()
    response = client.post(page_of(refused), {"action": "reject", "duplicate_of": first.code})
    assert response.status_code == 302
    refused.refresh_from_db()
    assert refused.status == ReportStatus.REJECTED and refused.duplicate_of == first


def test_a_phone_in_report_keeps_the_callers_contact(client, site):
    client.force_login(site.officer)
    form = client.get(reverse("feedback:officer_new")).content.decode()
    assert 'name="reporter_phone"' in form
    data = {
        "channel": ReportChannel.PHONE, "reporter_name": "Phạm Thị Hoa",
        "reporter_phone": "0914222333", "category": "HT-DEN", "description": DESCRIPTION,
        "admin_unit": "21025", "address": "Ngã tư Hùng Vương – Lê Lợi", "public": "on",
        "consent": "on", "client_key": "a1",
    }  # fmt: skip
    missing = client.post(reverse("feedback:officer_new"), {**data, "reporter_phone": ""})
    assert missing.status_code == 422 and "Record the caller" in missing.content.decode()
    assert not Report.objects.exists()
    response = client.post(reverse("feedback:officer_new"), data)
    report = Report.objects.get()
    assert response.url == page_of(report)
    assert report.reporter is None and report.reporter_phone == "0914222333"
    assert report.channel == ReportChannel.PHONE and report.agency == site.ward


def test_statistics_for_the_leader_and_403_for_others(client, site):
    site.answered()
    site.report()
    client.force_login(site.officer)
    assert client.get(reverse("feedback:statistics")).status_code == 403
    client.force_login(site.leader)
    response = client.get(reverse("feedback:statistics"))
    html = response.content.decode()
    assert response.status_code == 200 and site.lighting.name in html
    assert response.context["figures"]["received"] == 2
    assert response.context["figures"]["answered"] == 1
    assert response.context["agency"] == site.ward


def test_the_menu_offers_each_role_its_entries(client, site):
    client.force_login(site.citizen)
    html = client.get(reverse("feedback:public_list")).content.decode()
    assert reverse("feedback:new_report") in html and reverse("feedback:my_reports") in html
    assert reverse("feedback:officer_list") not in html
    client.force_login(site.officer)
    html = client.get(reverse("feedback:public_list")).content.decode()
    assert reverse("feedback:officer_list") in html and reverse("feedback:new_report") not in html


def test_a_platform_wide_officer_sees_every_agencys_reports(client, site):
    from chinhquyenso.core.choices import Role
    from chinhquyenso.core.models import RoleAssignment

    ward_report, office_report = site.report(), site.report(category="MT-RAC")
    inspector = site.registry.user("thanhtra", full_name="Võ Minh Tâm")
    RoleAssignment.objects.create(user=inspector, role=Role.LEADER, agency=None)
    client.force_login(inspector)
    html = client.get(reverse("feedback:officer_list")).content.decode()
    assert ward_report.code in html and office_report.code in html
