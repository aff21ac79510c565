"""Models of document exchange: partners and directory, outbox and inbox, the message log."""

from .log import LogCertificate, MessageLogEntry, MessageLogHead
from .messages import Delivery, InboundAttachment, InboundDocument, OutgoingMessage, StatusUpdate
from .partners import Organisation, Partner

__all__ = [
    "Delivery",
    "InboundAttachment",
    "InboundDocument",
    "LogCertificate",
    "MessageLogEntry",
    "MessageLogHead",
    "Organisation",
    "OutgoingMessage",
    "Partner",
    "StatusUpdate",
]
