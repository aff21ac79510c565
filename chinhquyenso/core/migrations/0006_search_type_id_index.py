"""PostgreSQL: the newest entries of one object type, read in key order (core search)."""

from django.db import migrations


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0005_search_vector_column")]
    operations = [
        migrations.RunPython(
            _run(
                "CREATE INDEX core_searchentry_type_id ON core_searchentry (object_type, id DESC)"
            ),
            _run("DROP INDEX IF EXISTS core_searchentry_type_id"),
        )
    ]
