"""Vietnamese text folding: the one normalisation every search backend uses."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Fold for matching: NFC/NFD alike, lower case, no tone or vowel marks, đ→d, single spaces.

    "Quảng Ngãi", "QUẢNG NGÃI" and "quang ngai" all fold to "quang ngai".
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text).lower()
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", stripped).strip()
