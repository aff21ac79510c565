"""In a real browser: a commune enters its monthly report, a validation rule refuses an
inconsistent value, the value is corrected, the report is submitted and approved by the
commune's chairman, and the province's indicator page shows the new totals at once.

tuphap_camthanh enters the demo's monthly form (Báo cáo tình hình chuyển đổi số hằng tháng) of
UBND phường Cẩm Thành for the current month; "online" above "received" is refused by the rule
"online ≤ received"; chutich_camthanh approves; pct_tinh, the province's leader, reads the rate
of dossiers handled online over the province with its numerator and denominator.
"""

import os
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORDS = {
    "tuphap_camthanh": "Co-Luy-2025!",
    "chutich_camthanh": "Thach-Bich-2025",
    "pct_tinh": "Lam-Hoa-2025!",
}
WARD = "000.00.01.H48"
PROVINCE = "000.00.00.H48"
FORM = "BC_CDS_THANG"
RATE = "TY_LE_TTHC_TRUC_TUYEN_XA"

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, monkeypatch):
    """The demo agencies, the ward's specialist and chairman (as load_demo_service_dossiers makes
    them), and the reporting demo over three communes; the ward's current month is left empty
    and entry stays open whatever the day of the month."""
    from chinhquyenso.core import services as core
    from chinhquyenso.core.choices import Role
    from chinhquyenso.core.models import Agency, User
    from chinhquyenso.reporting.models import DataSet, DataValue, Report
    from chinhquyenso.reporting.services import demo as reporting_demo

    core.import_admin_units()  # the ward's agency is placed at the commune level by its unit
    call_command("load_demo_data", stdout=StringIO())
    admin = User.objects.get(username="admin")
    ward = Agency.objects.get(electronic_id=WARD)
    for username, name, role in (
        ("tuphap_camthanh", "Trần Văn Tư Pháp", Role.SPECIALIST),
        ("chutich_camthanh", "Phạm Minh Chủ Tịch", Role.LEADER),
    ):
        user = core.create_official(
            admin, username, name, f"{username}@example.vn", ward, password=PASSWORDS[username]
        )
        core.assign_role(admin, user, role, agency=ward)
    three = reporting_demo._communes_file()[:3]
    monkeypatch.setattr(reporting_demo, "_communes_file", lambda: three)
    call_command("load_demo_reporting", stdout=StringIO())
    period = f"{timezone.localdate():%Y%m}"
    DataValue.objects.filter(org_unit__code=WARD, period=period).delete()
    Report.objects.filter(org_unit__code=WARD, period=period).delete()
    DataSet.objects.filter(code=FORM).update(lock_days=0)
    return period


@pytest.fixture
def browser(demo, request):
    try:
        reverse("reporting:entry", args=[FORM, WARD, demo])
    except NoReverseMatch:
        pytest.skip("the reporting entry grid is not installed in this tree")
    return request.getfixturevalue("chromium")  # launched only when the grid is there


def sign_in(browser, base: str, username: str, problems: list[str]):
    page = browser.new_context(locale="vi-VN").new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{base}/identity/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{base}/")
    return page


def province_totals(page, base: str, period: str) -> tuple[int, int]:
    """Numerator and denominator of the online rate over the province, as the page shows them."""
    page.goto(
        f"{base}{reverse('reporting:indicator', args=[RATE])}?unit={PROVINCE}&period={period}"
    )
    text = page.locator(".dash-facts").inner_text()
    found = re.search(r"\(([\d.,]+) / ([\d.,]+)\)", text)
    assert found, text
    return tuple(int(float(part.replace(",", ""))) for part in found.groups())


def enter(page, element: str, cell: str, value: str, expected: str) -> str:
    selector = f"#v-{element}-{cell}"
    page.fill(selector, value)
    page.press(selector, "Tab")
    status = page.locator(f"#s-{element}-{cell}")
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel).dataset.status === want",
        arg=[f"#s-{element}-{cell}", expected],
    )
    return status.inner_text()


def test_commune_report_from_entry_to_the_province_dashboard(browser, live_server, demo):
    period, base, problems = demo, live_server.url, []
    leader = sign_in(browser, base, "pct_tinh", problems)
    before = province_totals(leader, base, period)

    clerk = sign_in(browser, base, "tuphap_camthanh", problems)
    grid = reverse("reporting:entry", args=[FORM, WARD, period])
    clerk.goto(f"{base}{grid}")
    assert clerk.locator("#entry-grid").get_attribute("data-editable") == "true"
    tinh, xa = "THEO_THAM_QUYEN_TINH", "THEO_THAM_QUYEN_XA"
    enter(clerk, "TTHC_TIEP_NHAN", tinh, "40", "saved")
    enter(clerk, "TTHC_TIEP_NHAN", xa, "120", "saved")
    enter(clerk, "TTHC_TRUC_TUYEN", tinh, "30", "saved")
    # More dossiers online than received: the rule refuses the value and says why.
    refused = enter(clerk, "TTHC_TRUC_TUYEN", xa, "150", "error")
    assert refused.strip()
    from chinhquyenso.reporting.models import DataValue

    assert not DataValue.objects.filter(
        org_unit__code=WARD,
        period=period,
        element__code="TTHC_TRUC_TUYEN",
        option_combo__code=xa,
    ).exists()
    enter(clerk, "TTHC_TRUC_TUYEN", xa, "90", "saved")
    enter(clerk, "CBCC_BOI_DUONG", "default", "5", "saved")
    enter(clerk, "SU_CO_ATTT", "default", "0", "saved")
    clerk.reload()
    assert clerk.locator("#entry-no-violation").count() == 1
    with clerk.expect_navigation():
        clerk.click("#submit-button")
    assert clerk.locator("#entry-state").get_attribute("data-status") == "submitted"

    chairman = sign_in(browser, base, "chutich_camthanh", problems)
    chairman.goto(f"{base}{grid}")
    with chairman.expect_navigation():
        chairman.click("#approve-button")
    assert chairman.locator("#entry-state").get_attribute("data-status") == "approved"

    # No batch job: the province's figures include the ward's report as soon as it is read.
    after = province_totals(leader, base, period)
    assert after == (before[0] + 30 + 90, before[1] + 40 + 120)
    assert problems == []
    connections.close_all()
