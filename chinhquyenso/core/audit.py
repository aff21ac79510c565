"""Writing and verifying the hash-chained audit log.

Each event stores the hash of the previous one; an edited or deleted row breaks the chain at that
point, which `manage.py verify_audit` reports.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import compiled, request_context
from .compiled import insert_row
from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(value: Any) -> Any:
    """Round-trip through JSON so the hash sees exactly what the JSON column stores."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _encoded_payload(event: AuditEvent) -> str:
    payload = {
        "occurred_at": event.occurred_at.astimezone(datetime.UTC).isoformat(
            timespec="microseconds"
        ),
        "actor_id": event.actor_id,
        "actor_repr": event.actor_repr,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": _canonical(event.before),
        "after": _canonical(event.after),
        "ip_address": event.ip_address,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_encoded_payload(event).encode()).hexdigest()


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-ready dict of a model's concrete fields, for `before`/`after`."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields and field.attname not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.attname] = getattr(obj, field.attname)
    # One JSON round trip for the whole dict gives each value what one per field would; the
    # fields keep the model's order.
    canonical = _canonical(data)
    return {key: canonical[key] for key in data}


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    actor=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction so it commits with the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside transaction.atomic()")
    ctx = request_context.current()
    if actor is None and ctx is not None and ctx.user_id is not None:
        actor_id, actor_repr = ctx.user_id, ctx.user_repr
    elif actor is not None:
        actor_id, actor_repr = actor.pk, actor.get_username()
    else:
        actor_id, actor_repr = None, "system"
    if ip_address is None and ctx is not None:
        ip_address = ctx.ip_address
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]

    event = AuditEvent(
        occurred_at=timezone.now(),
        actor_id=actor_id,
        actor_repr=actor_repr[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:300],
        before=_canonical(before),
        after=_canonical(after),
        ip_address=ip_address,
    )
    # Everything but the previous hash is encoded and hashed before the chain head is locked;
    # under the lock only the 64 characters of the previous hash are added (see _event_hash).
    partial = _partial_hash(event)
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and _append_in_one_statement(connection, event, partial):
        return event
    event.prev_hash = _lock_head()
    partial.update(f'{event.prev_hash}"}}'.encode())
    event.hash = partial.hexdigest()
    insert_row(event)  # built once and prepared: the chain head is locked until the commit
    _move_head(event)
    return event


_PREV_MARK = "p" * 64


def _partial_hash(event: AuditEvent):
    """sha256 of the event's hash payload up to its last value, the previous hash.

    `prev_hash` is the last key of the sorted payload, so the encoding ends with that value and
    the closing brace: hashing the rest first gives the same digest as `_event_hash`.
    """
    event.prev_hash = _PREV_MARK
    encoded = _encoded_payload(event)
    tail = f'"{_PREV_MARK}"}}'
    if not encoded.endswith(tail):
        raise RuntimeError("audit payload: prev_hash must be the last key")
    return _PartialHash(encoded[: -len(tail) + 1].encode())


class _PartialHash:
    """The hash payload's bytes before the previous hash, and their running sha256."""

    def __init__(self, prefix: bytes):
        self.prefix = prefix
        self._sha = hashlib.sha256(prefix)

    def update(self, data: bytes) -> None:
        self._sha.update(data)

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def _append_in_one_statement(connection, event: AuditEvent, partial: _PartialHash) -> bool:
    """PostgreSQL: lock the head, insert the event hashed over the head's hash, move the head,
    all in one statement (False when the head row does not exist yet).

    Every audited write waits for the head from its first event to its commit; three round trips
    per event made the chain the platform's narrowest point under concurrent writes
    (docs/benchmarks.md). The database finishes the sha256 over the same bytes `_event_hash`
    hashes, so `verify_chain` checks these rows as any other.
    """
    sql, fields = _one_statement_plan(connection)
    params = [f.get_db_prep_save(f.pre_save(event, True), connection=connection) for f in fields]
    with compiled.cursor(connection) as cursor:
        cursor.execute(sql, [*params, partial.prefix])
        row = cursor.fetchone()
    if row is None:
        return False
    event.pk, event.prev_hash, event.hash = row
    event._state.adding, event._state.db = False, connection.alias
    return True


_PLANS: dict[str, tuple[str, list]] = {}


def _one_statement_plan(connection) -> tuple[str, list]:
    plan = _PLANS.get(connection.alias)
    if plan is not None:
        return plan
    meta = AuditEvent._meta
    fields = [
        f
        for f in meta.local_concrete_fields
        if f is not meta.pk and f.attname not in {"prev_hash", "hash"}
    ]
    quote = connection.ops.quote_name
    events, head = quote(meta.db_table), quote(AuditChainHead._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    # Explicit casts: in INSERT … SELECT the parameters get no type from the target columns.
    values = ", ".join(f"%s::{f.db_type(connection)}" for f in fields)
    sql = (
        f"WITH head AS (SELECT last_hash FROM {head} WHERE id = 1 FOR UPDATE), "  # noqa: S608 - model tables
        f"event AS (INSERT INTO {events} ({columns}, prev_hash, hash) "
        f"SELECT {values}, head.last_hash, encode(sha256(%s::bytea || "
        "convert_to(head.last_hash, 'UTF8') || convert_to('\"}', 'UTF8')), 'hex') "
        "FROM head RETURNING id, prev_hash, hash) "
        f"UPDATE {head} SET last_hash = event.hash, last_event_id = event.id FROM event "
        f"WHERE {head}.id = 1 RETURNING event.id, event.prev_hash, event.hash"
    )
    plan = _PLANS[connection.alias] = (sql, fields)
    return plan


def _lock_head() -> str:
    """Lock the chain head row (created on first use) and return the newest event's hash."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    lock = connection.ops.for_update_sql() if connection.features.has_select_for_update else ""
    with compiled.cursor(connection) as cursor:
        cursor.execute(f"SELECT last_hash FROM {table} WHERE id = 1 {lock}")  # noqa: S608 - model table
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
    return head.last_hash


def _move_head(event: AuditEvent) -> None:
    connection = transaction.get_connection()
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with compiled.cursor(connection) as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_hash = %s, last_event_id = %s WHERE id = 1",  # noqa: S608
            [event.hash, event.pk],
        )


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None
    reason: str


def verify_chain(batch_size: int = 2000) -> ChainBreak | None:
    """Walk the chain in id order; return the first break, or None when intact."""
    expected_prev = GENESIS_HASH
    last_id = 0
    events = AuditEvent.objects.order_by("id")
    for event in events.iterator(chunk_size=batch_size):
        if event.prev_hash != expected_prev:
            return ChainBreak(
                event.pk,
                _("previous-hash link does not match (an earlier event was deleted or edited)"),
            )
        if _event_hash(event) != event.hash:
            return ChainBreak(event.pk, _("content does not match its hash (the row was edited)"))
        expected_prev = event.hash
        last_id = event.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_prev or head.last_event_id != last_id):
        return ChainBreak(
            head.last_event_id or None, _("the newest events were deleted (chain head mismatch)")
        )
    return None
