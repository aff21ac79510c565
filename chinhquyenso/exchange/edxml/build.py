"""Builds edXML documents and status messages with explicit `edXML:` prefixes (QCVN 102:2016).

Our choice, documented in docs/exchange.md: attachments go in `edXML:AttachmentEncoded` after the
header and body, as the last child of the root, so one well-formed file carries everything and the
enveloped signature covers the attachments too.
"""

import base64
import datetime

from lxml import etree

from . import codes
from .model import Message, Organization, ResponseFor, StatusMessage, TraceHeader

NS = codes.NAMESPACE
NSMAP = {codes.PREFIX: NS}


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _date(value: datetime.date | None) -> str:
    return value.strftime(codes.DATE_FORMAT) if value else ""


def _timestamp(value: datetime.datetime) -> str:
    return value.strftime(codes.TIMESTAMP_FORMAT)


def document_id(organ_id: str, date: datetime.date, code: str) -> str:
    """DocumentId = `{OrganId},{YYYY/MM/DD},{số}/{ký hiệu}`."""
    return f"{organ_id},{_date(date)},{code}"


def _text(parent, name: str, value) -> etree._Element:
    element = etree.SubElement(parent, q(name))
    element.text = "" if value is None else str(value)
    return element


def _organization(parent, name: str, organ: Organization) -> None:
    element = etree.SubElement(parent, q(name))
    _text(element, "OrganId", organ.organ_id)
    _text(element, "OrganName", organ.organ_name)
    _text(element, "OrganAdd", organ.organ_add)
    _text(element, "Email", organ.email)
    _text(element, "Telephone", organ.telephone)
    _text(element, "Fax", organ.fax)
    _text(element, "Website", organ.website)


def _response_for(parent, item: ResponseFor) -> None:
    element = etree.SubElement(parent, q("ResponseFor"))
    _text(element, "OrganId", item.organ_id)
    _text(element, "Code", item.code)
    _text(element, "PromulgationDate", _date(item.promulgation_date))
    _text(element, "DocumentId", item.document_id)


def _trace(parent, trace: list[TraceHeader]) -> None:
    element = etree.SubElement(parent, q("TraceHeaderList"))
    for item in trace:
        header = etree.SubElement(element, q("TraceHeader"))
        _text(header, "OrganId", item.organ_id)
        _text(header, "Timestamp", _timestamp(item.timestamp))


def _signature_placeholder(parent) -> None:
    """signxml puts the enveloped signature where this placeholder stands."""
    etree.SubElement(parent, f"{{{codes.DSIG_NAMESPACE}}}Signature", Id="placeholder")


def build_message(message: Message, *, placeholder: bool = True) -> etree._Element:
    """The envelope of one document message, ready to sign."""
    if not message.document_id:
        message.document_id = document_id(
            message.sender.organ_id, message.promulgation_date, message.code
        )
    root = etree.Element(q("edXMLEnvelope"), nsmap=NSMAP)
    header = etree.SubElement(root, q("edXMLHeader"))
    mh = etree.SubElement(header, q("MessageHeader"))
    _organization(mh, "From", message.sender)
    for recipient in message.recipients:
        _organization(mh, "To", recipient)
    _text(mh, "DocumentId", message.document_id)
    code = etree.SubElement(mh, q("Code"))
    _text(code, "CodeNumber", message.code_number)
    _text(code, "CodeNotation", message.code_notation)
    promulgation = etree.SubElement(mh, q("PromulgationInfo"))
    _text(promulgation, "Place", message.promulgation_place)
    _text(promulgation, "PromulgationDate", _date(message.promulgation_date))
    doc_type = etree.SubElement(mh, q("DocumentType"))
    _text(doc_type, "Type", message.document_type)
    _text(doc_type, "TypeName", message.type_name)
    _text(mh, "Subject", message.subject)
    _text(mh, "Content", message.content)
    signer = etree.SubElement(mh, q("SignerInfo"))
    _text(signer, "Competence", message.signer.competence)
    _text(signer, "Position", message.signer.position)
    _text(signer, "FullName", message.signer.full_name)
    _text(mh, "DueDate", _date(message.due_date))
    places = etree.SubElement(mh, q("ToPlaces"))
    for place in message.to_places:
        _text(places, "Place", place)
    other = etree.SubElement(mh, q("OtherInfo"))
    _text(other, "Priority", message.priority)
    _text(other, "SphereOfPromulgation", message.sphere_of_promulgation)
    _text(other, "TyperNotation", message.typer_notation)
    _text(other, "PromulgationAmount", message.promulgation_amount or "")
    _text(other, "PageAmount", message.page_amount or "")
    appendixes = etree.SubElement(other, q("Appendixes"))
    for appendix in message.appendixes:
        _text(appendixes, "Appendix", appendix)
    for item in message.response_for:
        _response_for(mh, item)
    _text(mh, "SteeringType", message.steering_type)
    _trace(header, message.trace)
    business = etree.SubElement(header, q("Bussiness"))
    _text(business, "BussinessDocType", message.business.doc_type)
    _text(business, "BussinessDocReason", message.business.reason)
    _text(business, "DocumentId", message.business.document_id)
    _text(business, "Paper", 1 if message.business.paper else 0)
    if placeholder:
        _signature_placeholder(header)
    body = etree.SubElement(root, q("edXMLBody"))
    manifest = etree.SubElement(body, q("edXMLManifest"), version="1.0")
    for attachment in message.attachments:
        reference = etree.SubElement(manifest, q("Reference"))
        reference.set(q("href"), f"cid:{attachment.content_id}")
        _text(reference, "AttachmentName", attachment.name)
        _text(reference, "Description", attachment.description)
        _text(reference, "ContentType", attachment.content_type)
    if message.attachments:
        encoded = etree.SubElement(root, q("AttachmentEncoded"))
        for attachment in message.attachments:
            item = etree.SubElement(encoded, q("Attachment"))
            item.set(q("id"), attachment.content_id)
            item.set(q("name"), attachment.name)
            item.text = base64.b64encode(attachment.content).decode("ascii")
    return root


def build_status(status: StatusMessage, *, placeholder: bool = True) -> etree._Element:
    """A status message (edXML:Status) answering an earlier document."""
    root = etree.Element(q("Status"), nsmap=NSMAP)
    header = etree.SubElement(root, q("Header"))
    mh = etree.SubElement(header, q("MessageHeader"))
    _response_for(mh, status.response_for)
    _organization(mh, "From", status.sender)
    if status.recipient is not None:
        _organization(mh, "To", status.recipient)
    _text(mh, "StatusCode", status.status_code)
    _text(mh, "Description", status.description)
    _text(mh, "Timestamp", _timestamp(status.timestamp))
    staff = etree.SubElement(mh, q("StaffInfo"))
    _text(staff, "Department", status.staff.department)
    _text(staff, "Staff", status.staff.staff)
    _text(staff, "Mobile", status.staff.mobile)
    _text(staff, "Email", status.staff.email)
    _trace(header, status.trace)
    if placeholder:
        _signature_placeholder(header)
    return root


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
