"""In a real browser: the one-stop officer of phường Cẩm Thành receives two walk-in dossiers. The
complete one is accepted at once and the page offers its receipt-and-appointment slip (mẫu 01) to
print; the incomplete one gets a supplement request whose printed form (mẫu 02) lists every item.
"""

import io
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BIRTH = "1.001193"
pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    # Loaded before Playwright starts, as in test_services_flow.py (no signing keys needed here).
    from django.apps import apps

    from chinhquyenso.eoffice.catalogues import load_catalogues

    load_catalogues(lambda name: apps.get_model("eoffice", name))
    for command in ("load_demo_data", "load_demo_procedures"):
        call_command(command, stdout=StringIO())


@pytest.fixture
def browser(demo, chromium):
    return chromium  # tests/browser/conftest.py, launched after the demo data


def sign_in(browser, base: str, problems: list[str]):
    page = browser.new_context(locale="vi-VN").new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{base}/identity/login/")
    page.fill("input[name=username]", "motcua")
    page.fill("input[name=password]", "Mang-Den-2025")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{base}/")
    return page


def post(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def pdf_text(page, url: str) -> str:
    """The PDF at `url`, fetched with the page's session."""
    response = page.request.get(url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def receive(officer, base: str, procedure, applicant: tuple[str, str], scans: dict[str, Path]):
    """Walk-in reception with "accept now" ticked; an incomplete dossier stays unaccepted."""
    officer.goto(f"{base}{reverse('services:counter_receive')}?procedure={procedure.pk}")
    officer.fill("input[name=full_name]", applicant[0])
    officer.fill("input[name=citizen_id]", applicant[1])
    officer.fill("input[name=address]", "12 Phan Đình Phùng, phường Cẩm Thành")
    for field, path in scans.items():
        officer.set_input_files(f"input[name={field}]", str(path))
    officer.check("input[name=accept]")
    post(officer, "form[enctype='multipart/form-data'] button[type=submit]")


def test_walk_in_slip_printed_and_supplement_form_listing_every_item(
    live_server, browser, demo, tmp_path
):
    from chinhquyenso.core.pdf import render_text_document
    from chinhquyenso.services.choices import DossierStatus
    from chinhquyenso.services.models import Procedure, ServiceDossier

    base = live_server.url
    problems: list[str] = []
    procedure = Procedure.objects.get(code=BIRTH)
    mandatory = list(procedure.required_documents.filter(mandatory=True))
    scans = {}
    for document in mandatory:
        scan = tmp_path / f"scan-{document.pk}.pdf"
        scan.write_bytes(render_text_document([], document.name.upper(), ["Bản quét."]))
        scans[f"scan_{document.pk}"] = scan

    officer = sign_in(browser, base, problems)
    receive(officer, base, procedure, ("Lê Văn Cường", "051099001122"), scans)
    dossier = ServiceDossier.objects.get(applicant_name="Lê Văn Cường")
    assert dossier.status == DossierStatus.PROCESSING and dossier.digitised
    assert officer.url.endswith("?print=receipt")
    link = officer.locator("[role=status] a.button")
    assert link.count() == 1
    slip = pdf_text(officer, base + link.get_attribute("href"))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in slip
    assert dossier.code in slip and "Lê Văn Cường" in slip
    assert f"Ngày hẹn trả kết quả: ngày {dossier.due_date:%d/%m/%Y}" in slip

    # Nothing scanned: the dossier waits, and the officer asks for everything missing at once.
    receive(officer, base, procedure, ("Phạm Thị Dung", "051188004567"), {})
    waiting = ServiceDossier.objects.get(applicant_name="Phạm Thị Dung")
    assert waiting.status == DossierStatus.SUBMITTED
    items = [document.name for document in mandatory]
    officer.fill("textarea[name=items]", "\n".join(items))
    post(officer, "button[name=action][value=supplement]")
    assert officer.locator("[role=alert]").count() == 0
    href = reverse("services:backoffice_supplement_request", args=[waiting.pk])
    assert officer.locator(f"a[href='{href}']").count() == 1
    form = pdf_text(officer, f"{base}{href}")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in form and "Phạm Thị Dung" in form
    for number, item in enumerate(items, start=1):
        assert f"{number}. {item}" in form
    assert problems == []
