"""Hardened XML parsing: no DTD, no entities, no network, no huge trees, bounded size.

Documents from partners are untrusted; a DOCTYPE is refused outright (as defusedxml's
forbid_dtd does), so entity-expansion bombs never reach the parser's expansion stage.
"""

import re

from django.conf import settings
from lxml import etree

from .errors import EdxmlError

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
DEFAULT_MAX_MESSAGE_BYTES = 40 * 1024 * 1024


def max_message_bytes() -> int:
    return int(getattr(settings, "EXCHANGE_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def _wrap_concatenated(data: bytes) -> bytes | None:
    """The legacy layout: an envelope followed by `AttachmentEncoded` at top level (two roots)."""
    text = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data, count=1)
    match = re.search(rb"</(?:[\w.-]+:)?edXMLEnvelope\s*>", text)
    if match is None or not text[match.end() :].strip():
        return None
    return (
        b'<edXMLPackage xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">'
        + text
        + b"</edXMLPackage>"
    )


def parse_xml(data: bytes, *, max_bytes: int | None = None) -> etree._Element:
    """Parse untrusted bytes into an element tree, or raise EdxmlError."""
    if not isinstance(data, bytes | bytearray):
        raise EdxmlError("malformed", "The message must be bytes.")
    limit = max_bytes or max_message_bytes()
    if len(data) > limit:
        raise EdxmlError(
            "too_large", f"The message is {len(data)} bytes; the limit is {limit} bytes."
        )
    if _DTD.search(data):
        raise EdxmlError(
            "dtd", "Document type declarations and entities are not allowed in edXML messages."
        )
    try:
        root = etree.fromstring(bytes(data), parser=_parser())
    except etree.XMLSyntaxError as exc:
        wrapped = _wrap_concatenated(bytes(data)) if "Extra content" in str(exc) else None
        if wrapped is None:
            raise EdxmlError("malformed", f"The message is not well-formed XML: {exc}") from exc
        try:
            root = etree.fromstring(wrapped, parser=_parser())
        except etree.XMLSyntaxError as exc2:
            raise EdxmlError("malformed", f"The message is not well-formed XML: {exc2}") from exc2
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise EdxmlError("dtd", "Document type declarations are not allowed in edXML messages.")
    return root
