"""Prefill of incoming-document metadata from text: số/ký hiệu, date, issuer, type and trích yếu.

Plain rules over the layout of Nghị định 30/2020 Phụ lục I and HD 36-HD/VPTW. Every field comes
with a confidence between 0 and 1 so the form can mark what the clerk should check. An arrival
stamp ("VĂN BẢN ĐẾN", "ĐẾN") and a copy block ("SAO LỤC", "SAO Y", "BẢN SAO") are read apart, so
the stamp's arrival number is never taken for the document's number.
"""

import datetime
import re

from chinhquyenso.core.text import fold

from . import catalogue
from .lines import clean_lines, is_caps

HEADER_LINES = 40
_NUMBER_PREFIX = re.compile(r"^\s*s\s?[o6]\b\s*[:.]?\s*", re.IGNORECASE)
_WORD = r"[^\W_][\w&.]*"
_STATE = re.compile(rf"^(\d{{1,7}})(?:/((?:19|20)\d\d))?/({_WORD}(?:-{_WORD})*)")
_PARTY = re.compile(rf"^(\d{{1,7}})-({_WORD})/({_WORD}(?:-{_WORD})*)")
_LONG_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*((?:19|20)\d\d)")
_SHORT_DATE = re.compile(r"ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)")
_PLACE_DATE = re.compile(r"[a-z][a-z ]*,\s*ngay\b")
_SUBJECT_STOPS = (
    "can cu",
    "kinh gui",
    "thuc hien",
    "xet ",
    "theo ",
    "nham ",
    "trong ",
    "dieu ",
    "phan ",
    "chuong ",
    "quyet nghi",
    "noi nhan",
    "- ",
)
_NUMBERED = re.compile(r"^([ivxl]+|\d+)\.\s")
# A first header line that names only a kind of body; the place or the parent is on the next line.
_JOIN_WITH_NEXT = {
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "uy ban thuong vu",
    "uy ban mat tran to quoc viet nam",
    "uy ban kiem tra",
}
# A last header line that names a body of the committee on the line above.
_JOIN_WITH_PREVIOUS = {"ban thuong vu", "ban chap hanh", "thuong truc"}
_AGENCY_WORDS = (
    "uy ban",
    "ubnd",
    "hdnd",
    "hoi dong",
    "so ",
    "ban ",
    "bo ",
    "tinh uy",
    "huyen uy",
    "thanh uy",
    "thi uy",
    "dang uy",
    "dang bo",
    "van phong",
    "phong ",
    "cuc ",
    "chi cuc",
    "cong an",
    "truong",
    "trung tam",
    "mat tran",
    "quoc hoi",
    "chinh phu",
    "toa an",
    "vien ",
)


def _field(value, confidence: float) -> dict:
    return {"value": value, "confidence": round(confidence, 2) if value else 0.0}


def _is_agency(line: str) -> bool:
    return is_caps(line) and any(word in fold(line) + " " for word in _AGENCY_WORDS)


def _type_name(line: str) -> str | None:
    if not is_caps(line) or len(line) > 40:
        return None
    return catalogue.type_by_folded_name().get(fold(line).strip(" .:"))


