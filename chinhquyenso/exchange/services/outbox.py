"""The outbox: queue signed messages, deliver them with retries and exponential backoff.

A delivery is attempted right after the queuing transaction commits (a django-tasks task); a
failed attempt is scheduled again after 1, 2, 4 … minutes (capped), either as a deferred task
(database backend) or by the `deliver_exchange_messages` sweep.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import edxml
from ..choices import DeliveryState, Direction, MessageKind, Outcome
from ..connectors import ConnectorError, Response, connector_for
from ..models import Delivery, OutgoingMessage, Partner
from . import log

logger = logging.getLogger(__name__)


@dataclass
class Recipient:
    partner: Partner
    organ_id: str
    name: str = ""


def max_attempts() -> int:
    return int(getattr(settings, "EXCHANGE_MAX_ATTEMPTS", 12))


def backoff(attempts: int) -> datetime.timedelta:
    """1 minute after the first failure, doubling, at most EXCHANGE_MAX_BACKOFF_SECONDS."""
    base = float(getattr(settings, "EXCHANGE_RETRY_BASE_SECONDS", 60))
    cap = float(getattr(settings, "EXCHANGE_MAX_BACKOFF_SECONDS", 6 * 3600))
    return datetime.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def queue(
    *,
    kind: str,
    payload: bytes,
    recipients: list[Recipient],
    document_id: str,
    agency=None,
    code: str = "",
    subject: str = "",
    business_type: int = 0,
    status_code: str = "",
    from_organ_id: str = "",
    outgoing_document=None,
) -> OutgoingMessage:
    """Store the message and one delivery per recipient; delivery starts after commit."""
    with transaction.atomic():
        message = OutgoingMessage.objects.create(
            kind=kind,
            agency=agency,
            document_id=document_id,
            code=code,
            subject=subject,
            business_type=business_type,
            status_code=status_code,
            outgoing_document=outgoing_document,
            payload=payload,
            sha256=hashlib.sha256(payload).hexdigest(),
        )
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(
                    message=message,
                    partner=r.partner,
                    recipient_organ_id=r.organ_id,
                    recipient_name=r.name[:255],
                    next_attempt_at=timezone.now(),
                )
                for r in recipients
            ]
        )
        log.append(
            direction=Direction.OUT,
            kind=kind,
            outcome=Outcome.QUEUED,
            payload=payload,
            partner=recipients[0].partner if len(recipients) == 1 else None,
            document_id=document_id,
            status_code=status_code,
            from_organ_id=from_organ_id,
            to_organ_ids=[r.organ_id for r in recipients],
        )
        ids = [d.pk for d in deliveries] or list(message.deliveries.values_list("pk", flat=True))
        transaction.on_commit(lambda: _enqueue(ids))
    return message


def _enqueue(delivery_ids: list[int], run_after: datetime.datetime | None = None) -> None:
    from ..tasks import deliver_message

    task = deliver_message
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the sweep (deliver_exchange_messages) picks it up when due
        task = task.using(run_after=run_after)
    for pk in delivery_ids:
        task.enqueue(pk)


def attempt(delivery_id: int) -> str:
    """Try one delivery now; returns its new state."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("message", "partner")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state in {
            DeliveryState.DELIVERED,
            DeliveryState.REFUSED,
            DeliveryState.FAILED,
        }:
            return delivery.state if delivery else ""
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    message = delivery.message
    try:
        response = connector_for(delivery.partner).send(
            delivery.partner,
            bytes(message.payload),
            kind=message.kind,
            sender=message.agency.electronic_id if message.agency_id else "",
            recipient=delivery.recipient_organ_id,
        )
    except ConnectorError as exc:
        return _failed(delivery, str(exc))
    return _answered(delivery, response)


def _log_attempt(delivery: Delivery, outcome: str, reason: str = "") -> None:
    message = delivery.message
    log.append(
        direction=Direction.OUT,
        kind=message.kind,
        outcome=outcome,
        sha256=message.sha256,
        partner=delivery.partner,
        document_id=message.document_id,
        status_code=message.status_code,
        to_organ_ids=[delivery.recipient_organ_id],
        reason=reason,
    )


def _failed(delivery: Delivery, reason: str) -> str:
    with transaction.atomic():
        delivery.last_error = reason[:2000]
        if delivery.attempts >= max_attempts():
            delivery.state = DeliveryState.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.state = DeliveryState.RETRYING
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        delivery.save(update_fields=["last_error", "state", "next_attempt_at"])
        _log_attempt(delivery, Outcome.FAILED, reason)
        if delivery.next_attempt_at is not None:
            run_after = delivery.next_attempt_at
            transaction.on_commit(lambda: _enqueue([delivery.pk], run_after))
    logger.info("exchange delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts,
                reason)  # fmt: skip
    return delivery.state


def _answered(delivery: Delivery, response: Response) -> str:
    from .statuses import apply_reply

    if 200 <= response.http_status < 300:
        with transaction.atomic():
            delivery.state = DeliveryState.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
            delivery.save(update_fields=["state", "delivered_at", "next_attempt_at", "last_error"])
            _log_attempt(delivery, Outcome.DELIVERED)
            if "xml" in response.content_type and response.body:
                apply_reply(delivery, response.body)
        return delivery.state
    if response.http_status in {401, 403} and not response.json().get("status"):
        return _failed(delivery, f"HTTP {response.http_status}: {response.json().get('reason')}")
    reason = str(response.json().get("reason") or f"HTTP {response.http_status}")
    with transaction.atomic():
        delivery.state = DeliveryState.REFUSED
        delivery.next_attempt_at = None
        delivery.last_error = reason[:2000]
        if delivery.message.kind == MessageKind.DOCUMENT:
            delivery.remote_status = edxml.codes.REFUSED
        delivery.save(update_fields=["state", "next_attempt_at", "last_error", "remote_status"])
        _log_attempt(delivery, Outcome.REFUSED, reason)
    return delivery.state


def deliver_due(now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Attempt every delivery whose time has come; returns how many were attempted."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(
            state__in=[DeliveryState.QUEUED, DeliveryState.RETRYING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        attempt(pk)
    return len(due)
