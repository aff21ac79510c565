import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from chinhquyenso.core.choices import Role
from chinhquyenso.eoffice import registers
from chinhquyenso.eoffice.choices import OutgoingStatus, Secrecy, Urgency
from chinhquyenso.eoffice.models import DocumentType
from chinhquyenso.eoffice.registers_export import export_register
from chinhquyenso.eoffice.registers_outgoing import (
    copies_register_rows,
    outgoing_cover,
    outgoing_register_rows,
)
from chinhquyenso.eoffice.services import make_copy, register_incoming
from chinhquyenso.identity.tokens import issue_token

from .conftest import PDF, make_data
from .test_copies import _pdf, issued

pytestmark = pytest.mark.django_db

PHU_LUC_IV_OUTGOING = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
COPIES_COLUMNS = [
    "Số, ký hiệu bản sao",
    "Ngày sao",
    "Hình thức sao",
    "Tên loại, số, ký hiệu, ngày tháng văn bản được sao",
    "Trích yếu nội dung",
    "Nơi nhận",
    "Người ký",
    "Ghi chú",
]
RECIPIENTS = "- Như trên;\n- Chủ tịch, các PCT UBND tỉnh;\n- Lưu: VT, VX."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def signer(registry):
    return registry.user("lanhdao", Role.LEADER, full_name="Nguyễn Văn Đông")


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def _outgoing(registry, clerk, signer, number, day, **overrides):
    values = {
        "signer": signer,
        "department": registry.department,
        "issued_date": day,
        "recipients_text": RECIPIENTS,
        "filing_line": "Lưu: VT, VX.",
        "copies_count": 7,
    }
    return issued(registry.office, clerk, number, **{**values, **overrides})


def test_outgoing_register_has_the_phu_luc_iv_columns_and_values(registry, clerk, signer, today):
    assert list(registers.OUTGOING_REGISTER_COLUMNS) == PHU_LUC_IV_OUTGOING
    _outgoing(registry, clerk, signer, 2, today, urgency=Urgency.URGENT)
    _outgoing(
        registry, clerk, signer, 1, today, subject="Kế hoạch chuyển đổi số", filing_line="",
        doc_type=DocumentType.objects.get(code="cong_van"), number_text="01/UBND-VX",
    )  # fmt: skip
    _outgoing(registry, clerk, signer, 3, today, status=OutgoingStatus.DRAFT)  # not issued
    _outgoing(registry, clerk, signer, 4, today - datetime.timedelta(days=400))  # other period
    rows = list(outgoing_register_rows(registry.office, registers.Period(today, today)))
    assert [r.notation for r in rows] == ["01/UBND-VX", "02/QĐ-VP"]
    first, second = rows
    assert first.values() == (
        "01/UBND-VX",
        today,
        "Công văn: Kế hoạch chuyển đổi số",
        "Nguyễn Văn Đông",
        RECIPIENTS,
        "Phòng Văn hóa - Xã hội",  # no filing line: the drafting unit
        7,
        today,
        "",
        "",
    )
    assert second.type_and_subject == (
        "Quyết định về việc phê duyệt kế hoạch chuyển đổi số năm 2026"
    )
    assert second.file_copy_holders == "VT, VX"
    assert second.remarks == "Urgent"


def test_recalled_and_correcting_documents_keep_their_line(registry, clerk, signer, today):
    original = _outgoing(registry, clerk, signer, 1, today, secrecy=Secrecy.CONFIDENTIAL)
    original.status = OutgoingStatus.RECALLED
    original.recalled_at = timezone.now()
    original.save()
    _outgoing(registry, clerk, signer, 2, today, corrects=original)
    rows = list(outgoing_register_rows(registry.office, registers.Period(today, today)))
    assert rows[0].remarks == f"Confidential; Recalled on {today:%d/%m/%Y}"
    assert rows[1].remarks == "Corrects 01/QĐ-VP"