def parse_date(line: str) -> tuple[datetime.date | None, float]:
    """A date written "ngày 07 tháng 9 năm 2023" or "ngày 7/9/2023", with its confidence."""
    text = fold(line)
    for pattern, confidence in ((_LONG_DATE, 0.9), (_SHORT_DATE, 0.8)):
        match = pattern.search(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                value = datetime.date(year, month, day)
            except ValueError:
                continue
            return value, confidence + (0.05 if _PLACE_DATE.search(text) else 0.0)
    return None, 0.0


def parse_number_line(line: str) -> str | None:
    """The notation on a line starting with "Số" (State "Số: 15/QĐ-UBND", Party "Số 19-CT/TU")."""
    prefix = _NUMBER_PREFIX.match(fold(line)[:8])
    if not prefix:
        return None
    rest = re.sub(r"\s*([/-])\s*", r"\1", line[prefix.end() :].strip())
    rest = rest.replace("–", "-").replace("—", "-")
    match = _STATE.match(rest) or _PARTY.match(rest)
    return match.group(0).rstrip(".-") if match else None


def notation_type(notation: str) -> str | None:
    """The catalogue type named by the notation's abbreviation, if any (None for công văn)."""
    abbreviations = catalogue.type_by_abbreviation()
    party = _PARTY.match(notation)
    if party and "/" in notation.split("-", 1)[1]:
        return abbreviations.get(party.group(2))
    state = _STATE.match(notation)
    return abbreviations.get(state.group(3).split("-")[0]) if state else None


def _assemble_issuer(lines: list[str]) -> str:
    lines = [line.strip(" *.,") for line in lines if line.strip(" *.,")]
    if not lines:
        return ""
    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        ends_open = fold(line).endswith((" va", ","))
        if (fold(line) in _JOIN_WITH_NEXT or ends_open) and index + 1 < len(lines):
            line = f"{line} {lines[index + 1]}"
            index += 1
        joined.append(line)
        index += 1
    if len(joined) >= 2 and fold(joined[-1]) in _JOIN_WITH_PREVIOUS:
        return f"{joined[-1]} {joined[-2]}"
    return joined[-1]


def _issuer_lines(lines: list[str], start: int, stop: int) -> list[str]:
    """Leading agency lines of lines[start:stop], before the number, date or title."""
    found: list[str] = []
    for line in lines[start:stop]:
        if not line:
            continue  # OCR puts the motto column between the issuer lines, leaving gaps
        continues = found and fold(found[-1]).endswith((" va", ","))  # "PHÒNG TÀI CHÍNH VÀ"
        if not continues and (_type_name(line) or parse_number_line(line) or not is_caps(line)):
            break
        found.append(line)
        if len(found) == 4:
            break
    return found


def _take_arrival_stamp(lines: list[str]) -> tuple[dict | None, list[str]]:
    """Read and remove a receiving stamp: its agency, arrival number and arrival date."""
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if fold(line) in {"den", "van ban den"} or fold(line).startswith("van ban den ")
        ),
        None,
    )
    if start is None:
        return None, lines
    removed = {start}
    stamp = {"agency": "", "number": "", "date": None}
    for offset in range(1, 8):
        index = start + offset
        if index >= len(lines):
            break
        text = fold(lines[index])
        numbered = re.match(r"^so\W*(\d+)", text)
        if numbered and not stamp["number"]:
            stamp["number"] = numbered.group(1)
            stamp["date"] = _stamp_date(text)
            removed.add(index)
        elif text.startswith(("chuyen", "luu ho so", "ngay", "gio")):
            if text.startswith("ngay") and not stamp["date"]:
                stamp["date"] = _stamp_date(text)
            removed.add(index)
    back = start - 1
    while back >= 0 and (not lines[back] or _type_name(lines[back])):
        back -= 1
    if back >= 0 and _is_agency(lines[back]):
        stamp["agency"] = lines[back]
        removed.add(back)
    return stamp, [line for i, line in enumerate(lines) if i not in removed]


def _stamp_date(text: str) -> str | None:
    after = text.split("ngay", 1)[1] if "ngay" in text else ""
    groups = re.findall(r"\d+", after)
    # The stamp's pre-printed slashes are often read as a lone "1" between handwritten figures.
    if len(groups) > 3:
        groups = [g for g in groups if g != "1"]
    if len(groups) < 3:
        return None
    try:
        return datetime.date(int(groups[-1]), int(groups[1]), int(groups[0])).isoformat()
    except ValueError:
        return None


def _take_copy_block(lines: list[str]) -> tuple[dict | None, list[str]]:
    """Read a copy block ("SAO LỤC" with its own issuer, number and date) and cut it off."""
    names = catalogue.copy_by_folded_name()
    for index, line in enumerate(lines):
        if not is_caps(line) or fold(line) not in names:
            continue
        first = index
        while first > 0 and (lines[first - 1] == "" or _is_agency(lines[first - 1])):
            if lines[first - 1] and index - first >= 4:
                break
            first -= 1
        issuer = _assemble_issuer([item for item in lines[first:index] if item])
        notation, date, date_conf = None, None, 0.0
        for later in lines[index + 1 : index + 30]:
            notation = notation or parse_number_line(later)
            if date is None:
                date, date_conf = parse_date(later)
        copy = {
            "copy_type": names[fold(line)],
            "issuer": issuer,
            "notation": notation or "",
            "issued_date": date.isoformat() if date else None,
            "date_confidence": round(date_conf, 2),
        }
        return copy, lines[:first]
    return None, lines


