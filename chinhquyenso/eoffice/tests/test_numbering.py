import datetime

import pytest
from django.core.exceptions import ValidationError

from chinhquyenso.eoffice.numbering import (
    filing_line,
    format_number,
    notation_for,
    number_text,
    series_key,
)

D = datetime.date


def _key(**overrides):
    values = {
        "party": False,
        "scheme": "single",
        "type_abbr": "QĐ",
        "type_code": "quyet_dinh",
        "secret": False,
        "legal_normative": False,
        "issued_date": D(2026, 3, 4),
        "term_start": None,
    }
    values.update(overrides)
    return series_key(**values)


@pytest.mark.parametrize(("number", "text"), [(1, "01"), (9, "09"), (10, "10"), (1234, "1234")])
def test_numbers_below_ten_are_written_with_a_leading_zero(number, text):
    assert format_number(number) == text


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"type_abbr": "QĐ", "agency_abbr": "UBND"}, "QĐ-UBND"),
        ({"type_abbr": "QyĐ", "agency_abbr": "UBND"}, "QyĐ-UBND"),
        ({"type_abbr": "", "agency_abbr": "UBND", "unit_abbr": "VX"}, "UBND-VX"),
        ({"type_abbr": "", "agency_abbr": "SNV"}, "SNV"),
        (
            {"type_abbr": "NQ", "agency_abbr": "HĐND", "legal_normative": True, "year": 2026},
            "2026/NQ-HĐND",
        ),
        ({"type_abbr": "CT", "agency_abbr": "TU", "party": True}, "CT/TU"),
        ({"type_abbr": "", "agency_abbr": "TU", "party": True}, "CV/TU"),
    ],
)
def test_notations(kwargs, expected):
    assert notation_for(**{"party": False, **kwargs}) == expected


def test_number_text_state_and_party_forms():
    assert number_text(5, "2026/NQ-HĐND", party=False) == "05/2026/NQ-HĐND"
    assert number_text(12, "UBND-VX", party=False) == "12/UBND-VX"
    assert number_text(19, "CT/TU", party=True) == "19-CT/TU"


def test_state_series_by_scheme_secrecy_and_legal_force():
    assert _key().name == "admin"
    assert _key().period == "2026"
    assert _key(scheme="per_type").name == "type:quyet_dinh"
    assert _key(secret=True).name == "secret"
    assert _key(secret=True, scheme="per_type").name == "secret"
    assert _key(legal_normative=True).name == "legal:quyet_dinh"
    assert _key(issued_date=D(2027, 1, 1)).period == "2027"  # a new year starts again at 01


def test_party_series_run_per_type_over_the_term():
    term = D(2025, 10, 15)
    key = _key(party=True, type_abbr="CT", term_start=term, issued_date=D(2027, 6, 1))
    assert (key.name, key.period) == ("party:CT", "2025-10-15")
    assert _key(party=True, type_abbr="", term_start=term).name == "party:CV"
    assert _key(party=True, type_abbr="CT", term_start=term, secret=True).name == "party-secret:CT"
    with pytest.raises(ValidationError):
        _key(party=True, term_start=None)
    with pytest.raises(ValidationError):
        _key(party=True, term_start=term, issued_date=D(2025, 10, 14))


@pytest.mark.parametrize(
    ("unit", "copies", "line"),
    [("VX", 1, "Lưu: VT, VX."), ("VX", 3, "Lưu: VT, VX (03b)."), ("", 1, "Lưu: VT.")],
)
def test_filing_line(unit, copies, line):
    assert filing_line(unit, copies) == line
