import datetime
import decimal
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.reporting import analytics, services
from chinhquyenso.reporting.models import Indicator, OrgUnit, Report
from chinhquyenso.reporting.periods import Period
from chinhquyenso.reporting.report_document import (
    build_report,
    generate_resolution_report,
    vn_number,
)
from chinhquyenso.reporting.tests.analytics_fixtures import element, put

D = decimal.Decimal


@pytest.fixture
def resolution(registry):
    """The province committee (from the registry) with two communes, an online-processing rate
    with targets per level and a yearly share, values for 2025 and 2026."""
    services.sync_from_agencies()
    province = OrgUnit.objects.get(code="000.00.00.H48")
    communes = [
        services.save_org_unit(code=f"XA{i}", name=name, level=UnitLevel.COMMUNE, parent=province)
        for i, name in enumerate(("Xã Bình Sơn", "Phường Cẩm Thành"))
    ]
    element("TOTAL", name="Tổng số hồ sơ công việc")
    element("ONLINE", name="Hồ sơ xử lý trên mạng")
    element("GRDP_SHARE", aggregation="last_average", name="Tỷ trọng kinh tế số")
    rate = services.save_indicator(
        services.IndicatorData(
            code="ONLINE_RATE",
            name="Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng",
            numerator="#{ONLINE}",
            denominator="#{TOTAL}",
            factor=D(100),
            unit="%",
            group_code="II31",
            group_name="Chuyển đổi số trong cơ quan Đảng, Nhà nước",
        )
    )
    for level, value in ((1, 90), (3, 70)):
        services.set_target(rate, year=2025, value=D(value), level=level)
    services.set_target(rate, year=2030, value=D(100), level=1)
    share = services.save_indicator(
        services.IndicatorData(
            code="DIGITAL_ECONOMY",
            name="Tỷ trọng kinh tế số trong GRDP",
            numerator="#{GRDP_SHARE}",
            unit="%",
            group_code="II32",
            group_name="Phát triển kinh tế số",
        )
    )
    services.set_target(share, year=2025, value=D(20), comparison="~", text="khoảng 20 %")
    services.set_target(share, year=2030, value=D(30), text="≥ 30 %")
    for month in range(1, 7):
        for year, online in ((2025, 60), (2026, 95)):
            put("TOTAL", province, f"{year}{month:02d}", 100)
            put("ONLINE", province, f"{year}{month:02d}", online)
            for commune in communes:
                put("TOTAL", commune, f"{year}{month:02d}", 40)
                put("ONLINE", commune, f"{year}{month:02d}", 30 if year == 2026 else 10)
    put("GRDP_SHARE", province, "2025", D("12.5"))
    # The monthly form: the first commune sent March late and never sent May, the second sent
    # everything on time.
    monthly = services.save_data_set(
        code="CDS_MONTH",
        name="Báo cáo CĐS hằng tháng",
        periodicity="monthly",
        elements=["TOTAL", "ONLINE"],
    )
    services.assign_data_set(monthly, communes)
    for commune in communes:
        for month in range(1, 7):
            if commune == communes[0] and month == 5:
                continue
            due = datetime.date(2026, month, 19)
            sent = due + datetime.timedelta(days=4 if commune == communes[0] and month == 3 else -1)
            Report.objects.create(
                data_set=monthly,
                org_unit=commune,
                period=f"2026{month:02d}",
                period_start=datetime.date(2026, month, 1),
                due_date=due,
                status="approved",
                submitted_at=timezone.make_aware(datetime.datetime.combine(sent, datetime.time(9))),
            )
    return province, communes


def _docx_table(content: bytes) -> list[list[str]]:
    from docx import Document

    document = Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for row in document.tables[1].rows]


