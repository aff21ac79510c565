"""The Vietnamese catalogue is complete, not fuzzy, keeps placeholders and is compiled."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.PACKAGE_DIR) / "locale" / "vi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$")


def _unquote(text: str) -> str:
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append({"n": "\n", "t": "\t"}.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[dict]:
    """Entries as dicts of keyword -> text, plus their flags; obsolete (#~) entries are skipped."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set()}
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                current = match.group(1)
                entry[current] = _unquote(match.group(2))
            elif line.startswith('"') and current:
                entry[current] += _unquote(line)
        if "msgid" in entry:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return [e for e in parse_po(LOCALE / "django.po") if e["msgid"]]


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_header_is_final_and_vietnamese():
    header = next(e for e in parse_po(LOCALE / "django.po") if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: vi\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]


def test_every_message_is_translated(entries):
    untranslated = [e["msgid"] for e in entries if not all(_translations(e))]
    assert untranslated == [], "run `make messages`, then translate these in django.po"


def test_no_fuzzy_entries(entries):
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def test_placeholders_are_kept(entries):
    broken = [
        e["msgid"]
        for e in entries
        for text in _translations(e)
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(e["msgid"]))
    ]
    assert broken == []


def test_compiled_catalogue_matches_the_po_file(entries):
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e["msgid"]
        for e in entries
        if "msgid_plural" not in e
        and "msgctxt" not in e
        and compiled.gettext(e["msgid"]) != e["msgstr"]
    ]
    assert stale == [], "run compilemessages: django.mo is older than django.po"


def test_key_terms_use_the_administrative_vocabulary(entries):
    by_id = {e["msgid"]: e.get("msgstr") for e in entries}
    assert by_id["Clerk"] == "Văn thư"
    assert by_id["One-stop-shop officer"] == "Cán bộ một cửa"
    assert by_id["Audit log"] == "Nhật ký hệ thống"
