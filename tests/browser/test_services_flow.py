"""In a real browser: a citizen applies online, the ward's one-stop shop, specialist and chairman
settle the dossier, and the signed result comes back to the citizen and into their warehouse.

congdan applies for a birth registration at UBND phường Cẩm Thành (e-form and a PDF made with
core/pdf.py), motcua accepts it, the ward's specialist handles the step and uploads the drafted
certificate, the chairman approves and signs it with the ward's demo key, motcua returns it; the
citizen downloads the signed PDF from the dossier page, finds it in the warehouse and picks it,
instead of an upload, for a second application (certified copies).
"""

import os
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.urls import reverse

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORDS = {
    "congdan": "Tra-Khuc-2025",
    "motcua": "Mang-Den-2025",
    "tuphap_camthanh": "Co-Luy-2025!",
    "chutich_camthanh": "Thach-Bich-2025",
}
WARD = "Ủy ban nhân dân phường Cẩm Thành"
BIRTH, COPY = "1.001193", "2.000815"

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, tmp_path):
    # Loaded before Playwright starts (see test_eoffice_flow.py); the catalogues an earlier
    # transactional test flushed are put back. The demo CA lives in this test's directory.
    from django.apps import apps

    from chinhquyenso.core.services.units import import_admin_units
    from chinhquyenso.eoffice.catalogues import load_catalogues
    from chinhquyenso.services.demo_dossiers import cast

    load_catalogues(lambda name: apps.get_model("eoffice", name))
    with override_settings(VAR_DIR=tmp_path, SIGNATURE_TRUST_ROOTS_DIR=tmp_path / "roots"):
        import_admin_units()  # the e-form's place of birth lists the current wards
        for command in ("load_demo_data", "load_demo_procedures", "create_demo_signing_keys"):
            call_command(command, stdout=StringIO())
        # The ward's chairman and specialist, its demo key and the warehouse document types,
        # as load_demo_service_dossiers makes them (no dossier is made here).
        yield cast()


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


def verify(signing, stored_file):
    try:
        return signing.verify(stored_file)
    finally:
        connections.close_all()  # whatever this thread opened


