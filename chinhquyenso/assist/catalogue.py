"""The document-type and copy-type catalogues as extraction needs them, read from data/eoffice/.

The e-office loads the same CSV files into its DocumentType table; reading the files here keeps
extraction a plain function that needs no database.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from chinhquyenso.core.text import fold


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    abbreviation: str


def _read(filename: str) -> tuple[CatalogueEntry, ...]:
    path = Path(settings.BASE_DIR) / "data" / "eoffice" / filename
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            CatalogueEntry(row["name"], row["abbreviation"]) for row in csv.DictReader(handle)
        )


@cache
def document_types() -> tuple[CatalogueEntry, ...]:
    return _read("document-types.csv")


@cache
def copy_types() -> tuple[CatalogueEntry, ...]:
    return _read("copy-types.csv")


@cache
def type_by_folded_name() -> dict[str, str]:
    """'quyet dinh' -> 'Quyết định': a title line in capitals, folded, finds its catalogue name."""
    return {fold(entry.name): entry.name for entry in document_types()}


@cache
def type_by_abbreviation() -> dict[str, str]:
    """'QĐ' -> 'Quyết định', case-exact as the catalogue writes it (QyĐ, TTr)."""
    return {entry.abbreviation: entry.name for entry in document_types() if entry.abbreviation}


@cache
def copy_by_folded_name() -> dict[str, str]:
    names = {fold(entry.name): entry.name for entry in copy_types()}
    # The Party copy is printed "BẢN SAO"; the catalogue names it "Bản sao (Đảng)".
    names["ban sao"] = next(e.name for e in copy_types() if e.abbreviation == "BS")
    return names
