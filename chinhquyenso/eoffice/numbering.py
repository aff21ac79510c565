"""Numbers and notations of outgoing documents, given at issue time (Nghị định 30/2020 Điều 15,
Phụ lục I; Luật Ban hành VBQPPL; Hướng dẫn 36-HD/VPTW for Party agencies).

Pure functions decide the series, its period and the notation; `assign_number` takes the next
value of the series inside the caller's (issue) transaction.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chinhquyenso.core.choices import AgencyKind
from chinhquyenso.core.services.sequences import next_value

from .choices import NumberingScheme, Secrecy
from .models import AgencyNumbering, OutgoingDocument

SEQUENCE = "eoffice.outgoing"
# HD 36-HD/VPTW: a Party công văn is written "Số 123-CV/TU"; the State form has no abbreviation.
PARTY_LETTER_ABBR = "CV"


@dataclass(frozen=True)
class SeriesKey:
    """Which counter a document draws from: `name` within `period` (a year or a Party term)."""

    name: str
    period: str


@dataclass(frozen=True)
class NumberAssignment:
    number: int
    number_year: int
    series: str
    notation: str  # the ký hiệu without the number: "QĐ-UBND", "2026/NQ-HĐND", "CT/TU"
    number_text: str  # "05/QĐ-UBND", "05/2026/NQ-HĐND", "19-CT/TU"


def format_number(number: int) -> str:
    """Numbers below 10 are written 01–09 (Phụ lục I, II.3)."""
    return f"{number:02d}"


def series_key(
    *,
    party: bool,
    scheme: str,
    type_abbr: str,
    type_code: str,
    secret: bool,
    legal_normative: bool,
    issued_date: datetime.date,
    term_start: datetime.date | None = None,
) -> SeriesKey:
    """The series a document is numbered in.

    State agencies number per calendar year: legal normative documents per type (their number
    carries the year), secret documents in a series of their own, the rest in one series or one
    per type as the head of the agency chose. Party agencies number per type over the committee's
    term, so the period is the term's first day.
    """
    if party:
        if term_start is None:
            raise ValidationError(
                _(
                    "Set the start of the Party committee's term in the agency's numbering "
                    "settings before issuing."
                )
            )
        if issued_date < term_start:
            raise ValidationError(
                {"issued_date": _("The issued date is before the start of the current term.")}
            )
        kind = "party-secret" if secret else "party"
        return SeriesKey(f"{kind}:{type_abbr or PARTY_LETTER_ABBR}", term_start.isoformat())
    year = str(issued_date.year)
    if legal_normative:
        return SeriesKey(f"legal:{type_code}", year)
    if secret:
        return SeriesKey("secret", year)
    if scheme == NumberingScheme.PER_TYPE:
        return SeriesKey(f"type:{type_code}", year)
    return SeriesKey("admin", year)


def notation_for(
    *,
    party: bool,
    agency_abbr: str,
    type_abbr: str,
    unit_abbr: str = "",
    legal_normative: bool = False,
    year: int | None = None,
) -> str:
    """The ký hiệu that follows the number: State `QĐ-UBND` or công văn `UBND-VX`, Party `CT/TU`."""
    if party:
        return f"{type_abbr or PARTY_LETTER_ABBR}/{agency_abbr}"
    if not type_abbr:
        return f"{agency_abbr}-{unit_abbr}" if unit_abbr else agency_abbr
    notation = f"{type_abbr}-{agency_abbr}"
    return f"{year}/{notation}" if legal_normative else notation


def number_text(number: int, notation: str, *, party: bool) -> str:
    """Number and notation as printed: State `05/QĐ-UBND`, Party `05-CT/TU`."""
    return f"{format_number(number)}{'-' if party else '/'}{notation}"


def settings_for(agency) -> AgencyNumbering:
    """The agency's numbering settings; an agency that never chose has one series per year."""
    found = AgencyNumbering.objects.filter(agency=agency).first()
    return found or AgencyNumbering(agency=agency)


def assign_number(document: OutgoingDocument, issued_date: datetime.date) -> NumberAssignment:
    """Take the next number of the document's series; call inside the issue transaction.

    The counter row stays locked until that transaction ends, and a rollback gives the number back,
    so concurrent issues get distinct numbers without gaps.
    """
    agency = document.agency
    if not agency.notation_abbr:
        raise ValidationError(
            _("Set the notation abbreviation of %(agency)s before issuing.") % {"agency": agency}
        )
    party = agency.kind == AgencyKind.PARTY
    settings = settings_for(agency)
    key = series_key(
        party=party,
        scheme=settings.scheme,
        type_abbr=document.doc_type.abbreviation,
        type_code=document.doc_type.code,
        secret=document.secrecy > Secrecy.NORMAL,
        legal_normative=document.is_legal_normative and not party,
        issued_date=issued_date,
        term_start=settings.party_term_start,
    )
    number = next_value(f"{SEQUENCE}:{key.name}", f"agency:{agency.pk}", key.period)
    notation = notation_for(
        party=party,
        agency_abbr=agency.notation_abbr,
        type_abbr=document.doc_type.abbreviation,
        unit_abbr=document.department.abbreviation if document.department_id else "",
        legal_normative=document.is_legal_normative and not party,
        year=issued_date.year,
    )
    return NumberAssignment(
        number=number,
        number_year=issued_date.year,
        # Party series run over a term: the term is part of the stored series so the yearly
        # uniqueness constraint never collides across two terms meeting within one year.
        series=f"{key.name}@{key.period}" if party else key.name,
        notation=notation,
        number_text=number_text(number, notation, party=party),
    )


def filing_line(unit_abbr: str, copies: int = 1) -> str:
    """The last line of "Nơi nhận": the clerk's copy (VT), the drafting unit's, and the copies."""
    kept = ", ".join(part for part in ("VT", unit_abbr) if part)
    return f"Lưu: {kept} ({format_number(copies)}b)." if copies > 1 else f"Lưu: {kept}."
