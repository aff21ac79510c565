"""The receiving side of internal delivery: the clerk registers or refuses an electronic arrival,
and the sender gets the receipt (Nghị định 30/2020 Điều 21; Phụ lục VI "status to the sender")."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core

from ..choices import ArrivalChannel, ArrivalState
from ..models import ElectronicArrival, IncomingDocument
from .outgoing import tell
from .registration import IncomingData, register_incoming

NOT_OPEN = {
    ArrivalState.REGISTERED: gettext_lazy("This document has already been registered."),
    ArrivalState.REFUSED: gettext_lazy("This document was refused."),
    ArrivalState.RECALLED: gettext_lazy("The sender recalled this document."),
}


def _open(arrival: ElectronicArrival) -> ElectronicArrival:
    arrival = (
        ElectronicArrival.objects.select_for_update(of=("self",))
        .select_related("agency", "doc_type", "file", "source")
        .get(pk=arrival.pk)
    )
    if arrival.state != ArrivalState.ARRIVED:
        raise ValidationError(NOT_OPEN[arrival.state])
    return arrival


def _receipt(arrival: ElectronicArrival, message: str) -> None:
    source = arrival.source
    if source is not None:
        tell([source.drafter, source.issued_by], message, source)


def register_arrival(
    user, arrival: ElectronicArrival, *, confirm_duplicate: bool = False
) -> IncomingDocument:
    """Register the arrival as an incoming document (electronic channel, its file attached)."""
    core.require(user, "eoffice.register_incoming", arrival.agency)
    with transaction.atomic():
        arrival = _open(arrival)
        data = IncomingData(
            issuer_name=arrival.sender_name,
            notation=arrival.number_text,
            issued_date=arrival.issued_date,
            doc_type=arrival.doc_type.code,
            subject=arrival.subject,
            channel=ArrivalChannel.ELECTRONIC,
            signer=arrival.signer,
            urgency=arrival.urgency,
        )
        upload = None
        if arrival.file is not None:
            with core.open_file(arrival.file) as content:
                upload = content.read()
        incoming = register_incoming(
            user,
            arrival.agency,
            data,
            upload=upload,
            file_name=arrival.file.original_name if arrival.file else "",
            confirm_duplicate=confirm_duplicate,
        )
        arrival.incoming = incoming
        arrival.state = ArrivalState.REGISTERED
        arrival.save(update_fields=["incoming", "state"])
        core.audit_record(
            "eoffice.arrival.register",
            arrival,
            before={"state": ArrivalState.ARRIVED},
            after={"state": arrival.state, "incoming_id": incoming.pk},
        )
        _receipt(
            arrival,
            _("%(number)s was registered by %(agency)s (arrival number %(arrival)s)")
            % {
                "number": arrival.number_text,
                "agency": arrival.agency,
                "arrival": incoming.arrival_number,
            },
        )
    return incoming


def refuse_arrival(user, arrival: ElectronicArrival, reason: str) -> ElectronicArrival:
    """Refuse a misaddressed or invalid arrival; the sender is told why."""
    core.require(user, "eoffice.register_incoming", arrival.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for refusing the document.")})
    with transaction.atomic():
        arrival = _open(arrival)
        arrival.state = ArrivalState.REFUSED
        arrival.note = reason
        arrival.save(update_fields=["state", "note"])
        core.audit_record(
            "eoffice.arrival.refuse",
            arrival,
            before={"state": ArrivalState.ARRIVED},
            after={"state": arrival.state, "note": reason},
        )
        _receipt(
            arrival,
            _("%(number)s was refused by %(agency)s: %(reason)s")
            % {"number": arrival.number_text, "agency": arrival.agency, "reason": reason},
        )
    return arrival
