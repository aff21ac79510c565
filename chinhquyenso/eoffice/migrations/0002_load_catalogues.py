"""Loads the document-type and copy-type catalogues from data/eoffice/*.csv (idempotent)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[3] / "data" / "eoffice"


def load(apps, schema_editor):
    for model_name, filename in (("DocumentType", "document-types.csv"), ("CopyType", "copy-types.csv")):
        model = apps.get_model("eoffice", model_name)
        with open(DATA / filename, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row.pop("code")
                model.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("eoffice", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
