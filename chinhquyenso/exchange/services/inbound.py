"""Receiving: authenticate, parse safely, verify the signature, register once per DocumentId
through the e-office door, answer 01 at once and 03 after registration; refuse with a reason.

A refused message leaves only its log entry: everything else is in one rolled-back transaction.
"""

import json
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency

from .. import edxml
from ..choices import Direction, InboundState, MessageKind, Outcome
from ..edxml import codes
from ..gateway import gateway_user
from ..keys import certificate_fingerprint
from ..models import InboundAttachment, InboundDocument, Organisation, Partner
from . import log
from .register import register
from .statuses import encode, queue_status, recall_requested, receive_status, status_message

logger = logging.getLogger(__name__)


@dataclass
class Reply:
    http_status: int
    body: bytes
    content_type: str = "application/json"


class Refused(Exception):
    def __init__(self, http_status: int, reason: str, *, status: bool = True):
        super().__init__(reason)
        self.http_status = http_status
        self.reason = reason
        self.status = status


def _json(http_status: int, **data) -> Reply:
    return Reply(http_status, json.dumps(data, ensure_ascii=False).encode())


def _refuse(payload: bytes, partner: Partner | None, refused: Refused, **fields) -> Reply:
    log.append(
        direction=Direction.IN,
        kind=fields.pop("kind", MessageKind.DOCUMENT),
        outcome=Outcome.REFUSED,
        payload=payload if partner is not None else None,
        sha256="" if partner is not None else _sha(payload),
        partner=partner,
        reason=refused.reason,
        **fields,
    )
    logger.info("exchange message refused: %s", refused.reason)
    body = {"reason": refused.reason}
    if refused.status:
        body["status"] = codes.REFUSED
    return _json(refused.http_status, **body)


def _sha(payload: bytes) -> str:
    import hashlib

    return hashlib.sha256(payload).hexdigest()


def receive(payload: bytes, partner: Partner | None, *, recipient_organ_id: str = "") -> Reply:
    """Handle one message a partner sent to our inbound endpoint."""
    if partner is None:
        return _refuse(
            payload, None, Refused(401, _("Unknown partner or wrong credentials."), status=False)
        )
    certs = [partner.certificate_pem.encode("ascii")] if partner.certificate_pem else []
    try:
        decoded = edxml.decode(payload, certs)
    except edxml.EdxmlError as exc:
        http = 413 if exc.code in {"too_large", "attachment_too_large", "zip_bomb"} else 400
        return _refuse(payload, partner, Refused(http, f"{exc.code}: {exc.message}"))
    if decoded.kind == edxml.STATUS:
        return _receive_status(payload, partner, decoded.message)
    return _receive_document(payload, partner, decoded.message, recipient_organ_id, certs)


def _receive_status(payload: bytes, partner: Partner, status: edxml.StatusMessage) -> Reply:
    fields = {
        "kind": MessageKind.STATUS,
        "document_id": status.response_for.document_id,
        "status_code": status.status_code,
        "from_organ_id": status.sender.organ_id,
    }
    if not Organisation.objects.filter(
        partner=partner, organ_id=status.sender.organ_id, is_active=True
    ).exists():
        return _refuse(payload, partner, Refused(403, _("Unknown sender.")), **fields)
    with transaction.atomic():
        reason = receive_status(partner, status)
        if reason:
            transaction.set_rollback(True)
    if reason:
        return _refuse(payload, partner, Refused(404, reason, status=False), **fields)
    log.append(
        direction=Direction.IN, outcome=Outcome.ACCEPTED, payload=payload, partner=partner,
        **fields,
    )  # fmt: skip
    return _json(200, ok=True)


def _recipients(message: edxml.Message, recipient_organ_id: str) -> list[Agency]:
    wanted = [r.organ_id for r in message.recipients]
    if recipient_organ_id:
        wanted = [o for o in wanted if o == recipient_organ_id]
    today = timezone.localdate()
    return list(
        Agency.objects.filter(electronic_id__in=wanted)
        .exclude(valid_to__lt=today)
        .order_by("electronic_id")
    )