def test_outgoing_cover_and_no_query_per_row(registry, clerk, signer, today):
    for number in (5, 6, 7, 8):
        _outgoing(registry, clerk, signer, number, today)
    period = registers.Period(today, today)
    front = outgoing_cover(registry.office, period, volume=3)
    assert front.lines() == [
        f"Năm: {today.year}",
        f"Từ ngày {today:%d/%m/%Y} đến ngày {today:%d/%m/%Y}",
        "Từ số 5 đến số 8",
        "Quyển số: 3",
    ]
    assert front.title == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    with CaptureQueriesContext(connection) as queries:
        assert len(list(outgoing_register_rows(registry.office, period))) == 4
    assert len(queries) <= 2
    since_2001 = outgoing_cover(registry.office, registers.Period(today.replace(year=2001), today))
    assert "Từ số 5 đến số 8" in since_2001.lines()
    assert (
        outgoing_cover(
            registry.office, registers.Period(datetime.date(2001, 1, 1), datetime.date(2001, 1, 2))
        ).lines()[2]
        == "Từ số … đến số …"
    )


def test_outgoing_pdf_in_vietnamese_with_headers_on_every_page(registry, clerk, signer, today):
    for number in range(1, 31):
        _outgoing(registry, clerk, signer, number, today)
    exported = export_register(
        clerk, registry.office, "outgoing", "pdf", registers.Period(today, today), volume=2
    )
    assert exported.file_name.startswith("so-dang-ky-van-ban-di-")
    text = _text(exported.content)
    for heading in PHU_LUC_IV_OUTGOING:
        assert heading in text, heading
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text and "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH" in text
    assert "phê duyệt kế hoạch chuyển đổi số năm 2026" in text
    assert "Nguyễn Văn Đông" in text and "Chủ tịch, các PCT UBND tỉnh" in text
    assert "Từ số 1 đến số 30" in text and "Quyển số: 2" in text
    pages = PdfReader(io.BytesIO(exported.content)).pages
    assert pages[0].mediabox.width > pages[0].mediabox.height  # A4 landscape
    assert len(pages) >= 3
    for number, page in enumerate(pages[1:], start=2):
        page_text = re.sub(r"\s+", " ", page.extract_text())
        assert "Đơn vị, người nhận bản lưu" in page_text
        assert f"Page {number}" in page_text


def test_outgoing_xlsx_has_the_columns_cover_and_dates(registry, clerk, signer, today):
    _outgoing(registry, clerk, signer, 1, today)
    exported = export_register(
        clerk, registry.office, "outgoing", "xlsx", registers.Period(today, today)
    )
    book = load_workbook(io.BytesIO(exported.content))
    assert book.sheetnames == ["Bìa", "Sổ"]
    rows = list(book["Sổ"].iter_rows(values_only=True))
    assert list(rows[0]) == PHU_LUC_IV_OUTGOING
    assert rows[1][0] == "01/QĐ-VP" and rows[1][1].date() == today and rows[1][6] == 7
    assert rows[1][3] == "Nguyễn Văn Đông"
    cover = [r[0] for r in book["Bìa"].iter_rows(values_only=True)]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in cover and "Từ số 1 đến số 1" in cover


def test_copies_register_rows_pdf_and_xlsx(registry, clerk, signer, today):
    source = _outgoing(registry, clerk, signer, 15, today, final_file=_pdf(clerk))
    make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=source,
              signer=signer, recipients_text="- Sở Nội vụ;\n- Lưu: VT.")  # fmt: skip
    incoming = register_incoming(clerk, registry.office, make_data(arrival_date=today,
                                 issued_date=today))  # fmt: skip
    make_copy(clerk, agency=registry.office, copy_type="SL", source_incoming=incoming,
              upload=PDF + b"%scan\n", file_name="scan.pdf")  # fmt: skip
    period = registers.Period(today, today)
    rows = list(copies_register_rows(registry.office, period))
    assert list(registers.COPIES_REGISTER_COLUMNS) == COPIES_COLUMNS
    assert rows[0].values() == (
        "01/SY-VP",
        today,
        "Sao y",
        f"Quyết định số 15/QĐ-VP ngày {today:%d/%m/%Y}",
        "Về việc phê duyệt kế hoạch chuyển đổi số năm 2026",
        "- Sở Nội vụ;\n- Lưu: VT.",
        "Nguyễn Văn Đông",
        "",
    )
    assert rows[1].notation == "02/SL-VP"
    assert rows[1].source == f"Chỉ thị số 19-CT/TU ngày {today:%d/%m/%Y} của Ban Thường vụ Tỉnh ủy"
    assert rows[1].remarks == "From a scan"
    pdf = export_register(clerk, registry.office, "copies", "pdf", period)
    text = _text(pdf.content)
    assert "SỔ ĐĂNG KÝ BẢN SAO VĂN BẢN" in text and "Hình thức sao" in text
    assert "Ban Thường vụ Tỉnh ủy" in text and "Từ số 1 đến số 2" in text
    book = load_workbook(io.BytesIO(export_register(clerk, registry.office, "copies", "xlsx",
                                                    period).content))  # fmt: skip
    sheet = list(book["Sổ"].iter_rows(values_only=True))
    assert list(sheet[0]) == COPIES_COLUMNS and sheet[2][0] == "02/SL-VP"


