"""An arriving edXML document becomes an electronic incoming document through the e-office door
(`register_incoming`): the main PDF is the document's file, e-office checks its PDF signatures."""

from django.conf import settings
from django.core.exceptions import ValidationError

from chinhquyenso.core import services as core
from chinhquyenso.eoffice import services as eoffice

from .. import edxml


def _doc_type(type_name: str) -> str:
    try:
        return eoffice.resolve_doc_type(type_name).code
    except ValidationError:
        return getattr(settings, "EXCHANGE_DEFAULT_DOC_TYPE", "") or "cong_van"


def _urgency(priority: int) -> int:
    return min(max(priority, 0), 3)  # 4 (hỏa tốc hẹn giờ) is handled as hỏa tốc


def files_of(message: edxml.Message) -> list[edxml.Attachment]:
    """Every file of the message, ZIP archives opened (bounded), in manifest order."""
    files = []
    for attachment in message.attachments:
        files.extend(edxml.expand(attachment))
    return files


def _main(files: list[edxml.Attachment]) -> edxml.Attachment | None:
    pdfs = [f for f in files if f.content.startswith(b"%PDF")]
    return pdfs[0] if pdfs else None


def register(user, agency, message: edxml.Message, sender):
    """Register one arrival; returns the incoming document and the other stored files."""
    if message.promulgation_date is None:
        raise ValidationError({"issued_date": "PromulgationDate is missing."})
    files = files_of(message)
    main = _main(files)
    code = message.code or message.document_id.split(",")[-1]
    data = eoffice.IncomingData(
        issuer_name=message.sender.organ_name or sender.name,
        notation=code,
        issued_date=message.promulgation_date,
        doc_type=_doc_type(message.type_name),
        subject=message.subject or code,
        channel="electronic",
        signer=message.signer.full_name,
        urgency=_urgency(message.priority),
        pages=message.page_amount or None,
        due_date=message.due_date,
    )
    incoming = eoffice.register_incoming(
        user,
        agency,
        data,
        upload=main.content if main else None,
        file_name=main.name if main else "",
        confirm_duplicate=True,
        content_text=message.content,
    )
    stored = [(f.name, core.store_file(user, f.content, f.name)) for f in files if f is not main]
    return incoming, stored
