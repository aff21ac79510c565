"""Reading what a reporting unit typed into a cell: numbers with a Vietnamese or English decimal
separator, whole numbers, percentages, yes/no in either language, text — or a clear refusal."""

import decimal
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..choices import ValueType
from ..models import DataElement

# DataValue.number is DECIMAL(20, 4): 16 digits before the point.
MAX_ABS = decimal.Decimal(10) ** 16
QUANTUM = decimal.Decimal("0.0001")
MAX_TEXT = 1000

YES = {"co", "c", "yes", "y", "true", "1", "dung", "x"}
NO = {"khong", "k", "no", "n", "false", "0", "sai"}

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


_GROUPED = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")


def _plain(text: str, whole: bool) -> str:
    """One decimal point and no thousands separators, from "1.234,5", "1,234.5", "12,5"…

    A single separator is a decimal point, except in a whole number where "1.200" can only mean
    one thousand two hundred."""
    text = _SPACES.sub("", text)
    if whole and _GROUPED.match(text):
        return text.replace(".", "").replace(",", "")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # The separator written last is the decimal one; the other groups thousands.
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        return text.replace(thousands, "").replace(decimal_mark, ".")
    if commas > 1 or dots > 1:
        # "1.234.567" or "1,234,567": only thousands groups.
        return text.replace(",", "").replace(".", "")
    return text.replace(",", ".")


def _number(element: DataElement, raw: str) -> decimal.Decimal:
    text = _plain(raw, element.value_type == ValueType.INTEGER)
    if element.value_type == ValueType.PERCENTAGE:
        text = text.removesuffix("%")
    if not _NUMBER.match(text):
        raise ValidationError(
            _("“%(value)s” is text, but “%(element)s” takes a number.")
            % {"value": raw, "element": element.name}
        )
    number = decimal.Decimal(text)
    if abs(number) >= MAX_ABS:
        raise ValidationError(_("“%(value)s” is too large.") % {"value": raw})
    return number.quantize(QUANTUM, rounding=decimal.ROUND_HALF_UP)


def canonical(number: decimal.Decimal) -> str:
    """The stored text of a number: no exponent, no trailing zeros ("12.5", "1200")."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def parse_value(element: DataElement, raw) -> tuple[str, decimal.Decimal | None] | None:
    """(text to store, number to aggregate), or None when the cell is empty (delete the value).

    Refuses, with a message naming the element, text in a number field, a fraction in a whole
    number, a negative count, a percentage outside 0–100, an unknown yes/no answer.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raw = "true" if raw else "false"
    text = str(raw).strip()
    if not text:
        return None
    kind = element.value_type
    if kind == ValueType.TEXT:
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("The text is longer than %(max)s characters.") % {"max": MAX_TEXT}
            )
        return text, None
    if kind == ValueType.BOOLEAN:
        folded = core.fold(text)
        if folded in YES:
            return "true", decimal.Decimal(1)
        if folded in NO:
            return "false", decimal.Decimal(0)
        raise ValidationError(
            _("“%(value)s” is not an answer to “%(element)s”: write có or không (yes or no).")
            % {"value": text, "element": element.name}
        )
    number = _number(element, text)
    if kind == ValueType.INTEGER:
        if number != number.to_integral_value():
            raise ValidationError(
                _("“%(element)s” takes a whole number, not “%(value)s”.")
                % {"element": element.name, "value": text}
            )
        if number < 0:
            raise ValidationError(
                _("“%(element)s” counts something: it cannot be negative (“%(value)s”).")
                % {"element": element.name, "value": text}
            )
    if kind == ValueType.PERCENTAGE and not 0 <= number <= 100:
        raise ValidationError(
            _("“%(element)s” is a percentage: give a number from 0 to 100, not “%(value)s”.")
            % {"element": element.name, "value": text}
        )
    return canonical(number), number
