"""edXML (QCVN 102:2016/BTTTT): build, sign, validate, parse and verify exchange messages.

Pure functions over bytes and dataclasses; the exchange services add partners, keys and logs.
"""

from dataclasses import dataclass

from . import codes
from .build import build_message, build_status, document_id, serialize
from .dsig import has_signature, sign, verify
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
from .parse import DOCUMENT, STATUS, kind_of, read_message, read_status
from .safe import parse_xml
from .validate import validate_message, validate_status
from .zipped import check_size, expand, is_zip


def encode_message(message: Message, key_pem: bytes, cert_pem: bytes) -> bytes:
    """Build, check strictly and sign one document message."""
    root = build_message(message)
    validate_message(root)
    return serialize(sign(root, key_pem, cert_pem))


def encode_status(status: StatusMessage, key_pem: bytes, cert_pem: bytes) -> bytes:
    root = build_status(status)
    validate_status(root)
    return serialize(sign(root, key_pem, cert_pem))


@dataclass
class Decoded:
    kind: str  # DOCUMENT or STATUS
    message: Message | StatusMessage
    signed: bool


def decode(data: bytes, cert_pems: list[bytes] | None = None) -> Decoded:
    """Parse untrusted bytes; with `cert_pems`, the signature must verify with one of them and
    only the signed content is read."""
    root = parse_xml(data)
    kind = kind_of(root)
    signed = False
    if cert_pems is not None:
        root = verify(root, cert_pems)
        signed = True
    message = read_status(root) if kind == STATUS else read_message(root)
    if kind == DOCUMENT:
        for attachment in message.attachments:
            check_size(attachment)
    return Decoded(kind=kind, message=message, signed=signed)


__all__ = [
    "DOCUMENT",
    "STATUS",
    "Attachment",
    "Business",
    "Decoded",
    "EdxmlError",
    "Message",
    "Organization",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "StatusMessage",
    "TraceHeader",
    "build_message",
    "build_status",
    "check_size",
    "codes",
    "decode",
    "document_id",
    "encode_message",
    "encode_status",
    "expand",
    "has_signature",
    "is_zip",
    "parse_xml",
    "serialize",
    "sign",
    "validate_message",
    "validate_status",
    "verify",
]
