"""Gapless number series: the next value is taken inside the caller's transaction.

One upsert takes the number: INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL, and SQLite
from 3.35) creates the counter or increments it and holds the row lock until the caller commits, so
concurrent callers queue and each gets a distinct number. A rolled-back transaction gives its number
back, so the series has no gaps.
"""

from django.db import connection, transaction

from chinhquyenso.core import compiled
from chinhquyenso.core.models import SequenceCounter


def next_value(series: str, scope: str, period: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must be called inside transaction.atomic()")
    table = SequenceCounter._meta.db_table
    with compiled.cursor(connection) as cursor:  # prepared on PostgreSQL
        cursor.execute(
            f"INSERT INTO {table} (series, scope, period, last_value) VALUES (%s, %s, %s, 1) "  # noqa: S608 - table name from the model
            "ON CONFLICT (series, scope, period) "
            f"DO UPDATE SET last_value = {table}.last_value + 1 RETURNING last_value",
            [series, scope, period],
        )
        return cursor.fetchone()[0]


def current_value(series: str, scope: str, period: str) -> int:
    counter = SequenceCounter.objects.filter(series=series, scope=scope, period=period).first()
    return counter.last_value if counter else 0
