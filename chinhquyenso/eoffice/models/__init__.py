"""Models of the e-office: incoming documents (incoming.py) and outgoing documents (outgoing.py)."""

from .dossiers import DossierItem, FilePlan, FilePlanEntry, WorkDossier
from .incoming import (
    Assignment,
    CopyType,
    DocumentType,
    ExtensionRequest,
    IncomingDocument,
    SignatureCheck,
    TraceEntry,
)
from .outgoing import (
    AgencyNumbering,
    ApprovalStep,
    CopyDocument,
    DraftComment,
    DraftVersion,
    ElectronicArrival,
    ExternalRecipient,
    OutgoingDocument,
    OutgoingTrace,
    SigningCredential,
)

__all__ = [
    "CopyDocument",
    "DossierItem",
    "FilePlan",
    "FilePlanEntry",
    "WorkDossier",
    "AgencyNumbering",
    "ApprovalStep",
    "Assignment",
    "CopyType",
    "DocumentType",
    "DraftComment",
    "DraftVersion",
    "ElectronicArrival",
    "ExtensionRequest",
    "ExternalRecipient",
    "IncomingDocument",
    "OutgoingDocument",
    "OutgoingTrace",
    "SignatureCheck",
    "SigningCredential",
    "TraceEntry",
]
