"""In a real browser: a clerk signs in, lands on the Vietnamese home page, switches to English."""

import os
from io import StringIO

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    # Loaded before Playwright starts: under its event loop Django would hand this thread a
    # second database connection that nobody closes, and the test database could not be dropped.
    call_command("load_demo_data", stdout=StringIO())


@pytest.fixture
def page(demo, chromium):
    context = chromium.new_context(locale="vi-VN")
    return context.new_page()


def test_clerk_signs_in_and_switches_language(live_server, page):
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    page.goto(f"{live_server.url}/")
    assert "/identity/login/" in page.url  # anonymous visitors are sent to sign in
    page.fill("input[name=username]", "vanthu")
    page.fill("input[name=password]", "Song-Tra-2025")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")

    # Stable whatever the catalogue holds: the clerk's name, agency and the shell.
    assert page.locator(".user-menu__name").inner_text() == "Nguyễn Thị Lan"
    assert page.locator(".user-menu__agency").inner_text() == "VP UBND tỉnh"
    assert page.get_attribute("html", "lang") == "vi"
    # Vietnamese from the compiled catalogue.
    assert page.locator("h1").inner_text() == "Trang chủ"
    assert page.title().startswith("Trang chủ")
    assert "Văn thư" in page.locator(".card h2").first.inner_text()
    assert page.locator('.main-nav a[aria-current="page"]').count() == 1

    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Home"
    assert page.locator(".card h2").first.inner_text() == "Clerk"

    # No CSP violation or script error on any page (inline code would show up here).
    assert problems == []
