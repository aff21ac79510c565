"""What the e-office shows of each external recipient of an outgoing document: the state of its
delivery and the last status message (01–06, 15) the recipient sent back."""

from django.utils.translation import gettext as _

from ..choices import DeliveryState, MessageKind
from ..edxml import codes
from ..models import Delivery

# edXML status codes → the e-office's recipient statuses (eoffice.selectors_outgoing).
REMOTE_TO_RECIPIENT = {
    codes.ARRIVED: "arrived",
    codes.REFUSED: "refused",
    codes.REGISTERED: "registered",
    codes.WAITING_ASSIGNMENT: "assigned",
    codes.IN_PROGRESS: "in_handling",
    codes.DONE: "done",
    codes.RECALL_ACCEPTED: "recalled",
    codes.RECALL_REFUSED: "in_handling",  # they keep handling it
}


def external_statuses(document) -> dict[str, tuple[str, str]]:
    """{recipient's 13-character identifier: (status, note)} for an issued outgoing document."""
    deliveries = Delivery.objects.filter(
        message__outgoing_document=document, message__kind=MessageKind.DOCUMENT
    ).order_by("id")
    statuses: dict[str, tuple[str, str]] = {}
    for delivery in deliveries:
        statuses[delivery.recipient_organ_id] = _status_of(delivery)
    return statuses


def _status_of(delivery: Delivery) -> tuple[str, str]:
    if delivery.state == DeliveryState.QUEUED:
        return "queued", ""
    if delivery.state == DeliveryState.RETRYING:
        note = _("attempt %(n)s failed: %(error)s; it will be tried again") % {
            "n": delivery.attempts,
            "error": delivery.last_error[:200],
        }
        return "queued", note
    if delivery.state == DeliveryState.FAILED:
        return "failed", delivery.last_error[:300]
    if delivery.state == DeliveryState.REFUSED:
        return "refused", delivery.last_error[:300]
    return REMOTE_TO_RECIPIENT.get(delivery.remote_status, "sent"), ""
