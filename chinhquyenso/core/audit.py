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

from . import request_context
from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(value: Any) -> Any:
    """Round-trip through JSON so the hash sees exactly what the JSON column stores."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _event_hash(event: AuditEvent) -> str:
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
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-ready dict of a model's concrete fields, for `before`/`after`."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields and field.attname not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.attname] = _canonical(getattr(obj, field.attname))
    return data


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

    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
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
        prev_hash=head.last_hash,
    )
    event.hash = _event_hash(event)
    event.save()
    AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, last_event_id=event.pk)
    return event


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