def post(page, selector: str) -> None:
    """Click a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.click(selector)


def act(page, action: str) -> None:
    """One action of the back-office dossier page; its error list, if any, fails the test."""
    post(page, f"button[name=action][value={action}]")
    alert = page.locator("[role=alert]")
    assert alert.count() == 0, alert.first.inner_text()


def start_application(page, base: str, query: str, code: str) -> None:
    page.goto(f"{base}{reverse('services:apply')}")
    page.fill("input[name=q]", query)
    post(page, "form[role=search] button[type=submit]")
    post(page, f"a[href='?procedure={code}']")
    page.select_option("select[name=agency]", label=WARD)
    post(page, "form:has(input[name=procedure]) button[type=submit]")


def save_form(page, answers: dict, selects: dict) -> None:
    for name, value in answers.items():
        page.fill(f"#eform [name={name}]", value)
    for name, value in selects.items():
        page.select_option(f"#eform select[name={name}]", value)
    post(page, "form[action$='/form/'] button[type=submit]")
    assert page.locator("#eform .errorlist").count() == 0, page.inner_text("#eform")


def attach(page, paper: str, *, file: Path | None = None, warehouse: str | None = None) -> None:
    page.select_option("select[name=required_document]", label=paper)
    if file is not None:
        page.set_input_files("input[name=file]", str(file))
    if warehouse is not None:
        page.select_option("select[name=warehouse_item]", label=warehouse)
    post(page, "form[action$='/attach/'] button[type=submit]")
    assert page.locator("#papers .errorlist").count() == 0, page.inner_text("#papers")


def submit(page) -> None:
    post(page, "form[action$='/submit/'] button[type=submit]")
    assert "/services/my/" in page.url, page.inner_text("#review")


def test_applied_online_settled_signed_downloaded_and_reused_from_the_warehouse(
    live_server, browser, demo, tmp_path
):
    from chinhquyenso.core import services as core
    from chinhquyenso.core.pdf import render_text_document
    from chinhquyenso.eoffice.services import signing
    from chinhquyenso.services.choices import DossierStatus, WarehouseSource
    from chinhquyenso.services.models import ServiceDossier, WarehouseItem, WarehouseUse

    base = live_server.url
    problems: list[str] = []
    header = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    declaration, certificate, result = (tmp_path / n for n in ("to-khai.pdf", "cs.pdf", "kq.pdf"))
    declaration.write_bytes(
        render_text_document(header, "TỜ KHAI ĐĂNG KÝ KHAI SINH", ["Họ tên trẻ: Đặng Gia Hân."])
    )
    certificate.write_bytes(
        render_text_document(header, "GIẤY CHỨNG SINH", ["Bệnh viện Đa khoa tỉnh Quảng Ngãi."])
    )
    result.write_bytes(render_text_document(header, "GIẤY KHAI SINH", ["Họ tên: Đặng Gia Hân."]))

    # The citizen chooses the procedure, fills in the e-form, attaches two PDFs and submits.
    citizen = sign_in(browser, base, "congdan", problems)
    start_application(citizen, base, "khai sinh", BIRTH)
    save_form(
        citizen,
        {
            "child_full_name": "Đặng Gia Hân",
            "child_date_of_birth": "02/11/2026",
            "child_ethnicity": "Kinh",
            "child_nationality": "Việt Nam",
            "mother_full_name": "Trương Thị Ngọc Ánh",
            "mother_cccd": "051192003456",
            "applicant_phone": "0905123456",
        },
        {
            "child_sex": "Nữ",
            "child_place_of_birth": demo.agency.administrative_unit.code,
            "applicant_relationship": "Cha",
        },
    )
    attach(citizen, "Tờ khai đăng ký khai sinh theo mẫu", file=declaration)
    attach(
        citizen,
        "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh",
        file=certificate,
    )
    submit(citizen)
    dossier = ServiceDossier.objects.get(applicant__username="congdan", procedure__code=BIRTH)
    assert dossier.status == DossierStatus.SUBMITTED and dossier.code in citizen.inner_text("main")
    page_url = f"{base}{reverse('services:backoffice_dossier', args=[dossier.pk])}"

    # The one-stop officer finds it among the new dossiers and accepts it.
    officer = sign_in(browser, base, "motcua", problems)
    officer.goto(f"{base}{reverse('services:backoffice')}?queue=new")
    post(officer, f"a:has-text('{dossier.code}')")
    act(officer, "accept")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING and dossier.due_date is not None

    # The ward's specialist handles the step and uploads the drafted certificate.
    specialist = sign_in(browser, base, "tuphap_camthanh", problems)
    specialist.goto(f"{base}{reverse('services:backoffice')}?queue=processing")
    post(specialist, f"a:has-text('{dossier.code}')")
    act(specialist, "start")
    specialist.fill("form:has(button[value=complete]) input[name=note]", "Đã ghi sổ hộ tịch.")
    act(specialist, "complete")
    specialist.set_input_files("input[name=result]", str(result))
    act(specialist, "upload_result")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWAITING_APPROVAL and dossier.result_file_id

    # The chairman approves, then signs the result with the ward's key.
    leader = sign_in(browser, base, "chutich_camthanh", problems)
    leader.goto(page_url)
    act(leader, "approve")
    assert leader.get_attribute("input[name=passphrase]", "type") == "password"
    leader.fill("input[name=passphrase]", "Demo-KySo-2025")
    act(leader, "sign")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESULT_READY and dossier.result_signed

    # The officer returns it electronically.
    officer.goto(page_url)
    act(officer, "return")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED

    # The citizen downloads the signed result from the dossier's page; the signature verifies.
    citizen.goto(f"{base}{reverse('services:dossier_detail', args=[dossier.pk])}")
    with citizen.expect_download() as download:
        citizen.click(f"a[href='{reverse('services:dossier_result', args=[dossier.pk])}']")
    downloaded = Path(download.value.path()).read_bytes()
    with core.open_file(dossier.result_file) as stored:
        assert downloaded == stored.read()
    # pyHanko's validator runs its own event loop: not under Playwright's, so in a thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        checks = pool.submit(verify, signing, dossier.result_file).result()
    assert [c.result for c in checks] == ["valid"], [c.detail for c in checks]
    assert checks[0].signer_name == WARD

    # The result is in the citizen's warehouse.
    item = WarehouseItem.objects.get(source=WarehouseSource.RESULT, source_dossier=dossier)
    citizen.goto(f"{base}{reverse('services:warehouse')}")
    assert item.title in citizen.inner_text("main")

    # A second application picks that result from the warehouse instead of an upload.
    start_application(citizen, base, "chứng thực", COPY)
    save_form(
        citizen,
        {
            "document_title": "Giấy khai sinh",
            "issuing_body": WARD,
            "pages": "1",
            "copies": "2",
            "applicant_cccd": "051085006789",
        },
        {},
    )
    attach(
        citizen,
        "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao",
        warehouse=f"{item.title} ({item.doc_type.name})",
    )
    submit(citizen)
    second = ServiceDossier.objects.get(applicant__username="congdan", procedure__code=COPY)
    assert second.status == DossierStatus.SUBMITTED
    paper = second.attachments.get()
    assert paper.warehouse_item == item and paper.file_id == dossier.result_file_id
    assert WarehouseUse.objects.filter(item=item, dossier=second).exists()
    citizen.goto(f"{base}{reverse('services:warehouse')}")
    assert second.code in citizen.inner_text("main")
    assert problems == []