def test_outgoing_and_copies_registers_for_clerks_and_leaders_only(registry, clerk, today):
    period = registers.Period(today, today)
    specialist = registry.user("chuyenvien", Role.SPECIALIST, department=registry.department)
    outsider = registry.user("vanthu2", Role.CLERK, agency=registry.province_committee)
    for kind in ("outgoing", "copies"):
        for user in (specialist, outsider):
            with pytest.raises(PermissionDenied):
                export_register(user, registry.office, kind, "pdf", period)
    leader = registry.user("lanhdao", Role.LEADER)
    assert export_register(leader, registry.office, "copies", "xlsx", period).content
    with pytest.raises(ValidationError):
        export_register(clerk, registry.office, "sent", "pdf", period)


def test_api_outgoing_and_copies_registers(client, registry, clerk, signer, today):
    _outgoing(registry, clerk, signer, 1, today)
    _token, secret = issue_token(clerk, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = "/api/v1/eoffice/registers/outgoing"
    body = client.get(url, {"date_from": today, "date_to": today}, **auth).json()
    assert body["columns"] == PHU_LUC_IV_OUTGOING
    assert body["cover"]["title"] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert body["cover"]["first_number"] == body["cover"]["last_number"] == 1
    assert body["rows"][0]["notation"] == "01/QĐ-VP"
    assert body["rows"][0]["file_copy_holders"] == "VT, VX"
    for fmt, magic in (("pdf", b"%PDF-"), ("xlsx", b"PK")):
        response = client.get(url, {"date_from": today, "format": fmt}, **auth)
        assert response.status_code == 200 and response.content.startswith(magic)
        assert f'.{fmt}"' in response["Content-Disposition"]
    copies = client.get("/api/v1/eoffice/registers/copies", {"date_from": today}, **auth).json()
    assert copies["columns"] == COPIES_COLUMNS and copies["rows"] == []
    assert client.get(url, {"format": "doc"}, **auth).status_code == 422
    bad = client.get(url, {"date_from": today, "date_to": "2000-01-01"}, **auth)
    assert bad.status_code == 422
    _token, other = issue_token(registry.user("chuyenvien", Role.SPECIALIST), "test")
    denied = client.get(url, HTTP_AUTHORIZATION=f"Bearer {other}")
    assert denied.status_code == 403


def test_registers_page_offers_outgoing_and_copies(client, registry, clerk, signer, today):
    _outgoing(registry, clerk, signer, 1, today)
    client.force_login(clerk)
    page = client.get(reverse("eoffice:registers"), {"kind": "outgoing"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="outgoing" selected' in html and 'value="copies"' in html
    assert "Lead unit or person" not in html  # incoming statistics belong to incoming kinds
    export = client.get(
        reverse("eoffice:register_export"),
        {"kind": "outgoing", "format": "xlsx", "date_from": today, "date_to": today},
    )
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith('attachment; filename="so-dang-ky-van-ban-di')
    assert client.get(reverse("eoffice:registers"), {"kind": "sent"}).status_code == 400
