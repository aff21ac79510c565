"""Metadata prefill on text: each rule with small cases, in the shapes OCR and PDFs produce."""

import pytest

from chinhquyenso.assist.extract import (
    extract_metadata,
    notation_type,
    parse_date,
    parse_number_line,
)
from chinhquyenso.assist.lines import clean_lines

STATE_DECISION = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 1131/QĐ-UBND

Quảng Ngãi, ngày 07 tháng 9 năm 2023

QUYẾT ĐỊNH
Về việc phê duyệt Đề án chuyển đổi số tỉnh Quảng Ngãi
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
"""

LETTER_SIDE_BY_SIDE = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN BÌNH SƠN               Độc lập - Tự do - Hạnh phúc

Số: 12/UBND-VX          Bình Sơn, ngày 3/11/2026
V/v triển khai Tháng hành động
chuyển đổi số năm 2026

Kính gửi: Các phòng, ban thuộc huyện.
"""

PARTY_DIRECTIVE = """TỈNH ỦY QUẢNG NGÃI
ĐẢNG CỘNG SẢN VIỆT NAM
*
Số 19-CT/TU
Quảng Ngãi, ngày 18 tháng 5 năm 2022

CHỈ THỊ
về tăng cường sự lãnh đạo của Đảng đối với chuyển đổi số

Thời gian qua, công tác chuyển đổi số đã đạt kết quả.
"""


def values(result: dict) -> dict:
    return {
        name: result[name]["value"]
        for name in ("notation", "issued_date", "issuer", "doc_type", "subject")
    }


def test_state_decision_all_fields():
    assert values(extract_metadata(STATE_DECISION)) == {
        "notation": "1131/QĐ-UBND",
        "issued_date": "2023-09-07",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "doc_type": "Quyết định",
        "subject": "Về việc phê duyệt Đề án chuyển đổi số tỉnh Quảng Ngãi",
    }


def test_confident_fields_say_so():
    result = extract_metadata(STATE_DECISION)
    assert all(result[name]["confidence"] >= 0.85 for name in ("notation", "doc_type", "issuer"))


def test_letter_side_by_side_columns_and_short_date():
    assert values(extract_metadata(LETTER_SIDE_BY_SIDE)) == {
        "notation": "12/UBND-VX",
        "issued_date": "2026-11-03",
        "issuer": "ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN",
        "doc_type": "Công văn",
        "subject": "triển khai Tháng hành động chuyển đổi số năm 2026",
    }


def test_party_directive():
    assert values(extract_metadata(PARTY_DIRECTIVE)) == {
        "notation": "19-CT/TU",
        "issued_date": "2022-05-18",
        "issuer": "TỈNH ỦY QUẢNG NGÃI",
        "doc_type": "Chỉ thị",
        "subject": "về tăng cường sự lãnh đạo của Đảng đối với chuyển đổi số",
    }


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Số: 1131/QĐ-UBND", "1131/QĐ-UBND"),
        ("Số 19-CT/TU", "19-CT/TU"),
        ("Số: 05/2019/NQ-HĐND", "05/2019/NQ-HĐND"),
        ("Số: 12/UBND-VX", "12/UBND-VX"),
        ("Số 1040-BS/HU", "1040-BS/HU"),
        ("Số: 15 / QĐ - UBND", "15/QĐ-UBND"),  # OCR spaces around the separators
        ("Sô: 27/KH-UBND", "27/KH-UBND"),  # a lost tone mark
        ("So: 08/QyĐ-UBND", "08/QyĐ-UBND"),  # case kept exactly
        ("Số: 1677/NQ-UBTVQH15 Hà Nội, ngày 16 tháng 6 năm 2025", "1677/NQ-UBTVQH15"),
        ("Số 1131... Ngày 07.1.9... 1.2023...", None),  # an arrival stamp, not a notation
        ("Số lượng: 12 bản", None),
        ("Chỉ thị số 19-CT/TU ngày 18/5/2022", None),  # a reference in the body
    ],
)
def test_number_line(line, expected):
    assert parse_number_line(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Quảng Ngãi, ngày 07 tháng 9 năm 2023", "2023-09-07"),
        ("Hà Nội, ngày 16 tháng 6 năm 2025", "2025-06-16"),
        ("ngày 7/9/2023", "2023-09-07"),
        ("Bình Sơn, ngày 13 tháng 9 năm 2023.", "2023-09-13"),
        ("Quang Ngai, ngay 07 thang 09 nam 2023", "2023-09-07"),  # OCR without diacritics
        ("ngày 07-9-2023", "2023-09-07"),
        ("ngày 31 tháng 2 năm 2023", None),  # no such day
        ("tháng 9 năm 2023", None),
    ],
)
def test_dates(line, expected):
    value, _confidence = parse_date(line)
    assert (value.isoformat() if value else None) == expected


def test_place_date_is_more_certain_than_a_bare_date():
    assert parse_date("Quảng Ngãi, ngày 7 tháng 9 năm 2023")[1] > parse_date("ngày 7/9/2023")[1]


@pytest.mark.parametrize(
    "notation, expected",
    [
        ("1131/QĐ-UBND", "Quyết định"),
        ("05/2019/NQ-HĐND", "Nghị quyết"),
        ("19-CT/TU", "Chỉ thị"),
        ("08/QyĐ-UBND", "Quy định"),
        ("12/TTr-STTTT", "Tờ trình"),
        ("12/UBND-VX", None),  # công văn: agency-unit, no type
    ],
)
def test_type_from_notation(notation, expected):
    assert notation_type(notation) == expected