def _subject_after(lines: list[str], start: int) -> tuple[str, float, str]:
    """Trích yếu from lines[start:], and the body named on a "CỦA …" line (Party resolutions)."""
    collected: list[str] = []
    of_body = ""
    confidence = 0.85
    for line in lines[start:]:
        text = fold(line)
        if not line:
            if collected:
                break
            continue
        if not collected and not of_body and text.startswith("cua ") and is_caps(line):
            of_body = re.sub(r"\s+KHÓA\s+\w+$", "", line[4:].strip(), flags=re.IGNORECASE)
            continue
        stop = text.startswith(_SUBJECT_STOPS) or _NUMBERED.match(text) or parse_date(line)[0]
        if stop or parse_number_line(line) or (collected and _is_agency(line)):
            break
        collected.append(line)
        if len(collected) == 4:
            confidence = 0.6
            break
    subject = " ".join(collected).strip(" ,;.:_-|~")
    return subject, confidence, of_body


def _letter_subject(lines: list[str]) -> tuple[str, int | None]:
    """A công văn's "V/v …" subject and the index of its line."""
    for index, line in enumerate(lines[:HEADER_LINES]):
        # OCR sometimes loses the small "v" of "V/v" (read as "V/ …").
        match = re.match(r"^\s*V\s*/\s*v?\b[:.]?\s*", line, re.IGNORECASE)
        if match:
            first = line[match.end() :]
            subject, _confidence, _ = _subject_after([first, *lines[index + 1 :]], 0)
            return subject, index
    return "", None


def extract_metadata(text: str) -> dict:
    """Prefill values with confidences: notation, issued_date (ISO), issuer, doc_type, subject.

    Also `arrival_stamp` and `copy` when the text carries them (else None).
    """
    lines = clean_lines(text)
    stamp, lines = _take_arrival_stamp(lines)
    copy, lines = _take_copy_block(lines)

    title_index, doc_type, type_conf = None, None, 0.0
    for index, line in enumerate(lines[:HEADER_LINES]):
        doc_type = _type_name(line)
        if doc_type and index and fold(lines[index - 1]).endswith((" va", ",")):
            doc_type = None  # the end of a wrapped name ("PHÒNG TÀI CHÍNH VÀ / KẾ HOẠCH")
        if doc_type:
            title_index, type_conf = index, 0.95
            break
    header_end = title_index if title_index is not None else min(len(lines), 20)

    notation, notation_conf = None, 0.0
    for index, line in enumerate(lines[:HEADER_LINES]):
        notation = parse_number_line(line)
        if notation:
            notation_conf = 0.95 if index < header_end else 0.75
            break

    issued, date_conf = None, 0.0
    for line in lines[:header_end]:
        issued, date_conf = parse_date(line)
        if issued:
            break

    issuer = _assemble_issuer(_issuer_lines(lines, 0, header_end))
    issuer_conf = 0.9 if issuer and _is_agency(issuer) else 0.6

    subject, subject_conf, of_body = "", 0.0, ""
    if title_index is not None:
        subject, subject_conf, of_body = _subject_after(lines, title_index + 1)
    else:
        subject, letter_index = _letter_subject(lines)
        if letter_index is not None:
            doc_type, type_conf, subject_conf = "Công văn", 0.85, 0.8
    if not issuer and of_body:
        issuer, issuer_conf = of_body, 0.6

    if copy and not notation:
        # A copy whose original lost its header: register it as the copy that arrived.
        notation, notation_conf = copy["notation"] or None, 0.6
        issuer, issuer_conf = copy["issuer"] or issuer, 0.6
        if copy["issued_date"]:
            issued = datetime.date.fromisoformat(copy["issued_date"])
            date_conf = 0.6

    by_notation = notation_type(notation) if notation else None
    if doc_type is None and by_notation:
        doc_type, type_conf = by_notation, 0.7
    elif doc_type and by_notation and by_notation != doc_type and not copy:
        notation_conf = type_conf = 0.6

    return {
        "notation": _field(notation or "", notation_conf),
        "issued_date": _field(issued.isoformat() if issued else None, date_conf),
        "issuer": _field(issuer, issuer_conf),
        "doc_type": _field(doc_type or "", type_conf),
        "subject": _field(subject, subject_conf),
        "arrival_stamp": stamp,
        "copy": copy,
    }
