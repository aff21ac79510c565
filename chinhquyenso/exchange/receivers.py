"""Exchange follows the e-office through its signals: issued and recalled outgoing documents are
sent; status changes of received documents are reported to their senders (04, 05, 06, 02)."""

from django.dispatch import receiver

from chinhquyenso.eoffice import signals

from .choices import InboundState
from .edxml import codes
from .models import InboundDocument

STATUS_CODES = {
    "presented": codes.WAITING_ASSIGNMENT,
    "assigned": codes.IN_PROGRESS,
    "in_progress": codes.IN_PROGRESS,
    "completed": codes.DONE,
    "returned": codes.REFUSED,
}


@receiver(signals.outgoing_issued, dispatch_uid="exchange.outgoing_issued")
def outgoing_issued(sender, document, **kwargs):
    from .services.sending import send_issued

    send_issued(document)


@receiver(signals.outgoing_recalled, dispatch_uid="exchange.outgoing_recalled")
def outgoing_recalled(sender, document, reason="", **kwargs):
    from .services.sending import recall_issued

    recall_issued(document, reason)


@receiver(signals.incoming_status_changed, dispatch_uid="exchange.incoming_status_changed")
def incoming_status_changed(sender, document, status, note="", **kwargs):
    from .services.statuses import queue_status

    code = STATUS_CODES.get(str(status))
    if code is None:
        return
    for inbound in InboundDocument.objects.select_related("agency", "partner").filter(
        incoming_document=document, state=InboundState.REGISTERED
    ):
        if inbound.last_status_sent != code:
            queue_status(inbound, code, note)