@pytest.mark.parametrize(
    "header, expected",
    [
        ("UBND TỈNH QUẢNG NGÃI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
        ("HỘI ĐỒNG NHÂN DÂN\nTỈNH QUẢNG NGÃI", "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NGÃI"),
        ("ĐẢNG BỘ TỈNH QUẢNG NGÃI\nHUYỆN ỦY BÌNH SƠN", "HUYỆN ỦY BÌNH SƠN"),
        ("TỈNH ỦY QUẢNG NGÃI\nBAN THƯỜNG VỤ", "BAN THƯỜNG VỤ TỈNH ỦY QUẢNG NGÃI"),
        ("UBND HUYỆN BÌNH SƠN\nPHÒNG TÀI CHÍNH VÀ\nKẾ HOẠCH", "PHÒNG TÀI CHÍNH VÀ KẾ HOẠCH"),
    ],
)
def test_issuer_lines(header, expected):
    text = f"{header}\n\nSố: 03/KH-UBND\nQuảng Ngãi, ngày 2 tháng 1 năm 2026\n\nKẾ HOẠCH\nThực hiện"
    assert extract_metadata(text)["issuer"]["value"] == expected


def test_markdown_table_header_is_read():
    text = (
        "  ---------------- ------------------------\n"
        "    **ỦY BAN THƯỜNG VỤ\\        **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\\n"
        "         QUỐC HỘI\\                 Độc lập - Tự do - Hạnh phúc\\\n"
        "   Số: 1677/NQ-UBTVQH15         *Hà Nội, ngày 16 tháng 6 năm 2025*\n"
        "\n**NGHỊ QUYẾT**\n\nVỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH\n\n"
        "**ỦY BAN THƯỜNG VỤ QUỐC HỘI**\n"
    )
    result = values(extract_metadata(text))
    assert result["issuer"] == "ỦY BAN THƯỜNG VỤ QUỐC HỘI"
    assert result["notation"] == "1677/NQ-UBTVQH15"
    assert result["subject"] == "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH"


def test_mottos_are_removed_even_when_merged_into_the_issuer_line():
    assert clean_lines("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == ["ỦY BAN NHÂN DÂN"]


def test_subject_stops_at_the_body():
    text = "KẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\nThực hiện Nghị quyết số 05-NQ/TU"
    assert extract_metadata(text)["subject"]["value"] == "Triển khai chuyển đổi số năm 2026"


def test_type_from_notation_when_the_title_is_missing():
    result = extract_metadata("SỞ TƯ PHÁP\nSố: 45/BC-STP\nQuảng Ngãi, ngày 4 tháng 3 năm 2026")
    assert result["doc_type"] == {"value": "Báo cáo", "confidence": 0.7}


def test_title_and_notation_that_disagree_lower_the_confidence():
    text = "SỞ TƯ PHÁP\nSố: 45/BC-STP\n\nQUYẾT ĐỊNH\nVề việc ban hành quy chế"
    result = extract_metadata(text)
    assert result["doc_type"]["value"] == "Quyết định"
    assert result["notation"]["confidence"] < 0.85


def test_arrival_stamp_is_read_and_not_taken_for_the_document():
    text = (
        "SỞ TƯ PHÁP\nSố: 45/BC-STP\nQuảng Ngãi, ngày 4 tháng 3 năm 2026\n\n"
        "VĂN PHÒNG UBND TỈNH\nĐẾN\nSố: 2207\nNgày: 05/3/2026\nChuyển: P.NC\n\n"
        "BÁO CÁO\nKết quả công tác tư pháp quý I năm 2026\n"
    )
    result = extract_metadata(text)
    assert result["arrival_stamp"] == {
        "agency": "VĂN PHÒNG UBND TỈNH",
        "number": "2207",
        "date": "2026-03-05",
    }
    assert values(result)["notation"] == "45/BC-STP"
    assert values(result)["subject"] == "Kết quả công tác tư pháp quý I năm 2026"


def test_nothing_found_in_plain_prose():
    result = extract_metadata("Hôm nay trời đẹp.\nChúng tôi đi họp.")
    assert {name: field["value"] for name, field in values_with_conf(result)} == {
        "notation": "",
        "issued_date": None,
        "issuer": "",
        "doc_type": "",
        "subject": "",
    }
    assert all(field["confidence"] == 0 for _name, field in values_with_conf(result))


def values_with_conf(result: dict):
    return [(n, result[n]) for n in ("notation", "issued_date", "issuer", "doc_type", "subject")]


def test_empty_text():
    assert extract_metadata("")["notation"] == {"value": "", "confidence": 0.0}


def test_issuer_lines_with_the_motto_column_between_them():
    text = (
        "ỦY BAN NHÂN DÂN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTỈNH QUẢNG NGÃI\n\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 1131/QĐ-UBND\n"
    )
    assert extract_metadata(text)["issuer"]["value"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"


def test_letter_subject_when_ocr_lost_the_small_v():
    text = "HUYỆN ỦY BÌNH SƠN\nSố 1040-CV/HU\n\nV/ sao gửi Nghị quyết về chuyển đổi số\n\nKính gửi:"
    result = extract_metadata(text)
    assert result["doc_type"]["value"] == "Công văn"
    assert result["subject"]["value"] == "sao gửi Nghị quyết về chuyển đổi số"


def test_ocr_debris_is_trimmed_from_the_subject():
    text = "NGHỊ QUYẾT\nvề chuyển đổi số đến năm 2030_\n\nI. TÌNH HÌNH"
    assert extract_metadata(text)["subject"]["value"] == "về chuyển đổi số đến năm 2030"
