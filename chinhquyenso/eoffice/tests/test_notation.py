import pytest

from chinhquyenso.eoffice.notation import parse_notation

TYPES = {"NQ", "QĐ", "CT", "QC", "QyĐ", "TB", "HD", "CTr", "KH", "TTr", "BC", "BS", "KL", "GM"}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1131/QĐ-UBND", dict(form="state", number=1131, type_abbr="QĐ", issuer_abbr="UBND")),
        (
            "05/2019/NQ-HĐND",
            dict(
                form="state",
                number=5,
                number_text="05",
                year=2019,
                type_abbr="NQ",
                issuer_abbr="HĐND",
            ),
        ),
        (
            "12/UBND-VX",
            dict(form="state", number=12, type_abbr="", issuer_abbr="UBND", unit_abbr="VX"),
        ),
        ("Số: 15/QĐ-UBND", dict(form="state", number=15, type_abbr="QĐ")),
        ("45/QyĐ-UBND", dict(form="state", type_abbr="QyĐ")),
        ("07/TTr-SKHCN", dict(form="state", type_abbr="TTr", issuer_abbr="SKHCN")),
        ("19-CT/TU", dict(form="party", number=19, type_abbr="CT", issuer_abbr="TU")),
        ("Số 1040-BS/HU", dict(form="party", number=1040, type_abbr="BS", issuer_abbr="HU")),
        ("12 / QĐ - UBND", dict(form="state", number=12, type_abbr="QĐ", issuer_abbr="UBND")),
    ],
)
def test_known_forms(raw, expected):
    parsed = parse_notation(raw, TYPES)
    for key, value in expected.items():
        assert getattr(parsed, key) == value, key
    assert parsed.warnings == ()


def test_case_is_kept_exactly():
    assert parse_notation("45/QyĐ-UBND", TYPES).type_abbr == "QyĐ"
    # "QYĐ" is not the abbreviation: it is read as a công văn issuer, not silently re-cased.
    assert parse_notation("45/QYĐ-UBND", TYPES).type_abbr == ""


def test_nfd_input_is_normalised():
    import unicodedata

    parsed = parse_notation(unicodedata.normalize("NFD", "1131/QĐ-UBND"), TYPES)
    assert parsed.type_abbr == "QĐ" and parsed.raw == "1131/QĐ-UBND"


@pytest.mark.parametrize("raw", ["", "abc", "QĐ-UBND", "12/QĐ", "1131/", "/QĐ-UBND"])
def test_unknown_forms_are_kept_with_a_warning(raw):
    parsed = parse_notation(raw, TYPES)
    assert parsed.form == "unknown"
    assert parsed.warnings
    assert parsed.raw == raw.strip() or raw == ""


def test_party_unknown_type_warns_but_keeps():
    parsed = parse_notation("88-XYZ/TU", TYPES)
    assert parsed.form == "party" and parsed.type_abbr == "XYZ" and parsed.warnings


def test_code_notation():
    assert parse_notation("05/2019/NQ-HĐND", TYPES).code_notation == "2019/NQ-HĐND"
    assert parse_notation("19-CT/TU", TYPES).code_notation == "CT/TU"
