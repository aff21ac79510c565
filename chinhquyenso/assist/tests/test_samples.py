"""Prefill on the real documents kept in data/samples/ (copies of the project's shared samples)."""

from pathlib import Path

from django.conf import settings

from chinhquyenso.assist.extract import extract_metadata

SAMPLES = Path(settings.BASE_DIR) / "data" / "samples"


def _extract(name: str) -> dict:
    return extract_metadata((SAMPLES / name).read_text(encoding="utf-8"))


def test_resolution_that_arrived_over_the_network_as_a_party_copy():
    result = _extract("nghi-quyet-chuyen-doi-so-quang-ngai-2023.txt")
    # The arrival stamp's "Số 1131 … Ngày 07/9/2023" is the receiver's, not the document's.
    assert result["arrival_stamp"] == {
        "agency": "HUYỆN ỦY BÌNH SƠN",
        "number": "1131",
        "date": "2023-09-07",
    }
    assert result["copy"]["copy_type"] == "Sao lục"
    assert result["notation"]["value"] == "1040-BS/HU"
    assert result["issued_date"]["value"] == "2023-09-13"
    assert result["issuer"]["value"] == "HUYỆN ỦY BÌNH SƠN"
    assert result["doc_type"]["value"] == "Nghị quyết"
    assert result["subject"]["value"] == (
        "về chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030"
    )
    # Read from a copy block rather than the header: the form should ask the clerk to check.
    assert result["notation"]["confidence"] < 0.85


def test_standing_committee_resolution_in_markdown():
    result = _extract("1677-NQ-UBTVQH15-sap-xep-xa-quang-ngai-2025.md")
    assert {k: result[k]["value"] for k in ("notation", "issued_date", "issuer", "doc_type")} == {
        "notation": "1677/NQ-UBTVQH15",
        "issued_date": "2025-06-16",
        "issuer": "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
        "doc_type": "Nghị quyết",
    }
    assert result["subject"]["value"].startswith("VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ")
    assert result["arrival_stamp"] is None and result["copy"] is None
