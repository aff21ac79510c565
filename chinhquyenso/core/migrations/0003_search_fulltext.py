"""Full-text index over SearchEntry.content: FTS5 on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    # External-content table: the text lives once, in core_searchentry; FTS5 keeps only the index.
    """CREATE VIRTUAL TABLE core_searchentry_fts USING fts5(
        content, content='core_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER core_searchentry_fts_ai AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(rowid, content) VALUES (new.id, new.content);
    END""",
    """CREATE TRIGGER core_searchentry_fts_ad AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
    END""",
    """CREATE TRIGGER core_searchentry_fts_au AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
        INSERT INTO core_searchentry_fts(rowid, content) VALUES (new.id, new.content);
    END""",
    "INSERT INTO core_searchentry_fts(core_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_au",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_ai",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX core_searchentry_content_fts ON core_searchentry "
    "USING GIN (to_tsvector('simple', content))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS core_searchentry_content_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_sequence_counter"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
