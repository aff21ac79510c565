"""The citizen's pages: report a problem (photos, the commune picker, errors, a double submit),
my reports, one report with its answer, the rating, and nobody else's report."""

import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportChannel, ReportStatus
from chinhquyenso.feedback.models import Report, ReportPhoto

from .web_support import DESCRIPTION, Site, png


@pytest.fixture(autouse=True)
def english(client):
    # Pages answer in the cookie's language, services in the active one; assertions read English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def site(registry) -> Site:
    return Site(registry)


def form_data(**fields) -> dict:
    data = {
        "category": "HT-DEN",
        "description": DESCRIPTION,
        "admin_unit": "21025",
        "address": "Đường Hùng Vương, tổ 5",
        "latitude": "15.120567",
        "longitude": "108.792345",
        "public": "on",
        "consent": "on",
        "client_key": uuid.uuid4().hex,
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_offers_grouped_categories_and_the_current_communes(client, site):
    client.force_login(site.citizen)
    page = client.get(reverse("feedback:new_report"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<optgroup label="Hạ tầng đô thị">' in html and "Đèn chiếu sáng công cộng" in html
    assert 'value="21025"' in html and "Xã Tịnh Khê" in html
    assert 'name="client_key"' in html and "13/2023" in html
    assert "feedback/locate.js" in html and "<script>" not in html


def test_a_report_with_photos_is_stored_and_opens_its_page(client, site):
    client.force_login(site.citizen)
    data = form_data(photos=[png("red", "a.png"), png("blue", "b.png")])
    response = client.post(reverse("feedback:new_report"), data)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("feedback:my_report", args=[report.pk])
    assert report.agency == site.ward and report.channel == ReportChannel.WEB
    assert report.admin_unit == site.cam_thanh and str(report.latitude) == "15.120567"
    assert report.photos.count() == 2
    page = client.get(response.url)
    html = page.content.decode()
    assert report.code in html and "Its code is" in html
    photo = report.photos.first()
    assert reverse("feedback:my_photo", args=[report.pk, photo.pk]) in html
    image = client.get(reverse("feedback:my_photo", args=[report.pk, photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_the_same_key_sent_twice_stores_one_report(client, site):
    client.force_login(site.citizen)
    data = form_data()
    first = client.post(reverse("feedback:new_report"), data)
    second = client.post(reverse("feedback:new_report"), data)
    assert Report.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": "Hỏng"}, "at least 10 characters"),
        ({"consent": None}, "Nghị định 13/2023"),
        ({"admin_unit": "", "address": "", "latitude": "", "longitude": ""}, "Say where"),
        ({"latitude": "48.85", "longitude": "2.35"}, "outside Việt Nam"),
        ({"longitude": ""}, "both latitude and longitude"),
        ({"admin_unit": "99999"}, "Select a valid choice"),
        ({"category": "KHONG-CO"}, "Select a valid choice"),
    ],
)
def test_bad_input_comes_back_with_the_error_and_stores_nothing(client, site, fields, message):
    client.force_login(site.citizen)
    response = client.post(reverse("feedback:new_report"), form_data(**fields))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_six_photos_or_a_text_file_are_refused(client, site):
    client.force_login(site.citizen)
    six = [png(c, f"{c}.png") for c in ("red", "green", "blue", "white", "black", "navy")]
    response = client.post(reverse("feedback:new_report"), form_data(photos=six))
    assert response.status_code == 422 and "At most 5 photos" in response.content.decode()
    not_photo = client.post(reverse("feedback:new_report"), form_data(photos=[_text_file()]))
    assert not_photo.status_code == 422 and "JPEG or PNG" in not_photo.content.decode()
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def _text_file():
    return SimpleUploadedFile("ghi-chu.txt", "Ghi chú về đèn đường.".encode(), "text/plain")


def test_officers_and_visitors_cannot_report(client, site):
    assert client.get(reverse("feedback:new_report")).status_code == 302  # to the sign-in page
    client.force_login(site.officer)
    assert client.get(reverse("feedback:new_report")).status_code == 403
    assert client.post(reverse("feedback:new_report"), form_data()).status_code == 403
    assert client.get(reverse("feedback:my_reports")).status_code == 403
    assert not Report.objects.exists()


def test_my_reports_lists_only_mine(client, site):
    mine = site.report()
    theirs = site.report(site.other_citizen)
    client.force_login(site.citizen)
    html = client.get(reverse("feedback:my_reports")).content.decode()
    assert mine.code in html and theirs.code not in html
    assert reverse("feedback:my_report", args=[mine.pk]) in html
    filtered = client.get(reverse("feedback:my_reports"), {"status": "resolved"}).content.decode()
    assert mine.code not in filtered


def test_someone_elses_report_and_photo_are_not_found(client, site):
    theirs = site.report(site.other_citizen, photos=[png()])
    client.force_login(site.citizen)
    assert client.get(reverse("feedback:my_report", args=[theirs.pk])).status_code == 404
    photo = theirs.photos.get()
    url = reverse("feedback:my_photo", args=[theirs.pk, photo.pk])
    assert client.get(url).status_code == 404
    rate = reverse("feedback:my_report_rate", args=[theirs.pk])
    assert client.post(rate, {"satisfied": "yes"}).status_code == 404


def test_the_answer_shows_and_the_reporter_rates_it_once(client, site):
    report = site.report()
    client.force_login(site.citizen)
    page = client.get(reverse("feedback:my_report", args=[report.pk])).content.decode()
    assert 'name="satisfied"' not in page  # nothing to rate before the answer
    feedback.accept(site.officer, report)
    feedback.answer(site.officer, report, "Đã thay bóng đèn hỏng trên đường Hùng Vương.")
    page = client.get(reverse("feedback:my_report", args=[report.pk])).content.decode()
    assert "Đã thay bóng đèn hỏng" in page and 'name="satisfied"' in page
    rate = reverse("feedback:my_report_rate", args=[report.pk])
    bad = client.post(rate, {"comment": "Không chọn gì"})
    assert bad.status_code == 422 and "This field is required" in bad.content.decode()
    response = client.post(rate, {"satisfied": "yes", "comment": "Cảm ơn phường."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.satisfied is True and report.rating_comment == "Cảm ơn phường."
    again = client.post(rate, {"satisfied": "no"})
    assert again.status_code == 422 and "already rated" in again.content.decode()
    report.refresh_from_db()
    assert report.satisfied is True and report.status == ReportStatus.RESOLVED
