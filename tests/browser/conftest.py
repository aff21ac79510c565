"""What every browser scenario shares: Debian's Chromium driven by Playwright (the launch options
measured on this machine, README "Known facts"), skipped with the reason when it is missing."""

import shutil
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium():
    """A launched browser. Ask for it after the test's data fixtures: data loaded under
    Playwright's event loop would take a second database connection that nobody closes."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (make system-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            # ORM calls made under Playwright's event loop opened their own connection: close it
            # here, in the same context, or the test database cannot be dropped afterwards.
            connections.close_all()
            launched.close()
