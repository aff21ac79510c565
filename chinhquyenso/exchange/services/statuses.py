"""Status messages both ways: we tell senders what became of their documents (01 … 16); the
statuses our recipients send update our deliveries; a recall request (13) is answered 15 or 16."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import edxml
from ..choices import DeliveryState, Direction, InboundState, MessageKind, Outcome
from ..edxml import codes
from ..keys import instance_key
from ..models import Delivery, InboundDocument, Partner, StatusUpdate
from . import log, outbox
from .partners import route

PROGRESS = {
    codes.ARRIVED: 1,
    codes.REGISTERED: 3,
    codes.WAITING_ASSIGNMENT: 4,
    codes.IN_PROGRESS: 5,
    codes.DONE: 6,
}


def status_message(inbound: InboundDocument, code: str, description: str = "", staff: str = ""):
    agency = inbound.agency
    return edxml.StatusMessage(
        sender=edxml.Organization(agency.electronic_id or "", agency.name),
        recipient=edxml.Organization(inbound.sender_organ_id, inbound.sender_name),
        response_for=edxml.ResponseFor(
            organ_id=inbound.sender_organ_id,
            code=inbound.code,
            promulgation_date=inbound.promulgation_date,
            document_id=inbound.document_id,
        ),
        status_code=code,
        description=description[:2000],
        timestamp=timezone.localtime().replace(tzinfo=None, microsecond=0),
        staff=edxml.StaffInfo(staff=staff[:255]),
    )


def encode(status) -> bytes:
    key = instance_key()
    return edxml.encode_status(status, key.key_pem, key.cert_pem)


def queue_status(
    inbound: InboundDocument, code: str, description: str = "", staff: str = ""
) -> None:
    """Send a status about a received document back to its sender, through the outbox."""
    organisation = route(inbound.sender_organ_id)
    partner = organisation.partner if organisation is not None else inbound.partner
    payload = encode(status_message(inbound, code, description, staff))
    with transaction.atomic():
        outbox.queue(
            kind=MessageKind.STATUS,
            payload=payload,
            recipients=[outbox.Recipient(partner, inbound.sender_organ_id, inbound.sender_name)],
            document_id=inbound.document_id,
            agency=inbound.agency,
            code=inbound.code,
            status_code=code,
            from_organ_id=inbound.agency.electronic_id or "",
        )
        InboundDocument.objects.filter(pk=inbound.pk).update(last_status_sent=code)
        inbound.last_status_sent = code


def _record(delivery: Delivery, status: edxml.StatusMessage) -> StatusUpdate:
    reported = status.timestamp
    if reported is not None and timezone.is_naive(reported):
        reported = timezone.make_aware(reported)
    update = StatusUpdate.objects.create(
        delivery=delivery,
        code=status.status_code,
        description=status.description[:4000],
        staff=status.staff.staff[:255],
        reported_at=reported,
    )
    fields = []
    # Progress statuses can arrive out of order (03 may overtake the synchronous 01): never go back.
    current, new = PROGRESS.get(delivery.remote_status), PROGRESS.get(status.status_code)
    if current is None or new is None or new >= current:
        delivery.remote_status = status.status_code
        fields.append("remote_status")
    if status.status_code == codes.REFUSED:
        delivery.state = DeliveryState.REFUSED
        delivery.last_error = status.description[:2000]
        fields += ["state", "last_error"]
    if fields:
        delivery.save(update_fields=fields)
    _tell_sender(delivery, status)
    return update


def _tell_sender(delivery: Delivery, status: edxml.StatusMessage) -> None:
    document = delivery.message.outgoing_document
    if document is None or document.issued_by_id is None:
        return
    core.notify(
        document.issued_by,
        _("%(number)s at %(recipient)s: %(status)s %(text)s")
        % {
            "number": delivery.message.code,
            "recipient": delivery.recipient_name or delivery.recipient_organ_id,
            "status": status.status_code,
            "text": codes.STATUS_LABELS.get(status.status_code, ""),
        },
        delivery.message.get_absolute_url(),
    )


def apply_reply(delivery: Delivery, body: bytes) -> None:
    """The synchronous answer to a document (status 01 or 02), signed by the partner."""
    partner = delivery.partner
    certs = [partner.certificate_pem.encode("ascii")] if partner.certificate_pem else []
    try:
        decoded = edxml.decode(body, certs)
    except edxml.EdxmlError as exc:
        log.append(
            direction=Direction.IN,
            kind=MessageKind.STATUS,
            outcome=Outcome.REFUSED,
            payload=body,
            partner=partner,
            document_id=delivery.message.document_id,
            reason=exc.message,
        )
        return
    status = decoded.message
    log.append(
        direction=Direction.IN,
        kind=MessageKind.STATUS,
        outcome=Outcome.ACCEPTED,
        payload=body,
        partner=partner,
        document_id=status.response_for.document_id,
        status_code=status.status_code,
        from_organ_id=status.sender.organ_id,
    )
    if status.response_for.document_id == delivery.message.document_id:
        _record(delivery, status)


def receive_status(partner: Partner, status: edxml.StatusMessage) -> str:
    """A status from a partner (inside the caller's transaction). Returns "" or why refused."""
    response_for = status.response_for
    if status.status_code == codes.RECALL_REQUEST:
        return recall_requested(partner, status)
    deliveries = list(
        Delivery.objects.select_for_update(of=("self",))
        .select_related("message", "message__outgoing_document")
        .filter(
            message__kind=MessageKind.DOCUMENT,
            message__document_id=response_for.document_id,
            recipient_organ_id=status.sender.organ_id,
        )
    )
    if not deliveries:
        return _("No document %(id)s was sent to %(organ)s.") % {
            "id": response_for.document_id,
            "organ": status.sender.organ_id,
        }
    for delivery in deliveries:
        _record(delivery, status)
    return ""


def recall_requested(partner: Partner, status: edxml.StatusMessage) -> str:
    """The sender recalls a document (13): removed at once while not yet being handled (15),
    otherwise a clerk decides (15 or 16)."""
    inbound_documents = list(
        InboundDocument.objects.select_for_update(of=("self",))
        .select_related("agency", "incoming_document")
        .filter(
            sender_organ_id=status.sender.organ_id,
            document_id=status.response_for.document_id,
            state=InboundState.REGISTERED,
        )
    )
    if not inbound_documents:
        return _("No document %(id)s from %(organ)s is waiting here.") % {
            "id": status.response_for.document_id,
            "organ": status.sender.organ_id,
        }
    for inbound in inbound_documents:
        inbound.recall_reason = status.description[:4000]
        inbound.state = InboundState.RECALL_REQUESTED
        inbound.save(update_fields=["recall_reason", "state"])
        try:
            with transaction.atomic():
                accept_recall(None, inbound, automatic=True)
        except ValidationError:
            continue  # being handled: a clerk decides (exchange recall page)
    return ""


def accept_recall(user, inbound: InboundDocument, *, automatic: bool = False) -> None:
    """Remove the incoming document through the e-office door and answer 15."""
    from chinhquyenso.eoffice import services as eoffice

    from ..gateway import gateway_user

    if not automatic:
        core.require(user, "exchange.decide_recall", inbound.agency)
    if inbound.state != InboundState.RECALL_REQUESTED:
        raise ValidationError(_("No recall is waiting for a decision on this document."))
    actor = user or gateway_user()
    with transaction.atomic():
        if inbound.incoming_document is not None:
            eoffice.withdraw_incoming(
                actor,
                inbound.incoming_document,
                _("Recalled by the sender: %(reason)s") % {"reason": inbound.recall_reason},
                force=not automatic,
            )
        inbound.state = InboundState.RECALLED
        inbound.incoming_document = None
        inbound.save(update_fields=["state", "incoming_document"])
        core.audit_record("exchange.inbound.recall_accepted", inbound, actor=actor)
        queue_status(inbound, codes.RECALL_ACCEPTED, inbound.recall_reason)


def refuse_recall(user, inbound: InboundDocument, reason: str) -> None:
    core.require(user, "exchange.decide_recall", inbound.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for refusing the recall.")})
    if inbound.state != InboundState.RECALL_REQUESTED:
        raise ValidationError(_("No recall is waiting for a decision on this document."))
    with transaction.atomic():
        inbound.state = InboundState.REGISTERED
        inbound.save(update_fields=["state"])
        core.audit_record("exchange.inbound.recall_refused", inbound, after={"reason": reason})
        queue_status(inbound, codes.RECALL_REFUSED, reason)


def request_recall(message, reason: str) -> int:
    """Ask every recipient that received this document to remove it (13). Returns how many."""
    if message.kind != MessageKind.DOCUMENT:
        return 0
    count = 0
    key = instance_key()
    agency = message.agency
    for delivery in message.deliveries.select_related("partner"):
        if delivery.state != DeliveryState.DELIVERED:
            if delivery.state in {DeliveryState.QUEUED, DeliveryState.RETRYING}:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=DeliveryState.FAILED, last_error=reason[:2000], next_attempt_at=None
                )
            continue
        status = edxml.StatusMessage(
            sender=edxml.Organization(agency.electronic_id or "", agency.name),
            recipient=edxml.Organization(delivery.recipient_organ_id, delivery.recipient_name),
            response_for=edxml.ResponseFor(
                organ_id=agency.electronic_id or "",
                code=message.code,
                promulgation_date=_date_of(message.document_id),
                document_id=message.document_id,
            ),
            status_code=codes.RECALL_REQUEST,
            description=reason[:2000],
            timestamp=timezone.localtime().replace(tzinfo=None, microsecond=0),
        )
        outbox.queue(
            kind=MessageKind.STATUS,
            payload=edxml.encode_status(status, key.key_pem, key.cert_pem),
            recipients=[
                outbox.Recipient(
                    delivery.partner, delivery.recipient_organ_id, delivery.recipient_name
                )  # fmt: skip
            ],
            document_id=message.document_id,
            agency=agency,
            code=message.code,
            status_code=codes.RECALL_REQUEST,
            from_organ_id=agency.electronic_id or "",
        )
        count += 1
    return count


def _date_of(document_id: str) -> datetime.date | None:
    parts = document_id.split(",")
    try:
        return datetime.datetime.strptime(parts[1], codes.DATE_FORMAT).date()
    except (IndexError, ValueError):
        return None
