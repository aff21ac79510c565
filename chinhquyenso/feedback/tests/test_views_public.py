"""Public pages: the list of public reports with answers and filters, one report by its code, the
look-up, photos of public reports only, and never the reporter's name, phone or e-mail."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chinhquyenso.feedback import services as feedback

from .web_support import ANSWER, PHONE, Site, png


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def site(registry) -> Site:
    return Site(registry)


def assert_nobody(html: str, site: Site) -> None:
    for personal in ("Đặng Văn Bình", PHONE, "binh@example.vn", "congdan"):
        assert personal not in html


def test_the_list_shows_public_reports_with_answers_and_nobody(client, site):
    answered = site.answered(photos=[png()])
    hidden = site.report(public=False)
    response = client.get(reverse("feedback:public_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert answered.code in html and ANSWER in html and "Phường Cẩm Thành" in html
    assert hidden.code not in html
    assert_nobody(html, site)


def test_filters_narrow_the_list(client, site):
    lighting = site.report()
    waste = site.report(category="MT-RAC", admin_unit="21211", address="Thôn Khê Thủy")
    url = reverse("feedback:public_list")
    by_category = client.get(url, {"category": "MT-RAC"}).content.decode()
    assert waste.code in by_category and lighting.code not in by_category
    by_unit = client.get(url, {"unit": "21025"}).content.decode()
    assert lighting.code in by_unit and waste.code not in by_unit
    by_status = client.get(url, {"status": "resolved"}).content.decode()
    assert lighting.code not in by_status and waste.code not in by_status
    by_text = client.get(url, {"q": "Khê Thủy"}).content.decode()
    assert waste.code in by_text and lighting.code not in by_text


def test_the_list_pages_without_counting(client, site):
    first = site.report()
    for _n in range(50):
        site.report()
    html = client.get(reverse("feedback:public_list")).content.decode()
    assert 'page=2">' in html and first.code not in html  # the newest first
    second = client.get(reverse("feedback:public_list"), {"page": 2}).content.decode()
    assert first.code in second and 'page=3">' not in second and 'page=1">' in second


def test_the_public_page_shows_the_answer_and_photos_but_nobody(client, site):
    report = site.answered(photos=[png()])
    response = client.get(reverse("feedback:public_report", args=[report.code]))
    html = response.content.decode()
    assert response.status_code == 200 and ANSWER in html and report.category.name in html
    assert_nobody(html, site)
    assert "Huỳnh Thị Mỹ Linh" not in html  # officers' names stay inside
    photo = report.photos.get()
    image = client.get(reverse("feedback:public_photo", args=[report.code, photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_report_not_shown_publicly_is_not_found(client, site):
    report = site.report(public=False, photos=[png()])
    photo = report.photos.get()
    assert client.get(reverse("feedback:public_report", args=[report.code])).status_code == 404
    url = reverse("feedback:public_photo", args=[report.code, photo.pk])
    assert client.get(url).status_code == 404
    other = site.report(photos=[png("blue")])
    # A photo of another report, through a public report's address, is not found either.
    url = reverse("feedback:public_photo", args=[other.code, photo.pk])
    assert client.get(url).status_code == 404


def test_the_lookup_opens_a_public_report_by_its_code(client, site):
    report = site.report()
    hidden = site.report(public=False)
    found = client.get(reverse("feedback:lookup"), {"code": report.code.lower()})
    assert found.url == reverse("feedback:public_report", args=[report.code])
    missing = client.get(reverse("feedback:lookup"), {"code": hidden.code}, follow=True)
    assert f"No public report has the code {hidden.code}" in missing.content.decode()


def test_the_export_has_no_personal_data(client, site):
    site.answered()
    response = client.get(reverse("feedback:public_list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode()
    assert ANSWER in text
    assert_nobody(text, site)


def test_a_rejected_duplicate_names_the_first_report(client, site):
    first = site.report()
    second = site.report()
    feedback.reject(site.officer, second, "", duplicate_of=first)
    html = client.get(reverse("feedback:public_report", args=[second.code])).content.decode()
    assert "Not accepted" in html and first.code in html
