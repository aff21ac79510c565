"""Reading typed values: numbers with either decimal separator, whole numbers, percentages,
yes/no in Vietnamese and English, text; and the refusals, with messages that name the field."""

import decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from chinhquyenso.reporting.choices import ValueType
from chinhquyenso.reporting.models import DataElement
from chinhquyenso.reporting.services.entry_values import canonical, parse_value

D = decimal.Decimal


def element(kind: str) -> DataElement:
    return DataElement(code="X", name="Số hồ sơ", value_type=kind)


@pytest.mark.parametrize(
    "kind, raw, text, number",
    [
        (ValueType.NUMBER, "12,5", "12.5", D("12.5")),
        (ValueType.NUMBER, "12.5", "12.5", D("12.5")),
        (ValueType.NUMBER, "1.234,5", "1234.5", D("1234.5")),
        (ValueType.NUMBER, "1,234.5", "1234.5", D("1234.5")),
        (ValueType.NUMBER, "1.234.567", "1234567", D("1234567")),
        (ValueType.NUMBER, " 2 500 ", "2500", D("2500")),
        (ValueType.NUMBER, "-3", "-3", D("-3")),
        (ValueType.NUMBER, "0,333333", "0.3333", D("0.3333")),
        (ValueType.NUMBER, 7, "7", D(7)),
        (ValueType.INTEGER, "120", "120", D(120)),
        (ValueType.INTEGER, "120,0", "120", D(120)),
        (ValueType.INTEGER, "1.200", "1200", D(1200)),
        (ValueType.INTEGER, "1,200", "1200", D(1200)),
        (ValueType.NUMBER, "1.200", "1.2", D("1.2")),
        (ValueType.PERCENTAGE, "85,5%", "85.5", D("85.5")),
        (ValueType.PERCENTAGE, "100", "100", D(100)),
        (ValueType.PERCENTAGE, "0", "0", D(0)),
        (ValueType.BOOLEAN, "Có", "true", D(1)),
        (ValueType.BOOLEAN, "KHÔNG", "false", D(0)),
        (ValueType.BOOLEAN, "yes", "true", D(1)),
        (ValueType.BOOLEAN, "No", "false", D(0)),
        (ValueType.BOOLEAN, True, "true", D(1)),
        (ValueType.BOOLEAN, "0", "false", D(0)),
        (ValueType.TEXT, "  Đã kết nối  ", "Đã kết nối", None),
    ],
)
def test_values_are_read_in_either_language(kind, raw, text, number):
    assert parse_value(element(kind), raw) == (text, number)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_an_empty_cell_means_no_value(raw):
    assert parse_value(element(ValueType.NUMBER), raw) is None


@pytest.mark.parametrize(
    "kind, raw, expected",
    [
        (ValueType.NUMBER, "mười hai", "“mười hai” is text, but “Số hồ sơ” takes a number."),
        (ValueType.NUMBER, "12a", "“12a” is text, but “Số hồ sơ” takes a number."),
        (ValueType.NUMBER, "1e5", "“1e5” is text, but “Số hồ sơ” takes a number."),
        (ValueType.NUMBER, "99999999999999999", "“99999999999999999” is too large."),
        (ValueType.INTEGER, "12,5", "“Số hồ sơ” takes a whole number, not “12,5”."),
        (ValueType.INTEGER, "-1", "“Số hồ sơ” counts something: it cannot be negative (“-1”)."),
        (
            ValueType.PERCENTAGE,
            "120",
            "“Số hồ sơ” is a percentage: give a number from 0 to 100, not “120”.",
        ),
        (
            ValueType.BOOLEAN,
            "có lẽ",
            "“có lẽ” is not an answer to “Số hồ sơ”: write có or không (yes or no).",
        ),
        (ValueType.TEXT, "x" * 1001, "The text is longer than 1000 characters."),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(kind, raw, expected):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        parse_value(element(kind), raw)
    assert caught.value.messages == [expected]


def test_canonical_text_of_numbers():
    assert canonical(D("1200.0000")) == "1200"
    assert canonical(D("0.5000")) == "0.5"
    assert canonical(D("-0.0000")) == "0"
