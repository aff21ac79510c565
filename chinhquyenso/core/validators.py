"""Validators for Vietnamese identifiers, with messages that say what to fix."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AGENCY_ID_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
CITIZEN_ID_RE = re.compile(r"^\d{12}$")
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


def validate_agency_identifier(value: str) -> None:
    if not AGENCY_ID_RE.fullmatch(value or ""):
        raise ValidationError(
            _(
                "Electronic identifier “%(value)s” is invalid: it must look like 000.00.00.H48 "
                "(three digits, two digits, two digits, a capital letter and two digits, "
                "separated by dots)."
            ),
            code="invalid_agency_identifier",
            params={"value": value},
        )


def validate_citizen_id(value: str) -> None:
    if not CITIZEN_ID_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Citizen identity number (CCCD) must be exactly 12 digits."),
            code="invalid_citizen_id",
        )


def validate_tax_code(value: str) -> None:
    if not TAX_CODE_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Tax code must be 10 digits, or 10 digits followed by a hyphen and 3 digits."),
            code="invalid_tax_code",
        )
