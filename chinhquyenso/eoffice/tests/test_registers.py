import datetime
import io
import re

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from chinhquyenso.core.choices import Role
from chinhquyenso.eoffice import registers
from chinhquyenso.eoffice.choices import Urgency
from chinhquyenso.eoffice.models import Assignment, IncomingDocument
from chinhquyenso.eoffice.registers_export import export_register
from chinhquyenso.eoffice.registers_pdf import register_fonts
from chinhquyenso.eoffice.services import (
    Target,
    assign,
    complete,
    reassign,
    record_progress,
    register_incoming,
)
from chinhquyenso.identity.tokens import issue_token

from .conftest import make_data

pytestmark = pytest.mark.django_db

PHU_LUC_IV_INCOMING = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]


@pytest.fixture(autouse=True)
def english():
    # Labels computed from gettext are asserted by their English msgid; the form's wording is
    # Vietnamese whatever the language.
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def people(registry, clerk, leader):
    return {
        "clerk": clerk,
        "leader": leader,
        "head": registry.user(
            "truongphong", Role.HEAD_OF_DEPARTMENT, department=registry.department
        ),
        "specialist": registry.user(
            "chuyenvien", Role.SPECIALIST, department=registry.department, full_name="Trần Thị Bé"
        ),
    }


def _register(registry, clerk, today, number, **overrides):
    values = {
        "notation": f"{number}-CT/TU",
        "arrival_date": today,
        "issued_date": today - datetime.timedelta(days=1),
    }
    return register_incoming(clerk, registry.office, make_data(**{**values, **overrides}))


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def _period(today):
    return registers.Period(today, today)


def test_incoming_register_rows_follow_phu_luc_iv(registry, people, today):
    p = people
    first = _register(registry, p["clerk"], today, 19)
    assign(p["leader"], first, lead=Target(department=registry.department), working_days=5)
    urgent = _register(registry, p["clerk"], today, 20, urgency=Urgency.URGENT, subject="Họp gấp")
    _register(
        registry,
        p["clerk"],
        today,
        21,
        arrival_date=today - datetime.timedelta(days=400),
        issued_date=today - datetime.timedelta(days=401),
    )
    assert list(registers.INCOMING_REGISTER_COLUMNS) == PHU_LUC_IV_INCOMING
    rows = list(registers.incoming_register_rows(registry.office, _period(today)))
    assert [len(r.values()) for r in rows] == [10, 10]
    assert rows[0].values() == (
        today,
        first.arrival_number,
        "Ban Thường vụ Tỉnh ủy",
        "19-CT/TU",
        today - datetime.timedelta(days=1),
        "Chỉ thị về tăng cường chuyển đổi số tỉnh Quảng Ngãi",
        "Phòng Văn hóa - Xã hội",
        today,
        "",
        "",
    )
    assert rows[1].arrival_number == urgent.arrival_number
    assert rows[1].type_and_subject == "Chỉ thị: Họp gấp"
    assert (rows[1].recipients, rows[1].transferred_on) == ("", None)
    assert rows[1].remarks == "Urgent"


def test_rows_are_read_without_a_query_per_document(
    registry, people, today, django_assert_max_num_queries
):
    for number in range(1, 7):
        document = _register(registry, people["clerk"], today, number)
        assign(
            people["leader"],
            document,
            lead=Target(user=people["specialist"]),
            supports=[Target(department=registry.department)],
            working_days=3,
        )
    with django_assert_max_num_queries(4):
        rows = list(registers.incoming_register_rows(registry.office, _period(today)))
    assert [r.recipients for r in rows] == ["Trần Thị Bé"] * 6


def test_pdf_has_vietnamese_headers_subject_and_number_range(registry, people, today):
    for number in (1, 2, 3):
        _register(registry, people["clerk"], today, number)
    exported = export_register(
        people["clerk"], registry.office, "incoming", "pdf", _period(today), volume=2
    )
    assert exported.content.startswith(b"%PDF-")
    text = _text(exported.content)
    for heading in PHU_LUC_IV_INCOMING:
        assert heading in text, heading
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text
    assert "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH" in text
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" in text  # the parent agency above it
    assert "tăng cường chuyển đổi số tỉnh Quảng Ngãi" in text
    assert "Từ số 1 đến số 3" in text and "Quyển số: 2" in text
    assert f"Từ ngày {today:%d/%m/%Y} đến ngày {today:%d/%m/%Y}" in text


