"""Strict checks of what we emit: every element prefixed `edXML:`, identifiers, dates, codes."""

import base64
import binascii
import re

from lxml import etree

from chinhquyenso.core.validators import AGENCY_ID_RE

from . import codes
from .errors import EdxmlError
from .parse import attribute, child, children, descendant, local, text

DATE_RE = re.compile(r"^\d{4}/\d{2}/\d{2}$")
TIMESTAMP_RE = re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}$")


def _fail(message: str) -> None:
    raise EdxmlError("invalid", message)


def _prefixes(root: etree._Element) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        namespace = etree.QName(element).namespace
        if namespace == codes.NAMESPACE and element.prefix != codes.PREFIX:
            _fail(f"Element {local(element)} must use the edXML: prefix.")
        if namespace not in {codes.NAMESPACE, codes.DSIG_NAMESPACE}:
            _fail(f"Element {local(element)} is outside the edXML namespace.")


def _organ(element, what: str) -> str:
    if element is None:
        _fail(f"{what} is missing.")
    organ_id = text(element, "OrganId")
    if not AGENCY_ID_RE.fullmatch(organ_id):
        _fail(f"{what}/OrganId “{organ_id}” is not a 13-character agency identifier.")
    return organ_id


def _date(scope, name: str, required: bool) -> str:
    value = text(scope, name)
    if (value or required) and not DATE_RE.fullmatch(value):
        _fail(f"{name} “{value}” must be YYYY/MM/DD.")
    return value


def validate_message(root: etree._Element) -> None:
    """Raise EdxmlError unless `root` is a document message as we must emit it."""
    _prefixes(root)
    if local(root) != "edXMLEnvelope":
        _fail("The root must be edXML:edXMLEnvelope.")
    header = descendant(root, "MessageHeader")
    if header is None:
        _fail("MessageHeader is missing.")
    sender = _organ(child(header, "From"), "From")
    recipients = children(header, "To")
    if not recipients:
        _fail("At least one recipient (To) is required.")
    for recipient in recipients:
        _organ(recipient, "To")
    code = child(header, "Code")
    number, notation = text(code, "CodeNumber"), text(code, "CodeNotation")
    if not notation:
        _fail("Code/CodeNotation is required.")
    promulgation = child(header, "PromulgationInfo")
    date = _date(promulgation, "PromulgationDate", True)
    expected = f"{sender},{date},{number + '/' if number else ''}{notation}"
    if text(header, "DocumentId") != expected:
        _fail(f"DocumentId must be “{expected}”.")
    doc_type = child(header, "DocumentType")
    if int(text(doc_type, "Type") or 0) not in codes.document_type_codes():
        _fail("DocumentType/Type is not in the configured code list.")
    if not text(doc_type, "TypeName") or not text(header, "Subject"):
        _fail("DocumentType/TypeName and Subject are required.")
    _date(header, "DueDate", False)
    other = child(header, "OtherInfo")
    if text(other, "Priority") not in {str(p) for p in codes.PRIORITIES}:
        _fail("OtherInfo/Priority must be 0–4.")
    if int(text(header, "SteeringType") or -1) not in codes.steering_types():
        _fail("SteeringType is not in the configured code list.")
    for item in children(header, "ResponseFor"):
        _organ(item, "ResponseFor")
    _attachments(root)


def _attachments(root: etree._Element) -> None:
    manifest = descendant(root, "edXMLManifest")
    cids = []
    for reference in children(manifest, "Reference") if manifest is not None else []:
        href = attribute(reference, "href")
        if not href.startswith("cid:") or not text(reference, "AttachmentName"):
            _fail("Each manifest Reference needs a cid: href and an AttachmentName.")
        cids.append(href[4:])
    encoded = child(root, "AttachmentEncoded")
    found = []
    for item in children(encoded, "Attachment") if encoded is not None else []:
        found.append(attribute(item, "id"))
        try:
            base64.b64decode(item.text or "", validate=True)
        except (binascii.Error, ValueError):
            _fail(f"Attachment {found[-1]} is not valid base64.")
    if sorted(cids) != sorted(found) or len(set(cids)) != len(cids):
        _fail("Manifest references and encoded attachments do not match one to one.")


def validate_status(root: etree._Element) -> None:
    _prefixes(root)
    if local(root) != "Status":
        _fail("The root must be edXML:Status.")
    header = descendant(root, "MessageHeader")
    if header is None:
        _fail("MessageHeader is missing.")
    _organ(child(header, "From"), "From")
    response_for = child(header, "ResponseFor")
    _organ(response_for, "ResponseFor")
    if not text(response_for, "DocumentId"):
        _fail("ResponseFor/DocumentId is required.")
    if text(header, "StatusCode") not in codes.STATUS_CODES:
        _fail("StatusCode is not a known status.")
    if not TIMESTAMP_RE.fullmatch(text(header, "Timestamp")):
        _fail("Timestamp must be YYYY/MM/DD HH:MM:SS.")
