"""Parsing the number and notation (số, ký hiệu) written on an incoming document.

State form (Nghị định 30/2020): `1131/QĐ-UBND`, `05/2019/NQ-HĐND`, công văn `12/UBND-VX`.
Party form (HD 36-HD/VPTW): `19-CT/TU`, `1040-BS/HU`. The raw string and the letter case are
always kept; a notation that fits neither form is kept raw with a warning, never rejected.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_PREFIX = re.compile(r"^\s*(s[ốo])\s*[:.]?\s*", re.IGNORECASE)
_TOKEN = r"[^\W_][\w.&]*"
_STATE = re.compile(
    rf"^(?P<number>\d{{1,7}})(?:/(?P<year>(?:19|20)\d\d))?/(?P<rest>{_TOKEN}(?:-{_TOKEN})*)$"
)
_PARTY = re.compile(
    rf"^(?P<number>\d{{1,7}})-(?P<type>{_TOKEN})/(?P<issuer>{_TOKEN}(?:-{_TOKEN})*)$"
)


@dataclass(frozen=True)
class Notation:
    raw: str
    form: str  # "state", "party" or "unknown"
    number: int | None = None
    number_text: str = ""  # as written, keeping leading zeros ("05")
    year: int | None = None
    type_abbr: str = ""  # "" for công văn / thư công
    issuer_abbr: str = ""
    unit_abbr: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def code_notation(self) -> str:
        """The ký hiệu without the number: 'QĐ-UBND', '2019/NQ-HĐND', 'CT/TU'."""
        if self.form == "unknown":
            return ""
        return self.raw.split("/", 1)[1] if self.form == "state" else self.raw.split("-", 1)[1]


def clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw or "").strip()
    text = _PREFIX.sub("", text)
    text = re.sub(r"\s*([/-])\s*", r"\1", text)  # "12 / QĐ - UBND" as clerks sometimes type it
    return text.replace("–", "-").replace("—", "-").strip()


def parse_notation(raw: str, type_abbreviations: set[str] | frozenset[str]) -> Notation:
    """Split a notation; `type_abbreviations` are the document-type abbreviations, case-exact."""
    text = clean(raw)
    if not text:
        return Notation(raw=raw, form="unknown", warnings=(_("The number and notation is empty."),))
    state = _STATE.match(text)
    if state:
        parts = state["rest"].split("-")
        year = int(state["year"]) if state["year"] else None
        if parts[0] in type_abbreviations and len(parts) >= 2:
            type_abbr, issuer, unit = parts[0], parts[1], "-".join(parts[2:])
        elif parts[0] in type_abbreviations:
            return _unknown(raw, text, _("The notation has a document type but no issuer."))
        else:
            type_abbr, issuer, unit = "", parts[0], "-".join(parts[1:])
        return Notation(
            raw=text,
            form="state",
            number=int(state["number"]),
            number_text=state["number"],
            year=year,
            type_abbr=type_abbr,
            issuer_abbr=issuer,
            unit_abbr=unit,
        )
    party = _PARTY.match(text)
    if party:
        warnings = ()
        if party["type"] not in type_abbreviations:
            warnings = (
                _("“%(abbr)s” is not a known document-type abbreviation.")
                % {"abbr": party["type"]},
            )
        return Notation(
            raw=text,
            form="party",
            number=int(party["number"]),
            number_text=party["number"],
            type_abbr=party["type"],
            issuer_abbr=party["issuer"],
            warnings=warnings,
        )
    return _unknown(
        raw, text, _("The notation does not follow the State or Party form; kept as written.")
    )


def _unknown(raw: str, text: str, warning: str) -> Notation:
    return Notation(raw=text or raw, form="unknown", warnings=(warning,))
