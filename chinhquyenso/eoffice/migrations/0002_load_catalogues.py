"""Loads the document-type and copy-type catalogues from data/eoffice/*.csv (idempotent)."""

from django.db import migrations


def load(apps, schema_editor):
    from chinhquyenso.eoffice.catalogues import load_catalogues

    load_catalogues(lambda name: apps.get_model("eoffice", name))


class Migration(migrations.Migration):
    dependencies = [("eoffice", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
