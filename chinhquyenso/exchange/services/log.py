"""Appending to and verifying the message log (X-Road's message log is the model).

Each entry stores the SHA-256 of the message, the hash of the previous entry and the instance
key's signature of its own hash; `manage.py verify_message_log` walks the chain.
"""

import base64
import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..keys import certificate_fingerprint, instance_key, verify_with
from ..models import LogCertificate, MessageLogEntry, MessageLogHead

GENESIS_HASH = "0" * 64


def entry_hash(entry: MessageLogEntry) -> str:
    payload = {
        "created_at": entry.created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "direction": entry.direction,
        "kind": entry.kind,
        "partner_id": entry.partner_id,
        "partner_name": entry.partner_name,
        "document_id": entry.document_id,
        "status_code": entry.status_code,
        "from_organ_id": entry.from_organ_id,
        "to_organ_ids": entry.to_organ_ids,
        "outcome": entry.outcome,
        "reason": entry.reason,
        "sha256": entry.sha256,
        "size": entry.size,
        "prev_hash": entry.prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def _certificate() -> LogCertificate:
    key = instance_key()
    certificate, _created = LogCertificate.objects.get_or_create(
        fingerprint=key.fingerprint, defaults={"pem": key.cert_pem.decode("ascii")}
    )
    return certificate


def append(
    *,
    direction: str,
    kind: str,
    outcome: str,
    payload: bytes | None = None,
    sha256: str = "",
    partner=None,
    document_id: str = "",
    status_code: str = "",
    from_organ_id: str = "",
    to_organ_ids: list[str] | tuple[str, ...] = (),
    reason: str = "",
    keep_payload: bool = True,
) -> MessageLogEntry:
    """Append one entry inside the caller's transaction (or a new one)."""
    if payload is not None:
        sha256 = hashlib.sha256(payload).hexdigest()
    with transaction.atomic():
        head, _created = MessageLogHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        entry = MessageLogEntry(
            created_at=timezone.now(),
            direction=direction,
            kind=kind,
            partner=partner,
            partner_name=partner.name[:255] if partner is not None else "",
            document_id=document_id[:255],
            status_code=status_code,
            from_organ_id=from_organ_id[:13],
            to_organ_ids=",".join(to_organ_ids)[:500],
            outcome=outcome,
            reason=reason[:4000],
            sha256=sha256,
            size=len(payload) if payload is not None else 0,
            payload=payload if keep_payload else None,
            prev_hash=head.last_hash,
            certificate=_certificate(),
        )
        entry.entry_hash = entry_hash(entry)
        entry.signature = base64.b64encode(instance_key().sign(entry.entry_hash.encode())).decode()
        entry.save()
        MessageLogHead.objects.filter(pk=1).update(
            last_hash=entry.entry_hash, last_entry_id=entry.pk
        )
    return entry


@dataclass(frozen=True)
class LogBreak:
    entry_id: int | None
    reason: str


def check_entry(entry: MessageLogEntry, expected_prev: str) -> str:
    """Why this entry is bad, or "" when it is intact."""
    if entry.prev_hash != expected_prev:
        return "previous-hash link does not match (an earlier entry was deleted or edited)"
    if entry_hash(entry) != entry.entry_hash:
        return "content does not match its hash (the entry was edited)"
    if entry.payload is not None and hashlib.sha256(bytes(entry.payload)).hexdigest() != (
        entry.sha256
    ):
        return "the stored message does not match its SHA-256"
    pem = entry.certificate.pem.encode("ascii")
    if certificate_fingerprint(pem) != entry.certificate.fingerprint:
        return "the signing certificate was replaced"
    try:
        signature = base64.b64decode(entry.signature, validate=True)
    except ValueError:
        return "the instance signature is not valid base64"
    if not verify_with(pem, signature, entry.entry_hash.encode()):
        return "the instance signature does not verify"
    return ""


def verify_chain(batch_size: int = 2000) -> LogBreak | None:
    """Walk the log in id order; the first bad entry, or None when everything verifies."""
    expected_prev, last_id = GENESIS_HASH, 0
    entries = MessageLogEntry.objects.select_related("certificate").order_by("id")
    for entry in entries.iterator(chunk_size=batch_size):
        reason = check_entry(entry, expected_prev)
        if reason:
            return LogBreak(entry.pk, reason)
        expected_prev, last_id = entry.entry_hash, entry.pk
    head = MessageLogHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_prev or head.last_entry_id != last_id):
        return LogBreak(head.last_entry_id or None, "the newest entries were deleted")
    return None


def retention_days() -> int:
    return int(getattr(settings, "EXCHANGE_LOG_RETENTION_DAYS", 3650))


def purge_payloads(now: datetime.datetime | None = None) -> int:
    """Drop stored messages older than the retention period; hashes and the chain remain."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    return MessageLogEntry.objects.filter(created_at__lt=cutoff, payload__isnull=False).update(
        payload=None, payload_purged_at=now
    )
