"""In a real browser: a citizen on a phone reports a broken street light in phường Cẩm Thành with
a photo, the ward's one-stop officer accepts and answers it, the citizen reads the answer and rates
it, and the public list shows the report and its answer without the reporter's name.
"""

import io
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORDS = {"congdan": "Tra-Khuc-2025", "motcua": "Mang-Den-2025"}
PHONE = {"width": 390, "height": 844}
DESCRIPTION = "Ba cột đèn chiếu sáng trên đường Hùng Vương, đoạn trước trường học, tắt cả tuần nay."
ANSWER = "Đã thay ba bóng đèn và kiểm tra lại toàn tuyến chiếu sáng đường Hùng Vương."
WARD = "Ủy ban nhân dân phường Cẩm Thành"

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    # Loaded before Playwright starts, as in test_services_flow.py. The category is this test's
    # own (the demo categories belong to the feedback demo command).
    from django.apps import apps

    from chinhquyenso.core.models import Agency
    from chinhquyenso.core.services.units import import_admin_units
    from chinhquyenso.eoffice.catalogues import load_catalogues
    from chinhquyenso.feedback.models import Category

    load_catalogues(lambda name: apps.get_model("eoffice", name))
    import_admin_units()  # the form's picker lists the province's current communes and wards
    call_command("load_demo_data", stdout=StringIO())
    office = Agency.objects.get(electronic_id="000.01.00.H48")
    return Category.objects.create(
        code="HT-DEN", name="Đèn chiếu sáng công cộng hư hỏng", group="Hạ tầng đô thị",
        agency=office, by_place=True, handling_days=7,
    )  # fmt: skip


@pytest.fixture
def browser(demo, chromium):
    return chromium  # tests/browser/conftest.py, launched after the demo data


def new_page(browser, problems: list[str], **options):
    page = browser.new_context(locale="vi-VN", **options).new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return page


def sign_in(browser, base: str, username: str, problems: list[str], **options):
    page = new_page(browser, problems, **options)
    page.goto(f"{base}/identity/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{base}/")
    return page


def post(page, selector: str) -> None:
    """Click a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.click(selector)


def act(page, action: str) -> None:
    """One action of the officer's report page; its error list, if any, fails the test."""
    post(page, f"button[name=action][value={action}]")
    alert = page.locator("[role=alert]")
    assert alert.count() == 0, alert.first.inner_text()


def fits(page) -> bool:
    """Nothing wider than the phone's screen (no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def photo(path: Path) -> Path:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_reported_accepted_answered_rated_and_public_without_the_reporter(
    live_server, browser, demo, tmp_path
):
    from chinhquyenso.feedback.choices import ReportStatus
    from chinhquyenso.feedback.models import Report

    base = live_server.url
    problems: list[str] = []

    # The citizen reports from a phone: category, description, ward, address, a photo, consent.
    citizen = sign_in(browser, base, "congdan", problems, viewport=PHONE)
    citizen.click(f"nav a[href='{reverse('feedback:new_report')}']")
    citizen.wait_for_url(f"{base}{reverse('feedback:new_report')}")
    assert citizen.is_visible("#fb-locate")  # the browser offers geolocation
    assert fits(citizen)
    citizen.select_option("select[name=category]", "HT-DEN")
    citizen.fill("textarea[name=description]", DESCRIPTION)
    citizen.select_option("select[name=admin_unit]", label="Phường Cẩm Thành")
    citizen.fill("input[name=address]", "Đường Hùng Vương, trước Trường Tiểu học Lê Văn Tám")
    citizen.set_input_files("input[name=photos]", str(photo(tmp_path / "den-duong.jpg")))
    citizen.check("input[name=consent]")
    post(citizen, "form.fb-form button[type=submit]")
    report = Report.objects.get(reporter__username="congdan")
    assert citizen.url == f"{base}{reverse('feedback:my_report', args=[report.pk])}"
    assert report.code in citizen.inner_text(".messages")
    assert report.agency.name == WARD and report.photos.count() == 1
    assert fits(citizen)

    # The ward's one-stop officer finds it first in the queue, accepts it and answers it.
    officer = sign_in(browser, base, "motcua", problems)
    officer.click(f"nav a[href='{reverse('feedback:officer_list')}']")
    officer.wait_for_url(f"{base}{reverse('feedback:officer_list')}")
    post(officer, f"a:has-text('{report.code}')")
    assert "Đặng Văn Bình" in officer.inner_text("main")  # officers see who reported
    assert officer.input_value("#action-accept input[name=working_days]") == "7"
    officer.select_option("#action-accept select[name=handler]", label="Huỳnh Thị Mỹ Linh")
    act(officer, "accept")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.due_date is not None
    officer.fill("#action-answer textarea[name=response]", ANSWER)
    act(officer, "answer")
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED

    # The citizen reads the answer on the report's page and rates it.
    citizen.goto(f"{base}{reverse('feedback:my_report', args=[report.pk])}")
    assert ANSWER in citizen.inner_text("#answer")
    assert citizen.locator(".fb-photos img").count() == 1
    citizen.check("input[name=satisfied][value=yes]")
    citizen.fill("textarea[name=comment]", "Cảm ơn phường đã xử lý nhanh.")
    post(citizen, "#rating button[type=submit]")
    report.refresh_from_db()
    assert report.satisfied is True

    # Anyone (not signed in) finds it on the public list with its answer, and never who reported.
    visitor = new_page(browser, problems, viewport=PHONE)
    visitor.goto(f"{base}{reverse('feedback:public_list')}")
    listed = visitor.inner_text("main")
    assert report.code in listed and ANSWER in listed and fits(visitor)
    visitor.fill("input[name=code]", report.code)
    post(visitor, ".fb-lookup button[type=submit]")
    shown = visitor.content()
    assert ANSWER in shown and "Phường Cẩm Thành" in shown
    for personal in ("Đặng Văn Bình", "congdan", "Huỳnh Thị Mỹ Linh"):
        assert personal not in shown
    assert problems == []