def test_long_register_repeats_its_header_on_every_page(registry, people, today):
    for number in range(1, 41):
        _register(registry, people["clerk"], today, number)
    exported = export_register(people["clerk"], registry.office, "incoming", "pdf", _period(today))
    pages = PdfReader(io.BytesIO(exported.content)).pages
    assert len(pages) >= 3  # the cover and at least two pages of rows
    for number, page in enumerate(pages[1:], start=2):
        text = re.sub(r"\s+", " ", page.extract_text())
        assert "Tên loại và trích yếu nội dung văn bản" in text
        assert f"Page {number}" in text


def test_xlsx_has_the_columns_and_a_cover_sheet(registry, people, today):
    _register(registry, people["clerk"], today, 1)
    _register(registry, people["clerk"], today, 2)
    exported = export_register(people["clerk"], registry.office, "incoming", "xlsx", _period(today))
    book = load_workbook(io.BytesIO(exported.content))
    assert book.sheetnames == ["Bìa", "Sổ"]
    rows = list(book["Sổ"].iter_rows(values_only=True))
    assert list(rows[0]) == PHU_LUC_IV_INCOMING
    assert rows[1][1] == 1 and rows[2][1] == 2
    assert rows[1][0].date() == today  # a real date cell, shown as dd/mm/yyyy
    cover = [r[0] for r in book["Bìa"].iter_rows(values_only=True)]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in cover and "Từ số 1 đến số 2" in cover
    assert "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH" in cover


def test_tracking_register_shows_deadline_and_progress(registry, people, today):
    document = _register(registry, people["clerk"], today, 1)
    (lead,) = assign(
        people["leader"], document, lead=Target(department=registry.department), working_days=2
    )
    exported = export_register(people["clerk"], registry.office, "tracking", "xlsx", _period(today))
    rows = list(load_workbook(io.BytesIO(exported.content))["Sổ"].iter_rows(values_only=True))
    assert list(rows[0]) == list(registers.TRACKING_REGISTER_COLUMNS)
    assert rows[1][3] == "Phòng Văn hóa - Xã hội (Chủ trì)"
    assert rows[1][4].date() == lead.deadline
    assert rows[1][5] == "In progress"
    pdf = export_register(people["clerk"], registry.office, "tracking", "pdf", _period(today))
    assert "Tiến độ giải quyết" in _text(pdf.content)


def test_statistics_on_time_late_overdue_and_not_yet_due(registry, people, today):
    p = people
    unit = Target(department=registry.department)

    def routed(number, target=unit):
        document = _register(registry, p["clerk"], today, number)
        (lead,) = assign(p["leader"], document, lead=target, working_days=5)
        return document, lead

    _on_time, lead = routed(1)
    complete(p["head"], lead, "Đã trả lời")
    late, lead = routed(2)
    complete(p["head"], lead, "Đã trả lời")
    # The deadline passed two days before the completion.
    Assignment.objects.filter(pk=lead.pk).update(deadline=today - datetime.timedelta(days=2))
    _overdue, lead = routed(3, Target(user=p["specialist"]))
    Assignment.objects.filter(pk=lead.pk).update(deadline=today - datetime.timedelta(days=1))
    routed(4)  # open, deadline ahead
    extended, lead = routed(5)
    (child,) = reassign(p["head"], lead, [p["specialist"]])
    # The department's deadline passed but the specialist's part was extended: not overdue.
    Assignment.objects.filter(pk=lead.pk).update(deadline=today - datetime.timedelta(days=1))
    Assignment.objects.filter(pk=child.pk).update(deadline=today + datetime.timedelta(days=3))
    _register(registry, p["clerk"], today, 6)  # not assigned yet

    units, total = registers.statistics(registry.office, _period(today), as_of=today)
    by_unit = {u.unit: (u.received, u.on_time, u.late, u.overdue, u.pending) for u in units}
    assert by_unit == {
        "Phòng Văn hóa - Xã hội": (4, 1, 1, 0, 2),
        "Trần Thị Bé": (1, 0, 0, 1, 0),
        "Not assigned yet": (1, 0, 0, 0, 1),
    }
    assert (total.received, total.on_time, total.late, total.overdue, total.pending) == (
        6,
        1,
        1,
        1,
        3,
    )
    assert IncomingDocument.objects.get(pk=late.pk).completed_at is not None


