"""Issuing a signed document (Nghị định 30/2020 Điều 15–16, 18): number, agency signature,
register, delivery to the recipients on the platform; recall and correction letters.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import numbering, signals
from .. import selectors_outgoing as selectors
from ..choices import ArrivalState, OutgoingStatus, Secrecy
from ..models import ElectronicArrival, OutgoingDocument
from .outgoing import SEARCH_TYPE, audit, label, locked, require_status, signing, tell, trace
from .outgoing_draft import create_draft

S = OutgoingStatus
ISSUE_FIELDS = (
    "number", "number_year", "series", "notation", "number_text", "issued_date", "issued_by",
    "filing_line",
)  # fmt: skip


def arrivals_url() -> str:
    try:
        return reverse("eoffice:arrival_list")
    except NoReverseMatch:  # the web pages come separately; the notice goes out without a link
        return ""


def _signer_name(document: OutgoingDocument) -> str:
    if document.signer is None:
        return ""
    return (document.signer.get_full_name() or document.signer.get_username())[:150]


def issue(
    user, document: OutgoingDocument, *, passphrase: str, issued_date: datetime.date | None = None
) -> OutgoingDocument:
    """Number the signed document, add the agency's signature, register and deliver it.

    One transaction: if the agency signature fails (a wrong passphrase, an expired certificate),
    nothing changes and the number goes back to the series.
    """
    core.require(user, "eoffice.issue_outgoing", document.agency)
    today = timezone.localdate()
    issued_date = issued_date or today
    if issued_date > today:
        raise ValidationError({"issued_date": _("The issued date cannot be in the future.")})
    with transaction.atomic():
        document = locked(document)
        if document.status == S.ISSUED or document.number is not None:
            raise ValidationError(
                _("This document was already issued as %(number)s; it cannot be issued again.")
                % {"number": document.number_text}
            )
        require_status(document, S.SIGNED)
        if document.final_file_id is None:
            raise ValidationError(_("The document has no signed file yet."))
        if document.secrecy > Secrecy.NORMAL and document.internal_recipients.exists():
            raise ValidationError(
                _("Secret documents are delivered on paper: remove the electronic recipients.")
            )
        before = core.audit_snapshot(document, ["status", "final_file", *ISSUE_FIELDS])
        assigned = numbering.assign_number(document, issued_date)
        document.number = assigned.number
        document.number_year = assigned.number_year
        document.series = assigned.series
        document.notation = assigned.notation
        document.number_text = assigned.number_text
        document.issued_date = issued_date
        document.issued_by = user
        unit = document.department.abbreviation if document.department_id else ""
        document.filing_line = numbering.filing_line(unit, document.copies_count)
        # Saved before signing: the agency signature stamps this number and date into the PDF.
        document.save(update_fields=[*ISSUE_FIELDS, "updated_at"])
        document.final_file = signing().apply_issue_signature(user, document, passphrase)
        document.status = S.ISSUED
        document.save(update_fields=["final_file", "status", "updated_at"])
        trace(document, user, "issued", document.number_text)
        audit("issue", document, before, "final_file", *ISSUE_FIELDS)
        _deliver(user, document)
        signals.outgoing_issued.send(OutgoingDocument, document=document, user=user)
        core.index_object(
            SEARCH_TYPE,
            str(document.pk),
            " ".join([document.number_text, document.doc_type.name, document.subject]),
        )
        tell(
            [document.drafter, document.signer],
            _("Issued as %(number)s: %(subject)s")
            % {"number": document.number_text, "subject": document.subject[:200]},
            document,
            skip=user,
        )
    return document


def _deliver(user, document: OutgoingDocument) -> None:
    """Every recipient on the platform receives it at once; the others wait for the exchange."""
    recipients = list(document.internal_recipients.order_by("name"))
    for agency in recipients:
        arrival = ElectronicArrival.objects.create(
            agency=agency,
            source=document,
            sender_name=document.agency.name,
            number_text=document.number_text,
            issued_date=document.issued_date,
            doc_type=document.doc_type,
            subject=document.subject,
            signer=_signer_name(document),
            urgency=document.urgency,
            file=document.final_file,
        )
        core.audit_record("eoffice.arrival.deliver", arrival, after=core.audit_snapshot(arrival))
        for clerk in selectors.holders("eoffice.register_incoming", agency):
            core.notify(
                clerk,
                _("New electronic document from %(sender)s: %(number)s %(subject)s")
                % {
                    "sender": document.agency.name,
                    "number": document.number_text,
                    "subject": document.subject[:200],
                },
                arrivals_url(),
            )
        # The automatic receipt (Điều 21): the sender learns the document arrived.
        tell(
            [document.drafter, document.issued_by],
            _("%(number)s arrived at %(agency)s") % {"number": label(document), "agency": agency},
            document,
        )
    if recipients:
        trace(document, user, "delivered", "; ".join(a.name for a in recipients))
    external = list(document.external_recipients.values_list("name", flat=True))
    if external:
        trace(document, user, "queued_for_exchange", "; ".join(external))


def recall(user, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Freeze an issued document and take it back from its recipients (Điều 18 and Phụ lục VI).

    Arrivals not yet registered leave the recipients' queues; a recipient that registered it is
    told to remove it.
    """
    core.require(user, "eoffice.recall_outgoing", document.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the recall.")})
    with transaction.atomic():
        document = locked(document)
        require_status(document, S.ISSUED)
        document.recalled_at = timezone.now()
        document.recall_reason = reason
        before = core.audit_snapshot(document, ["status", "recalled_at", "recall_reason"])
        document.status = S.RECALLED
        document.save(update_fields=["status", "recalled_at", "recall_reason", "updated_at"])
        for arrival in document.arrivals.select_for_update(of=("self",)).select_related("agency"):
            if arrival.state == ArrivalState.ARRIVED:
                arrival.state = ArrivalState.RECALLED
                arrival.note = reason
                arrival.save(update_fields=["state", "note"])
                core.audit_record("eoffice.arrival.recall", arrival, after={"state": arrival.state})
                message = _("%(number)s was recalled by %(sender)s and left your queue: %(reason)s")
            elif arrival.state == ArrivalState.REGISTERED:
                message = _("%(number)s was recalled by %(sender)s; remove it: %(reason)s")
            else:
                continue
            for clerk in selectors.holders("eoffice.register_incoming", arrival.agency):
                core.notify(
                    clerk,
                    message
                    % {
                        "number": document.number_text,
                        "sender": document.agency.name,
                        "reason": reason,
                    },
                    arrivals_url(),
                )
        trace(document, user, "recalled", reason)
        signals.outgoing_recalled.send(
            OutgoingDocument, document=document, user=user, reason=reason
        )
        audit("recall", document, before, "recalled_at", "recall_reason")
        tell(
            [document.drafter, document.signer, document.issued_by],
            _("%(number)s was recalled: %(reason)s")
            % {"number": document.number_text, "reason": reason},
            document,
            skip=user,
        )
    return document


def correct(
    user,
    document: OutgoingDocument,
    subject: str,
    *,
    doc_type="cong_van",
    reviewer=None,
    signer=None,
    upload=None,
    file_name: str = "",
) -> OutgoingDocument:
    """A correction letter (văn bản đính chính): a new draft to the same recipients that refers
    to the issued original; the signer defaults to the original's."""
    if not selectors.can_view(user, document):
        raise PermissionDenied(_("You do not have permission to do this."))
    require_status(document, S.ISSUED)
    return create_draft(
        user,
        document.agency,
        doc_type=doc_type,
        subject=subject,
        secrecy=document.secrecy,
        reviewer=reviewer,
        signer=signer or document.signer,
        signing_authority=document.signing_authority,
        signer_position=document.signer_position,
        recipients_text=document.recipients_text,
        internal_recipients=document.internal_recipients.all(),
        external_recipients=document.external_recipients.values_list("name", "electronic_id"),
        upload=upload,
        file_name=file_name,
        corrects=document,
    )
