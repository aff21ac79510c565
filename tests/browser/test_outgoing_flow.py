"""In a real browser: an outgoing document from draft to its registration at another agency.

The specialist drafts (a PDF made with core/pdf.py), the head of department reviews, the leader
approves and signs with the demo key, the clerk issues it with the agency's demo key, the clerk of
Sở Nội vụ finds it in the arrivals queue and registers it, and the sender's page shows that
recipient as "registered".
"""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORDS = {
    "vanthu": "Song-Tra-2025",
    "lanhdao": "Thien-An-2025",
    "truongphong": "Nui-Ca-Dam-2025",
    "chuyenvien": "Ba-To-2025!",
    "vanthu_snv": "Tra-Bong-2025!",
}
SUBJECT = "V/v đề nghị cử cán bộ tham gia tập huấn ký số văn bản điện tử năm 2026"
RECIPIENT = "Sở Nội vụ tỉnh Quảng Ngãi"

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, tmp_path):
    # Loaded before Playwright starts (see test_eoffice_flow.py); the catalogues an earlier
    # transactional test flushed are put back. The demo CA lives in this test's directory.
    from django.apps import apps

    from chinhquyenso.core import services as core
    from chinhquyenso.core.choices import Role
    from chinhquyenso.core.models import Agency, User
    from chinhquyenso.eoffice.catalogues import load_catalogues

    load_catalogues(lambda name: apps.get_model("eoffice", name))
    with override_settings(VAR_DIR=tmp_path, SIGNATURE_TRUST_ROOTS_DIR=tmp_path / "roots"):
        call_command("load_demo_data", stdout=StringIO())
        call_command("create_demo_signing_keys", stdout=StringIO())
        admin = User.objects.get(username="admin")
        recipient = Agency.objects.get(name=RECIPIENT)
        clerk = core.create_official(
            admin, "vanthu_snv", "Lê Thị Hoa", "vanthu.snv@example.vn", recipient,
            password=PASSWORDS["vanthu_snv"],
        )  # fmt: skip
        core.assign_role(admin, clerk, Role.CLERK, agency=recipient)
        yield


@pytest.fixture
def browser(demo, chromium):
    return chromium  # tests/browser/conftest.py, launched after the demo data


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


def test_drafted_reviewed_signed_issued_and_registered_by_the_recipient(
    live_server, browser, tmp_path
):
    from chinhquyenso.core.pdf import render_text_document
    from chinhquyenso.eoffice.models import ElectronicArrival, IncomingDocument, OutgoingDocument

    base = live_server.url
    problems: list[str] = []
    draft = tmp_path / "du-thao.pdf"
    draft.write_bytes(
        render_text_document(
            ["UBND TỈNH QUẢNG NGÃI", "VĂN PHÒNG"], SUBJECT, ["Văn phòng đề nghị Sở cử cán bộ."]
        )
    )

    # The specialist drafts it through the form and sends it to the head of department.
    specialist = sign_in(browser, base, "chuyenvien", problems)
    specialist.goto(f"{base}{reverse('eoffice:outgoing_list')}")
    specialist.click(f"a[href='{reverse('eoffice:outgoing_create')}']")
    specialist.select_option("select[name=doc_type]", label="Công văn")
    specialist.fill("textarea[name=subject]", SUBJECT)
    specialist.select_option(
        "select[name=reviewer]", label="Võ Thị Thu Hà – Trưởng phòng Văn hóa - Xã hội"
    )
    specialist.select_option("select[name=signer]", label="Trần Quốc Hùng – Chánh Văn phòng")
    specialist.fill("input[name=signer_position]", "CHÁNH VĂN PHÒNG")
    specialist.select_option("select[name=internal_recipients]", label=RECIPIENT)
    specialist.fill("textarea[name=recipients_text]", "Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT, VX.")
    specialist.set_input_files("input[name=file]", str(draft))
    specialist.click("form#draft-form button[type=submit]")
    specialist.wait_for_selector("form#submit-form")
    document = OutgoingDocument.objects.get(subject=SUBJECT)
    specialist.click("form#submit-form button[value=review]")
    specialist.wait_for_selector(".message--success")
    document.refresh_from_db()
    assert document.status == "in_review"

    # The head reviews and forwards it to the signer.
    head = sign_in(browser, base, "truongphong", problems)
    head.goto(f"{base}{document.get_absolute_url()}")
    head.click("form#review-form button[value=approve]")
    head.wait_for_selector(".message--success")

    # The leader approves it as urgent, then signs it with the demo key.
    leader = sign_in(browser, base, "lanhdao", problems)
    leader.goto(f"{base}{document.get_absolute_url()}")
    leader.select_option("form#approve-form select[name=urgency]", "1")
    leader.click("form#approve-form button[value=approve]")
    leader.wait_for_selector("form#sign-form")
    assert leader.get_attribute("form#sign-form input[name=passphrase]", "type") == "password"
    leader.fill("form#sign-form input[name=passphrase]", "Demo-KySo-2025")
    leader.click("form#sign-form button[type=submit]")
    leader.wait_for_selector(".message--success")
    document.refresh_from_db()
    assert document.status == "signed" and document.urgency == 1

    # The clerk issues it with the agency's key: numbered and delivered.
    clerk = sign_in(browser, base, "vanthu", problems)
    clerk.goto(f"{base}{document.get_absolute_url()}")
    clerk.fill("form#issue-form input[name=passphrase]", "Demo-KySo-2025")
    clerk.click("form#issue-form button[type=submit]")
    clerk.wait_for_selector(".eo-status--issued")
    document.refresh_from_db()
    assert document.status == "issued" and document.number_text.endswith("/VP-VX")

    # The clerk of Sở Nội vụ finds it in the arrivals queue and registers it.
    recipient = sign_in(browser, base, "vanthu_snv", problems)
    recipient.goto(f"{base}{reverse('eoffice:arrival_list')}")
    arrival = ElectronicArrival.objects.get(source=document)
    row = recipient.locator(f"tr[data-arrival='{arrival.pk}']")
    assert document.number_text in row.inner_text()
    row.locator("button.eo-register").click()
    recipient.wait_for_selector(".eo-stamp")
    incoming = IncomingDocument.objects.get(agency__name=RECIPIENT)
    assert incoming.notation_raw == document.number_text

    # The sender's page shows that recipient as registered.
    specialist.goto(f"{base}{document.get_absolute_url()}")
    status = specialist.get_attribute(f"tr[data-recipient='{RECIPIENT}']", "data-status")
    assert status == "registered"
    assert problems == []
