"""Gapless number series: the next value is taken inside the caller's transaction.

The counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers), so concurrent callers queue and each gets a distinct number. A rolled-back
transaction gives its number back, so the series has no gaps.
"""

from django.db import transaction

from chinhquyenso.core.models import SequenceCounter


def next_value(series: str, scope: str, period: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must be called inside transaction.atomic()")
    # Create the row if missing without failing when another transaction creates it first.
    SequenceCounter.objects.bulk_create(
        [SequenceCounter(series=series, scope=scope, period=period)], ignore_conflicts=True
    )
    counter = SequenceCounter.objects.select_for_update().get(
        series=series, scope=scope, period=period
    )
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def current_value(series: str, scope: str, period: str) -> int:
    counter = SequenceCounter.objects.filter(series=series, scope=scope, period=period).first()
    return counter.last_value if counter else 0