def test_the_docx_table_holds_the_analytics_figures(resolution):
    province, _communes = resolution
    generated = generate_resolution_report("2026S1", province)
    rows = _docx_table(generated.docx)
    assert rows[0][5] == "Kết quả 6 tháng đầu năm 2026"
    rate_row = next(r for r in rows if r[1].startswith("Tỷ lệ hồ sơ công việc"))
    period, last_year = Period.parse("2026S1"), Period.parse("2025S1")
    rate = Indicator.objects.get(code="ONLINE_RATE")
    now = analytics.indicator_value(rate, period, province).value
    before = analytics.indicator_value(rate, last_year, province).value
    assert now == D("86.1")  # (95 + 2 × 30) × 6 / (100 + 2 × 40) × 6 months
    assert rate_row[5] == vn_number(now) == "86,1"
    assert rate_row[6] == vn_number(before) == "44,4"
    assert rate_row[3] == "cấp tỉnh: ≥ 90 %; cấp xã: ≥ 70 %"
    # The province's own level holds its 2025 milestone (95 % ≥ 90 %) on the way to 100 % in
    # 2030: on track; the communes' 75 % meets their only target (≥ 70 % by 2025). The worst
    # level counts.
    assert rate_row[7] == "Đúng tiến độ"
    share_row = next(r for r in rows if r[1].startswith("Tỷ trọng kinh tế số"))
    # A yearly figure is not split into six months: the last full year stands in, marked.
    assert share_row[5:] == ["12,5 (năm 2025)", "— (năm 2024)", "Chậm tiến độ"]
    assert (share_row[3], share_row[4]) == ("khoảng 20 %", "≥ 30 %")
    # The charts: the trend of the rate over four half-years, and the distance to the target.
    from docx import Document

    document = Document(io.BytesIO(generated.docx))
    assert len(document.inline_shapes) == 2
    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ")]
    assert captions[0].startswith("Biểu đồ 1. Diễn biến")
    assert [c for c, _png in generated.report.charts] == captions
    assert all(png.startswith(b"\x89PNG") for _c, png in generated.report.charts)
    groups = [r[0] for r in rows if len(set(r)) == 1]
    assert groups == [
        "Chuyển đổi số trong cơ quan Đảng, Nhà nước",
        "Phát triển kinh tế số",
    ]


def test_the_docx_has_the_layout_of_an_administrative_report(resolution):
    from docx import Document

    province, _communes = resolution
    generated = generate_resolution_report("2026S1", province)
    document = Document(io.BytesIO(generated.docx))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header[0].split("\n") == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "―――――", "Số: …/BC-UBND"]
    assert header[1].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert "Quảng Ngãi, ngày … tháng … năm" in header[1]
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    title = next(t for t in texts if t.startswith("Kết quả thực hiện Nghị quyết"))
    assert title.endswith(
        "về chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm "
        "2030, 6 tháng đầu năm 2026"
    )
    assert any("từ ngày 15/12/2025 đến ngày 14/06/2026" in t for t in texts)
    assert any(
        "Trong 2 chỉ tiêu có mục tiêu: 0 chỉ tiêu đã đạt, 1 chỉ tiêu đúng tiến độ, 1 chỉ tiêu chậm"
        in t
        for t in texts
    )
    missing, late = document.tables[2], document.tables[3]
    assert [c.text for c in missing.rows[1].cells] == [
        "Xã Bình Sơn",
        "Báo cáo CĐS hằng tháng",
        "05/2026",
    ]
    assert [c.text for c in late.rows[1].cells][2] == "03/2026"
    assert len(missing.rows) == len(late.rows) == 2
    footer = [cell.text for cell in document.tables[-1].rows[0].cells]
    assert footer[0].startswith("Nơi nhận:\n- Ban Thường vụ Tỉnh ủy (b/c);")
    assert footer[1] == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"