def _receive_document(
    payload: bytes,
    partner: Partner,
    message: edxml.Message,
    recipient_organ_id: str,
    certs: list[bytes],
) -> Reply:
    fields = {
        "document_id": message.document_id,
        "from_organ_id": message.sender.organ_id,
        "to_organ_ids": [r.organ_id for r in message.recipients],
    }
    sender = Organisation.objects.filter(
        partner=partner, organ_id=message.sender.organ_id, is_active=True
    ).first()
    if sender is None:
        return _refuse(payload, partner, Refused(403, _("Unknown sender.")), **fields)
    if not message.document_id:
        return _refuse(payload, partner, Refused(400, _("The message has no DocumentId.")),
                       **fields)  # fmt: skip
    if message.business.doc_type == codes.RECALL:
        return _business_recall(payload, partner, message, fields)
    agencies = _recipients(message, recipient_organ_id)
    if not agencies:
        return _refuse(
            payload, partner, Refused(422, _("No recipient of this message is here.")), **fields
        )
    if gateway_user() is None:
        return _json(503, reason=_("The exchange gateway account is not set up."))
    first, any_created = None, False
    try:
        with transaction.atomic():
            for agency in agencies:
                inbound, created = _store_one(partner, sender, message, agency, certs)
                first = first or inbound
                if created:
                    any_created = True
                    queue_status(inbound, codes.REGISTERED)
            outcome = Outcome.ACCEPTED if any_created else Outcome.DUPLICATE
            log.append(
                direction=Direction.IN, kind=MessageKind.DOCUMENT, outcome=outcome,
                payload=payload, partner=partner, **fields,
            )  # fmt: skip
    except (ValidationError, edxml.EdxmlError, core.FileRefused, IntegrityError) as exc:
        reason = _reason(exc)
        return _refuse(payload, partner, Refused(422, reason), **fields)
    body = encode(status_message(first, codes.ARRIVED))
    log.append(
        direction=Direction.OUT, kind=MessageKind.STATUS, outcome=Outcome.DELIVERED, payload=body,
        partner=partner, document_id=message.document_id, status_code=codes.ARRIVED,
        from_organ_id=first.agency.electronic_id or "", to_organ_ids=[message.sender.organ_id],
    )  # fmt: skip
    return Reply(200, body, "application/xml; charset=utf-8")


def _reason(exc: Exception) -> str:
    if isinstance(exc, edxml.EdxmlError):
        return f"{exc.code}: {exc.message}"
    if isinstance(exc, ValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in messages.items())
    return str(exc)


def _store_one(partner, sender, message: edxml.Message, agency, certs):
    existing = (
        InboundDocument.objects.select_for_update()
        .filter(sender_organ_id=sender.organ_id, document_id=message.document_id, agency=agency)
        .first()
    )
    if existing is not None:
        return existing, False
    incoming, files = register(gateway_user(), agency, message, sender)
    inbound = InboundDocument.objects.create(
        partner=partner,
        agency=agency,
        sender_organ_id=sender.organ_id,
        sender_name=message.sender.organ_name or sender.name,
        document_id=message.document_id,
        code=message.code,
        subject=message.subject,
        promulgation_date=message.promulgation_date,
        business_type=message.business.doc_type,
        incoming_document=incoming,
        signature_verified=bool(certs),
        signer_fingerprint=certificate_fingerprint(certs[0]) if certs else "",
        last_status_sent=codes.ARRIVED,
    )
    InboundAttachment.objects.bulk_create(
        [InboundAttachment(document=inbound, file=f, name=name[:255]) for name, f in files]
    )
    if message.business.doc_type == codes.REPLACE and message.business.document_id:
        InboundDocument.objects.filter(
            sender_organ_id=sender.organ_id,
            document_id=message.business.document_id,
            agency=agency,
            state=InboundState.REGISTERED,
        ).update(state=InboundState.SUPERSEDED)
    core.audit_record(
        "exchange.inbound.receive",
        inbound,
        actor=gateway_user(),
        after={"document_id": inbound.document_id, "incoming_id": incoming.pk},
    )
    return inbound, True


def _business_recall(payload, partner, message: edxml.Message, fields) -> Reply:
    """A document message with business type 1 (recall) is handled like status 13."""
    status = edxml.StatusMessage(
        sender=message.sender,
        response_for=edxml.ResponseFor(
            organ_id=message.sender.organ_id,
            code=message.code,
            promulgation_date=message.promulgation_date,
            document_id=message.business.document_id or message.document_id,
        ),
        status_code=codes.RECALL_REQUEST,
        description=message.business.reason,
        timestamp=timezone.localtime().replace(tzinfo=None),
    )
    with transaction.atomic():
        reason = recall_requested(partner, status)
        if reason:
            transaction.set_rollback(True)
    if reason:
        return _refuse(payload, partner, Refused(404, reason, status=False), **fields)
    log.append(
        direction=Direction.IN, kind=MessageKind.DOCUMENT, outcome=Outcome.ACCEPTED,
        payload=payload, partner=partner, **fields,
    )  # fmt: skip
    return _json(200, ok=True)
