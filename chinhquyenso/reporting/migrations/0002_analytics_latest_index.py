"""PostgreSQL: a covering index for the read-time roll-up (analytics_sql.py).

Each unit's last period of a "latest value" element, and the sums per stored period, are read from
the index alone (an index-only scan grouped in index order), not from the table. Measured on
6,000,000 values (docs/benchmarks.md, "Reporting"): the dashboard of the resolution for the
province went from 6.9 s to 2.9 s median, the check of the units' last periods from 2–4.7 s to 1.3 s
(2-core machine under load 7–9). SQLite keeps its single-column indexes.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS reporting_value_latest ON reporting_datavalue "
    "(element_id, option_combo_id, org_unit_id, period) INCLUDE (number, period_start)",
]
BACKWARD = ["DROP INDEX IF EXISTS reporting_value_latest"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