def test_register_and_statistics_are_for_clerks_and_leaders_only(client, registry, people, today):
    _register(registry, people["clerk"], today, 1)
    client.force_login(people["specialist"])
    assert client.get(reverse("eoffice:registers")).status_code == 403
    export = client.get(reverse("eoffice:register_export"), {"format": "pdf"})
    assert export.status_code == 403
    with pytest.raises(PermissionDenied):
        export_register(people["specialist"], registry.office, "incoming", "pdf", _period(today))
    _token, secret = issue_token(people["specialist"], "test")
    api = client.get(
        "/api/v1/eoffice/registers/incoming",
        {"agency_id": registry.office.pk},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert api.status_code == 403
    # A clerk of another agency cannot read this agency's register either.
    outsider = registry.user("vanthu2", Role.CLERK, agency=registry.province_committee)
    with pytest.raises(PermissionDenied):
        export_register(outsider, registry.office, "incoming", "pdf", _period(today))


def test_registers_page_and_export_for_a_leader(client, registry, people, today):
    document = _register(registry, people["clerk"], today, 1)
    assign(people["leader"], document, lead=Target(department=registry.department), working_days=3)
    client.force_login(people["leader"])
    page = client.get(reverse("eoffice:registers"))
    assert page.status_code == 200
    assert "Phòng Văn hóa - Xã hội" in page.content.decode()
    params = {"kind": "incoming", "format": "xlsx", "date_from": today, "date_to": today}
    response = client.get(reverse("eoffice:register_export"), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    bad = client.get(
        reverse("eoffice:register_export"), {**params, "date_from": today, "date_to": "2000-01-01"}
    )
    assert bad.status_code == 400
    assert client.get(reverse("eoffice:registers"), {"date_from": "x"}).status_code == 400


def test_api_json_register_and_statistics(client, registry, people, today):
    document = _register(registry, people["clerk"], today, 1)
    assign(people["leader"], document, lead=Target(department=registry.department), working_days=3)
    _token, secret = issue_token(people["clerk"], "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = client.get(
        "/api/v1/eoffice/registers/incoming", {"date_from": today, "date_to": today}, **auth
    ).json()
    assert body["columns"] == PHU_LUC_IV_INCOMING
    assert body["cover"]["first_number"] == body["cover"]["last_number"] == 1
    assert body["rows"][0]["recipients"] == "Phòng Văn hóa - Xã hội"
    pdf = client.get(
        "/api/v1/eoffice/registers/incoming",
        {"date_from": today, "date_to": today, "format": "pdf"},
        **auth,
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    stats = client.get("/api/v1/eoffice/statistics", {"date_from": today}, **auth).json()
    assert stats["total"]["received"] == 1 and stats["total"]["pending"] == 1
    bad = client.get(
        "/api/v1/eoffice/statistics", {"date_from": today, "date_to": "2000-01-01"}, **auth
    )
    assert bad.status_code == 422 and "date_to" in bad.json()["errors"]
    wrong = client.get("/api/v1/eoffice/registers/incoming", {"format": "doc"}, **auth)
    assert wrong.status_code == 422


def test_slip_shows_direction_deadline_and_results(client, registry, people, today):
    p = people
    document = _register(registry, p["clerk"], today, 1)
    lead, _support = assign(
        p["leader"],
        document,
        lead=Target(department=registry.department),
        supports=[Target(user=p["specialist"])],
        deadline=today + datetime.timedelta(days=10),
        direction="Giao Phòng VX chủ trì tham mưu trả lời",
    )
    record_progress(p["head"], lead, "Đang lấy ý kiến các xã")
    client.force_login(p["specialist"])  # routed to her: may see it
    response = client.get(reverse("eoffice:incoming_slip", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in text
    assert "Giao Phòng VX chủ trì tham mưu trả lời" in text
    assert f"{today + datetime.timedelta(days=10):%d/%m/%Y}" in text
    assert "Chủ trì" in text and "Phối hợp" in text
    assert "Đang lấy ý kiến các xã" in text
    outsider = registry.user("khac", Role.SPECIALIST, agency=registry.province_committee)
    client.force_login(outsider)
    assert client.get(reverse("eoffice:incoming_slip", args=[document.pk])).status_code == 404


def test_period_defaults_to_the_calendar_year_and_refuses_reversed_dates():
    period = registers.Period.parse(today=datetime.date(2026, 5, 17))
    assert period == registers.Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="before its start"):
        registers.Period.parse("2026-02-01", "2026-01-01")


def test_missing_fonts_give_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="fonts-liberation2"):
        register_fonts([("/nonexistent", "a.ttf", "b.ttf", "c.ttf", "d.ttf")])
