"""Models of online public services: catalogue, dossiers, the e-data warehouse."""

from .catalogue import (
    Procedure,
    ProcedureField,
    ProcessingStep,
    RequiredDocument,
    WarehouseDocumentType,
)
from .dossiers import (
    ApologyLetter,
    DossierAttachment,
    DossierEvent,
    DossierStep,
    Payment,
    Rating,
    ServiceDossier,
    SupplementRequest,
)
from .warehouse import WarehouseItem, WarehouseUse

__all__ = [
    "ApologyLetter",
    "DossierAttachment",
    "DossierEvent",
    "DossierStep",
    "Payment",
    "Procedure",
    "ProcedureField",
    "ProcessingStep",
    "Rating",
    "RequiredDocument",
    "ServiceDossier",
    "SupplementRequest",
    "WarehouseDocumentType",
    "WarehouseItem",
    "WarehouseUse",
]
