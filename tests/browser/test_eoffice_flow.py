"""In a real browser: a scan is registered, presented, assigned in one click and completed.

The clerk registers a scanned document through the form, presents it to the leader, the leader
assigns it to a department in one click, the head passes it to a specialist who completes it,
and the incoming register PDF lists it. The pages are also checked at a phone's width.
"""

import io
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORDS = {
    "vanthu": "Song-Tra-2025",
    "lanhdao": "Thien-An-2025",
    "truongphong": "Nui-Ca-Dam-2025",
    "chuyenvien": "Ba-To-2025!",
}
NOTATION = "345/UBND-KT"
SUBJECT = "Về việc kiểm tra tiến độ số hóa hồ sơ lưu trữ năm 2026"
# A one-page PDF standing in for the scan; its comment makes its hash unlike any demo file.
SCAN = b"%PDF-1.4\n% browser-flow scan 345\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    # Loaded before Playwright starts: under its event loop Django would hand this thread a
    # second database connection that nobody closes, and the test database could not be dropped.
    # An earlier transactional test flushes the tables, and with them the catalogues the
    # migrations loaded; put them back (idempotent).
    from django.apps import apps

    from chinhquyenso.eoffice.catalogues import load_catalogues

    load_catalogues(lambda name: apps.get_model("eoffice", name))
    call_command("load_demo_data", stdout=StringIO())


@pytest.fixture
def browser(demo, chromium):
    return chromium  # tests/browser/conftest.py, launched after the demo data


def sign_in(browser, base: str, username: str, problems: list[str], **context):
    page = browser.new_context(locale="vi-VN", **context).new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{base}/identity/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{base}/")
    return page


def test_scan_registered_presented_assigned_and_completed(live_server, browser, tmp_path):
    from chinhquyenso.eoffice.models import IncomingDocument

    base = live_server.url
    problems: list[str] = []
    scan = tmp_path / "cong-van-345.pdf"
    scan.write_bytes(SCAN)

    # The clerk registers the scan through the form.
    clerk = sign_in(browser, base, "vanthu", problems)
    clerk.goto(f"{base}{reverse('eoffice:incoming_list')}")
    clerk.click(f"a[href='{reverse('eoffice:incoming_register')}']")
    clerk.set_input_files("input[name=file]", str(scan))
    clerk.fill("input[name=issuer_name]", "Ủy ban nhân dân xã Tịnh Khê")
    clerk.fill("input[name=notation]", NOTATION)
    clerk.fill("input[name=issued_date]", "2026-11-20")
    clerk.select_option("select[name=doc_type]", label="Công văn")
    clerk.fill("textarea[name=subject]", SUBJECT)
    clerk.fill("input[name=dossier]", "HS-07")
    clerk.click("form#register-form button[type=submit]:not(.visually-hidden):not([name])")
    clerk.wait_for_selector(".eo-stamp")
    document = IncomingDocument.objects.get(notation_raw=NOTATION)
    assert str(document.arrival_number) in clerk.inner_text(".eo-stamp")
    assert "HS-07" in clerk.inner_text(".eo-stamp")

    # ... and presents it to the leader from the document page.
    clerk.select_option("select[name=leader]", label="Trần Quốc Hùng")
    clerk.click("form[action$='/present/'] button[type=submit]")
    clerk.wait_for_selector(".message--success")
    document.refresh_from_db()
    assert document.status == "presented"

    # The leader assigns it to the Culture and Society department in one click.
    leader = sign_in(browser, base, "lanhdao", problems)
    leader.goto(f"{base}{reverse('eoffice:leader_queue')}")
    leader.click(f"a[href='{reverse('eoffice:incoming_assign', args=[document.pk])}']")
    leader.click("button.eo-quick__button:has-text('Phòng Văn hóa - Xã hội')")
    leader.wait_for_selector(".message--success")
    document.refresh_from_db()
    assert document.status == "assigned"
    assert "Phòng Văn hóa - Xã hội" in leader.inner_text(".eo-stamp")

    # The head of department passes it to the specialist.
    head = sign_in(browser, base, "truongphong", problems)
    head.goto(f"{base}{reverse('eoffice:my_tasks')}")
    task = head.locator(".eo-task", has_text=NOTATION)
    task.locator("a:has-text('chuyên viên'), a[href$='/reassign/']").first.click()
    head.check("input[name=specialists]:near(:text('Phạm Đức Anh'))")
    head.click("form.eo-form button[type=submit]")
    head.wait_for_selector(".message--success")

    # The specialist completes it from the task list, on a phone.
    specialist = sign_in(
        browser, base, "chuyenvien", problems, viewport={"width": 375, "height": 800}
    )
    specialist.goto(f"{base}{reverse('eoffice:my_tasks')}")
    task = specialist.locator(".eo-task", has_text=NOTATION)
    task.locator("details:has(form[action$='/complete/']) summary").click()
    task.locator("form[action$='/complete/'] textarea[name=result]").fill(
        "Đã kiểm tra, báo cáo lãnh đạo"
    )
    task.locator("form[action$='/complete/'] button[type=submit]").click()
    specialist.wait_for_selector(".message--success")
    document.refresh_from_db()
    assert document.status == "completed"
    specialist.goto(f"{base}{document.get_absolute_url()}")
    assert document.get_status_display() in specialist.inner_text(".facts")
    # Nothing is wider than the phone's screen.
    width = specialist.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    specialist.screenshot(path=str(tmp_path / "document-375.png"), full_page=True)

    # The incoming register for the year lists the document.
    try:
        export = reverse("eoffice:register_export")
    except NoReverseMatch:
        export = None
    if export:
        response = clerk.request.get(
            f"{base}{export}?kind=incoming&format=pdf&date_from=2026-01-01&date_to=2026-12-31"
        )
        assert response.ok
        pypdf = pytest.importorskip("pypdf")
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.body())).pages)
        assert NOTATION in text

    assert problems == []
