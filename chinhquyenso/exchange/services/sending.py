"""An issued outgoing document with recipients outside the platform becomes one signed edXML
message, queued to each recipient the organisation directory can route."""

import logging

from django.utils import timezone

from chinhquyenso.core import services as core

from .. import edxml
from ..choices import MessageKind
from ..keys import instance_key
from ..models import OutgoingMessage
from . import outbox
from .partners import route
from .statuses import request_recall

logger = logging.getLogger(__name__)

# e-office urgency (0–3) is the edXML priority; 4 (hỏa tốc hẹn giờ) is never produced here.
LEGAL_NORMATIVE_TYPE = 2
ADMINISTRATIVE_TYPE = 1


def _code_parts(document) -> tuple[str, str]:
    """(CodeNumber, CodeNotation) from the issued number: 15/QĐ-UBND or 19-CT/TU."""
    number = f"{document.number:02d}" if document.number is not None else ""
    text = document.number_text or ""
    for separator in ("/", "-"):
        if number and text.startswith(number + separator):
            return number, text[len(number) + 1 :]
    return number, document.notation or text


def build(document, recipients: list[outbox.Recipient]) -> edxml.Message:
    agency = document.agency
    number, notation = _code_parts(document)
    attachments = []
    if document.final_file_id is not None:
        with core.open_file(document.final_file) as handle:
            content = handle.read()
        attachments.append(
            edxml.Attachment(
                content_id="1",
                name=f"{(document.number_text or 'van-ban').replace('/', '-')}.pdf",
                content=content,
                content_type=document.final_file.mime_type or "application/pdf",
                description=document.subject[:200],
            )
        )
    signer = document.signer
    return edxml.Message(
        sender=edxml.Organization(
            agency.electronic_id, agency.name, agency.address, agency.email, agency.phone
        ),
        recipients=[edxml.Organization(r.organ_id, r.name) for r in recipients],
        code_number=number,
        code_notation=notation,
        promulgation_place=getattr(agency.administrative_unit, "name", "") or "",
        promulgation_date=document.issued_date,
        document_type=LEGAL_NORMATIVE_TYPE if document.is_legal_normative else ADMINISTRATIVE_TYPE,
        type_name=document.doc_type.name,
        subject=document.subject,
        signer=edxml.SignerInfo(
            competence=document.signing_authority or "",
            position=document.signer_position or "",
            full_name=(signer.get_full_name() or signer.get_username()) if signer else "",
        ),
        priority=min(int(document.urgency or 0), 3),
        to_places=[line for line in (document.recipients_text or "").splitlines() if line.strip()],
        trace=[
            edxml.TraceHeader(
                agency.electronic_id, timezone.localtime().replace(tzinfo=None, microsecond=0)
            )
        ],
        attachments=attachments,
        document_id=edxml.document_id(
            agency.electronic_id, document.issued_date, document.number_text
        ),
    )


def send_issued(document) -> OutgoingMessage | None:
    """Queue the document to its external recipients found in the directory (in the issuing
    transaction: it commits or rolls back with the issue)."""
    if not document.agency.electronic_id:
        logger.warning("outgoing %s: the agency has no electronic identifier", document.pk)
        return None
    recipients = []
    for external in document.external_recipients.all():
        organisation = route(external.electronic_id) if external.electronic_id else None
        if organisation is not None:
            recipients.append(
                outbox.Recipient(organisation.partner, organisation.organ_id, organisation.name)
            )
    if not recipients:
        return None
    key = instance_key()
    message = build(document, recipients)
    payload = edxml.encode_message(message, key.key_pem, key.cert_pem)
    return outbox.queue(
        kind=MessageKind.DOCUMENT,
        payload=payload,
        recipients=recipients,
        document_id=message.document_id,
        agency=document.agency,
        code=document.number_text,
        subject=document.subject,
        from_organ_id=document.agency.electronic_id,
        outgoing_document=document,
    )


def recall_issued(document, reason: str) -> int:
    count = 0
    for message in OutgoingMessage.objects.filter(
        outgoing_document=document, kind=MessageKind.DOCUMENT
    ).select_related("agency"):
        count += request_recall(message, reason)
    return count
