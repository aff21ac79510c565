"""Turning OCR, PDF or Markdown text into clean lines for metadata extraction.

Two-column headers come out in several shapes: one column after the other (pdftotext on an OCR
layer), side by side separated by wide spaces (pdftotext -layout, Markdown tables), or merged into
one line. Splitting on wide gaps and removing the national and Party mottos makes them alike.
"""

import re
import unicodedata

from chinhquyenso.core.text import fold

MOTTOS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "dang cong san viet nam",
)
_COLUMN_GAP = re.compile(r"\s{3,}|\t")
_RULE_ONLY = re.compile(r"^[\s\-–—=_+|*.~]*$")
_MARKDOWN = re.compile(r"\*\*|\*|\\(?=[-.\\*_\[\]()#\s])|\\$")
_SPACES = re.compile(r"\s+")
_MOTTO_TOKENS = tuple(tuple(m.replace("-", " - ").split()) for m in MOTTOS)


def _tokens_folded(tokens: list[str]) -> list[str]:
    return [fold(t).strip(".,:;") for t in tokens]


def _remove_mottos(segment: str) -> str:
    """Drop a motto wherever it sits in the segment, keeping the rest as written."""
    tokens = segment.replace("-", " - ").split()
    folded = _tokens_folded(tokens)
    changed = False
    for motto in _MOTTO_TOKENS:
        size = len(motto)
        for start in range(len(folded) - size + 1):
            if tuple(folded[start : start + size]) == motto:
                del tokens[start : start + size]
                del folded[start : start + size]
                changed = True
                break
    return " ".join(tokens).replace(" - ", "-") if changed else segment


def clean_lines(text: str) -> list[str]:
    """Non-empty segments as lines, with "" marking a paragraph break (never two in a row)."""
    text = unicodedata.normalize("NFC", text or "")
    result: list[str] = []
    for raw in text.splitlines():
        raw = _MARKDOWN.sub("", raw.replace("\\-", "-"))
        segments = [s for s in _COLUMN_GAP.split(raw.strip()) if not _RULE_ONLY.match(s)]
        if not segments:
            if result and result[-1] != "":
                result.append("")
            continue
        for segment in segments:
            segment = _remove_mottos(_SPACES.sub(" ", segment).strip())
            if segment and not _RULE_ONLY.match(segment):
                result.append(segment)
    while result and result[-1] == "":
        result.pop()
    return result


def is_caps(line: str) -> bool:
    """All letters are capitals (a header or title line), with at least three letters."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)
