"""The document-type and copy-type catalogues, loaded from data/eoffice/*.csv (idempotent)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "eoffice"
FILES = (("DocumentType", "document-types.csv"), ("CopyType", "copy-types.csv"))


def load_catalogues(get_model) -> int:
    """Create or update every row; `get_model(name)` gives the (possibly historical) model."""
    changed = 0
    for model_name, filename in FILES:
        model = get_model(model_name)
        with open(DATA / filename, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row.pop("code")
                _obj, created = model.objects.update_or_create(code=code, defaults=row)
                changed += int(created)
    return changed
