"""Tolerant reading of edXML: prefixed, default-namespace or unprefixed elements, the nested
MessageHeader or the flat legacy layout, attachments inside or after the envelope."""

import base64
import binascii
import datetime
import re

from lxml import etree

from .errors import EdxmlError
from .model import (
    Attachment,
    Business,
    Message,
    Organization,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)
from .safe import parse_xml

DOCUMENT = "document"
STATUS = "status"
_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y")
_TIMESTAMP_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def children(scope, name: str) -> list:
    return [child for child in scope if local(child) == name]


def child(scope, name: str):
    found = children(scope, name) if scope is not None else []
    return found[0] if found else None


def descendant(scope, name: str):
    return next((e for e in scope.iter() if local(e) == name), None)


def first(*elements):
    """The first element that exists (lxml elements without children are falsy)."""
    return next((e for e in elements if e is not None), None)


def text(scope, name: str) -> str:
    if scope is None:
        return ""
    element = child(scope, name)
    return (element.text or "").strip() if element is not None else ""


def attribute(element, name: str) -> str:
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return ""


def parse_date(value: str, field: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    raise EdxmlError("invalid", f"{field}: “{value}” is not a date (YYYY/MM/DD).")


def parse_timestamp(value: str) -> datetime.datetime | None:
    value = (value or "").strip()
    for fmt in _TIMESTAMP_FORMATS:
        try:
            return datetime.datetime.strptime(value[:19], fmt)
        except ValueError:
            continue
    return None


def _int(value: str, field: str, default: int | None = 0) -> int | None:
    value = (value or "").strip()
    if not value:
        return default
    if not re.fullmatch(r"-?\d{1,9}", value):
        raise EdxmlError("invalid", f"{field}: “{value}” is not a number.")
    return int(value)


def _organization(element) -> Organization:
    if element is None:
        return Organization(organ_id="")
    if len(element) == 0:  # legacy: <From>000.00.00.H48</From>
        return Organization(organ_id=(element.text or "").strip())
    return Organization(
        organ_id=text(element, "OrganId"),
        organ_name=text(element, "OrganName"),
        organ_add=text(element, "OrganAdd"),
        email=text(element, "Email"),
        telephone=text(element, "Telephone"),
        fax=text(element, "Fax"),
        website=text(element, "Website"),
    )


def _response_for(element) -> ResponseFor:
    return ResponseFor(
        organ_id=text(element, "OrganId"),
        code=text(element, "Code"),
        promulgation_date=parse_date(text(element, "PromulgationDate"), "ResponseFor"),
        document_id=text(element, "DocumentId"),
    )


def _trace(root) -> list[TraceHeader]:
    trace_list = descendant(root, "TraceHeaderList")
    result = []
    for item in children(trace_list, "TraceHeader") if trace_list is not None else []:
        stamp = parse_timestamp(text(item, "Timestamp"))
        if stamp is not None:
            result.append(TraceHeader(organ_id=text(item, "OrganId"), timestamp=stamp))
    return result


def kind_of(root) -> str:
    name = local(root)
    if name == "Status":
        return STATUS
    if name in {"edXMLEnvelope", "Envelope", "edXMLPackage", "edXML"}:
        return DOCUMENT
    raise EdxmlError("not_edxml", f"Unknown root element “{name}”: not an edXML message.")


def envelope_of(root):
    """The envelope itself, or the envelope inside the legacy two-root package."""
    return child(root, "edXMLEnvelope") if local(root) == "edXMLPackage" else root


def _scope(root):
    """Where the header fields sit: MessageHeader, else the header, else the root (flat)."""
    return first(
        descendant(root, "MessageHeader"), child(root, "edXMLHeader"), child(root, "Header"), root
    )


def _code(scope) -> tuple[str, str]:
    code = child(scope, "Code")
    if code is None:
        return "", ""
    if len(code) == 0:  # legacy: <Code>15/QĐ-UBND</Code>
        raw = (code.text or "").strip()
        number, _sep, notation = raw.partition("/")
        return (number, notation) if notation and number.isdigit() else ("", raw)
    return text(code, "CodeNumber"), text(code, "CodeNotation")


def _attachments(root) -> list[Attachment]:
    manifest = {}
    body = descendant(root, "edXMLManifest")
    for reference in children(body, "Reference") if body is not None else []:
        cid = attribute(reference, "href").removeprefix("cid:")
        manifest[cid] = reference
    result = []
    for encoded in (e for e in root.iter() if local(e) == "AttachmentEncoded"):
        for item in children(encoded, "Attachment"):
            cid = attribute(item, "id") or attribute(item, "ContentId")
            reference = manifest.get(cid)
            try:
                content = base64.b64decode("".join((item.text or "").split()), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise EdxmlError("invalid", f"Attachment {cid}: invalid base64.") from exc
            name = text(reference, "AttachmentName")
            result.append(
                Attachment(
                    content_id=cid,
                    name=name or attribute(item, "name") or f"attachment-{cid}",
                    content=content,
                    content_type=(text(reference, "ContentType")) or "application/octet-stream",
                    description=text(reference, "Description"),
                )
            )
    return result


def read_message(root) -> Message:
    envelope = envelope_of(root)
    if envelope is None:
        raise EdxmlError("not_edxml", "No edXMLEnvelope in the package.")
    scope = _scope(envelope)
    number, notation = _code(scope)
    promulgation = child(scope, "PromulgationInfo")
    place_scope = promulgation if promulgation is not None else scope
    doc_type = child(scope, "DocumentType")
    signer = child(scope, "SignerInfo")
    other = child(scope, "OtherInfo")
    other_scope = other if other is not None else scope
    appendixes = child(other_scope, "Appendixes")
    places = child(scope, "ToPlaces")
    business = first(descendant(envelope, "Bussiness"), descendant(envelope, "Business"))
    business_type = text(business, "BussinessDocType") or text(business, "BusinessDocType")
    return Message(
        sender=_organization(child(scope, "From")),
        recipients=[_organization(e) for e in children(scope, "To")],
        document_id=text(scope, "DocumentId"),
        code_number=number,
        code_notation=notation,
        promulgation_place=text(place_scope, "Place"),
        promulgation_date=parse_date(text(place_scope, "PromulgationDate"), "PromulgationDate"),
        document_type=_int(text(doc_type, "Type"), "Type", 1),
        type_name=(text(doc_type, "TypeName")) or text(scope, "TypeName"),
        subject=text(scope, "Subject"),
        content=text(scope, "Content"),
        signer=SignerInfo(
            competence=text(signer, "Competence"),
            position=text(signer, "Position"),
            full_name=text(signer, "FullName"),
        ),
        due_date=parse_date(text(scope, "DueDate"), "DueDate"),
        priority=_int(text(other_scope, "Priority"), "Priority"),
        sphere_of_promulgation=text(other_scope, "SphereOfPromulgation"),
        typer_notation=text(other_scope, "TyperNotation"),
        promulgation_amount=_int(text(other_scope, "PromulgationAmount"), "Amount", None),
        page_amount=_int(text(other_scope, "PageAmount"), "PageAmount", None),
        appendixes=[(e.text or "").strip() for e in children(appendixes, "Appendix")]
        if appendixes is not None
        else [],
        response_for=[_response_for(e) for e in children(scope, "ResponseFor")],
        steering_type=_int(text(scope, "SteeringType"), "SteeringType"),
        to_places=[(e.text or "").strip() for e in children(places, "Place")]
        if places is not None
        else [],
        trace=_trace(envelope),
        business=Business(
            doc_type=_int(business_type, "BussinessDocType"),
            reason=text(business, "BussinessDocReason"),
            document_id=text(business, "DocumentId"),
            paper=text(business, "Paper") == "1",
        ),
        attachments=_attachments(root),
    )


def read_status(root) -> StatusMessage:
    scope = _scope(root)
    response_for = child(scope, "ResponseFor")
    if response_for is None:
        raise EdxmlError("invalid", "The status message names no document (ResponseFor).")
    staff = child(scope, "StaffInfo")
    recipient = child(scope, "To")
    stamp = parse_timestamp(text(scope, "Timestamp"))
    if stamp is None:
        raise EdxmlError("invalid", "The status message has no valid Timestamp.")
    return StatusMessage(
        sender=_organization(child(scope, "From")),
        recipient=_organization(recipient) if recipient is not None else None,
        response_for=_response_for(response_for),
        status_code=text(scope, "StatusCode").zfill(2),
        description=text(scope, "Description"),
        timestamp=stamp,
        staff=StaffInfo(
            department=text(staff, "Department"),
            staff=text(staff, "Staff"),
            mobile=text(staff, "Mobile"),
            email=text(staff, "Email"),
        ),
        trace=_trace(root),
    )


def parse(data: bytes) -> tuple[str, Message | StatusMessage, etree._Element]:
    """Parse untrusted bytes: (kind, message, root). Raises EdxmlError."""
    root = parse_xml(data)
    kind = kind_of(root)
    return kind, (read_status(root) if kind == STATUS else read_message(root)), root