def test_the_pdf_says_the_same(resolution, tmp_path):
    province, _communes = resolution
    generated = generate_resolution_report("2026", province)
    assert generated.pdf.startswith(b"%PDF-")
    path = tmp_path / "report.pdf"
    path.write_bytes(generated.pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: …/BC-UBND" in text
    assert "năm 2026" in text and "Nơi nhận:" in text
    rate = Indicator.objects.get(code="ONLINE_RATE")
    year = analytics.indicator_value(rate, Period.parse("2026"), province).value
    assert vn_number(year) in text
    assert generated.file_stem == "bao-cao-nghi-quyet-chuyen-doi-so-2026"


def test_only_six_months_or_a_year(resolution):
    province, _communes = resolution
    with translation.override("en"):
        for bad in ("202606", "2026Q2", "2026N9", "26S1"):
            with pytest.raises(ValidationError):
                build_report(bad, province)


def test_vietnamese_numbers():
    assert vn_number(D("1234567.25"), 1) == "1.234.567,3"
    assert vn_number(D("0.5"), 0) == "1"
    assert vn_number(None) == "—"


@pytest.fixture
def leader(resolution, registry):
    from chinhquyenso.core.choices import Role

    return registry.user("lanhdao", Role.LEADER, agency=registry.province_committee)


def test_page_shows_the_table_and_serves_both_files(client, resolution, leader, registry):
    from django.urls import reverse

    from chinhquyenso.core.choices import Role

    client.force_login(leader)
    url = reverse("reporting:resolution_report")
    page = client.get(url, {"period": "2026S1", "unit": "000.00.00.H48"})
    body = page.content.decode()
    assert "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng" in body and "86,1" in body
    assert "Tạo dự thảo" in body or "Create an outgoing draft" in body
    docx = client.get(
        reverse("reporting:resolution_report_file", args=["docx"]),
        {"period": "2026S1", "unit": "000.00.00.H48"},
    )
    assert docx["Content-Disposition"].endswith('bao-cao-nghi-quyet-chuyen-doi-so-2026S1.docx"')
    assert _docx_table(docx.content)[2][5] == "86,1"
    pdf = client.get(
        reverse("reporting:resolution_report_file", args=["pdf"]),
        {"period": "2026S1", "unit": "000.00.00.H48"},
    )
    assert pdf.content.startswith(b"%PDF-")
    # A clerk of the office sees only the office's subtree, not the province.
    clerk = registry.user("vanthu", Role.CLERK)
    client.force_login(clerk)
    refused = client.get(
        reverse("reporting:resolution_report_file", args=["pdf"]),
        {"period": "2026S1", "unit": "000.00.00.H48"},
    )
    assert refused.status_code == 403


def test_api_serves_the_report_and_refuses_bad_input(client, resolution, leader):
    from chinhquyenso.identity.tokens import issue_token

    _token, clear = issue_token(leader, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    url = "/api/v1/reporting/resolution-report"
    ok = client.get(url, {"period": "2026S1", "unit": "000.00.00.H48"}, **auth)
    assert ok.status_code == 200 and ok.content.startswith(b"PK")
    pdf = client.get(url, {"period": "2026", "unit": "000.00.00.H48", "format": "pdf"}, **auth)
    assert pdf.content.startswith(b"%PDF-")
    bad = client.get(url, {"period": "202606", "unit": "000.00.00.H48"}, **auth)
    # The message names the two kinds of period, in either language.
    assert bad.status_code == 422 and "(2026S1)" in bad.json()["detail"]
    assert client.get(url, {"period": "2026", "unit": "NOPE"}, **auth).status_code == 404


def test_outgoing_draft_in_eoffice_with_the_docx(client, resolution, leader):
    import shutil

    from chinhquyenso.core.models import AuditEvent

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is needed to convert the DOCX draft (make system-deps)")
    from chinhquyenso.identity.tokens import issue_token

    _token, clear = issue_token(leader, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    created = client.post(
        "/api/v1/reporting/resolution-report/draft",
        {"period": "2026S1", "unit": "000.00.00.H48", "signer": "lanhdao"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    assert created.json()["subject"].endswith("6 tháng đầu năm 2026")
    detail = client.get(f"/api/v1/eoffice/outgoing/{created.json()['outgoing_document']}", **auth)
    assert detail.status_code == 200, detail.content
    assert AuditEvent.objects.filter(action="reporting.resolution_report.draft").count() == 1
    # Without a leader to approve, e-office refuses and nothing is recorded.
    refused = client.post(
        "/api/v1/reporting/resolution-report/draft",
        {"period": "2026S1", "unit": "000.00.00.H48"},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 422 and "signer" in refused.json()["errors"]
    assert AuditEvent.objects.filter(action="reporting.resolution_report.draft").count() == 1
