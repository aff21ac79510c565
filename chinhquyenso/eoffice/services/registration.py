"""Incoming documents: registration with gapless arrival numbers, duplicate warnings, handling.

Every write happens here, inside one transaction, with the permission check, the document's trace
and the audit event.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.compiled import CompiledQuery, insert_row
from chinhquyenso.core.services.sequences import next_value

from .. import signals
from ..choices import ArrivalChannel, IncomingStatus, Secrecy, Urgency
from ..models import DocumentType, IncomingDocument, TraceEntry
from ..notation import parse_notation
from .signatures import inspect_arrival as check_file
from .signatures import record_arrival

ARRIVAL_SERIES = "eoffice.arrival"
SEARCH_TYPE = "eoffice.incoming"


@dataclass
class IncomingData:
    """What a clerk types from the document (Phụ lục VI field names in comments)."""

    issuer_name: str  # OrganName
    notation: str  # CodeNumber + CodeNotation, as written
    issued_date: datetime.date  # IssuedDate
    doc_type: str  # name, abbreviation or code
    subject: str  # Subject (trích yếu)
    channel: str = ArrivalChannel.PAPER
    arrival_date: datetime.date | None = None  # ArrivalDate; today when empty
    signer: str = ""  # SignerInfo
    urgency: int = Urgency.NORMAL  # Priority
    secrecy: int = Secrecy.NORMAL
    pages: int | None = None
    due_date: datetime.date | None = None  # DueDate
    dossier: str = ""
    warnings: list[str] = field(default_factory=list)


class DuplicateSuspected(ValidationError):
    """Raised when the document looks already registered; retry with confirm_duplicate=True."""

    def __init__(self, matches: list[IncomingDocument]):
        self.matches = matches
        listed = "; ".join(
            f"{d.arrival_number}/{d.arrival_year} ({d.notation_raw})" for d in matches[:5]
        )
        super().__init__(
            _("This document may already be registered: %(list)s. Confirm to register it again.")
            % {"list": listed},
            code="duplicate",
        )


def _catalogue_rows():
    return DocumentType.objects.order_by("id").values_list(*_type_columns())


@functools.cache
def _type_columns() -> tuple[str, ...]:
    return tuple(f.attname for f in DocumentType._meta.concrete_fields)


# The 29 types are read whole (one compiled query) and matched in Python: registration needs both
# the type and every abbreviation, which were two queries with a fallback over all types.
_CATALOGUE = CompiledQuery(_catalogue_rows)


def document_types() -> list[tuple]:
    """Every document type's columns (DocumentType field order), in id order."""
    return _CATALOGUE.rows()


def _columns_of(types: list[tuple] | None) -> list[tuple]:
    return document_types() if types is None else types


def type_abbreviations(types: list[tuple] | None = None) -> frozenset[str]:
    position = _type_columns().index("abbreviation")
    return frozenset(t[position] for t in _columns_of(types) if t[position])


def resolve_doc_type(value: str, types: list[tuple] | None = None) -> DocumentType:
    """The type named by its code, abbreviation (case-exact) or name (any case, any accents)."""
    value = (value or "").strip()
    columns = _type_columns()
    code, abbreviation, name = (columns.index(c) for c in ("code", "abbreviation", "name"))
    types = _columns_of(types)
    lowered = value.casefold()
    match = next(
        (
            t
            for t in types
            if t[code] == value or t[abbreviation] == value or t[name].casefold() == lowered
        ),
        None,
    )
    if match is None:
        folded = core.fold(value)
        match = next((t for t in types if core.fold(t[name]) == folded), None)
    if match is None:
        raise ValidationError(
            {"doc_type": _("Unknown document type “%(value)s”.") % {"value": value}}
        )
    return DocumentType.from_db("default", columns, match)


def _validate(data: IncomingData, today: datetime.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.issuer_name.strip():
        errors["issuer_name"] = _("Enter the issuing agency.")
    if not data.subject.strip():
        errors["subject"] = _("Enter the subject (trích yếu).")
    if not data.notation.strip():
        errors["notation"] = _("Enter the number and notation as written on the document.")
    if data.issued_date > today:
        errors["issued_date"] = _("The issued date cannot be in the future.")
    arrival = data.arrival_date or today
    if arrival > today:
        errors["arrival_date"] = _("The arrival date cannot be in the future.")
    elif arrival < data.issued_date:
        errors["arrival_date"] = _("The arrival date cannot be before the issued date.")
    if data.due_date and data.due_date < arrival:
        errors["due_date"] = _("The due date cannot be before the arrival date.")
    if data.pages is not None and data.pages < 1:
        errors["pages"] = _("The number of pages must be at least 1.")
    if data.urgency not in Urgency.values:
        errors["urgency"] = _("Unknown urgency.")
    if data.secrecy not in Secrecy.values:
        errors["secrecy"] = _("Unknown secrecy level.")
    if data.channel not in ArrivalChannel.values:
        errors["channel"] = _("Unknown channel.")
    return errors


def find_duplicates(agency, code_number, code_notation, issuer_name, file_sha256=None):
    condition = Q()
    if code_number is not None and code_notation:
        condition |= Q(
            code_number=code_number,
            code_notation=code_notation,
            issuer_name__iexact=issuer_name.strip(),
        )
    if file_sha256:
        condition |= Q(file__sha256=file_sha256)
    if not condition:
        return []
    return list(IncomingDocument.objects.filter(condition, agency=agency).order_by("id")[:10])


def register_incoming(
    user,
    agency,
    data: IncomingData,
    *,
    upload=None,
    file_name: str = "",
    confirm_duplicate: bool = False,
    content_text: str = "",
) -> IncomingDocument:
    """Register one arrival; the arrival number is the next of the agency's yearly series.

    `content_text` is the document's text (from OCR or the electronic file), indexed for search.
    """
    core.require(user, "eoffice.register_incoming", agency)
    today = timezone.localdate()
    errors = _validate(data, today)
    types = document_types()
    doc_type = None
    try:
        doc_type = resolve_doc_type(data.doc_type, types)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if upload is not None and data.secrecy > Secrecy.NORMAL:
        errors["file"] = _(
            "Secret documents are registered with their metadata only: do not attach the file."
        )
    if errors:
        raise ValidationError(errors)
    notation = parse_notation(data.notation, type_abbreviations(types))
    arrival = data.arrival_date or today
    document = IncomingDocument(
        agency=agency,
        arrival_year=arrival.year,
        arrival_date=arrival,
        channel=data.channel,
        issuer_name=data.issuer_name.strip(),
        notation_raw=notation.raw,
        notation_form=notation.form,
        code_number=notation.number,
        code_notation=notation.code_notation,
        notation_warnings=list(notation.warnings),
        issued_date=data.issued_date,
        doc_type=doc_type,
        subject=data.subject.strip(),
        signer=data.signer.strip(),
        urgency=data.urgency,
        secrecy=data.secrecy,
        pages=data.pages,
        due_date=data.due_date,
        dossier=data.dossier.strip(),
        registered_by=user,
    )
    with transaction.atomic():
        stored = None
        if upload is not None:
            stored = core.store_file(user, upload, file_name or "document")
        if not confirm_duplicate:
            matches = find_duplicates(
                agency,
                notation.number,
                notation.code_notation,
                data.issuer_name,
                stored.sha256 if stored else None,
            )
            if matches:
                raise DuplicateSuspected(matches)
        # Điều 21: electronic arrivals' signatures are checked on arrival; encrypted PDFs refused.
        # The file is read before the number is taken: from next_value to the commit, every
        # other registration of the agency waits, so only the writes happen in that window.
        inspection = check_file(data.channel, stored)
        if not content_text and stored is not None:
            content_text = _text_layer(stored)
        document.file = stored
        document.arrival_number = next_value(
            ARRIVAL_SERIES, f"agency:{agency.pk}", str(arrival.year)
        )
        # Built once and prepared (core/compiled.py): the window above holds the series' lock.
        insert_row(document)
        insert_row(TraceEntry(document=document, actor=user, action="registered"))
        index_document(document, content_text)
        # The audit chain's head stays locked from here to the commit: nothing slow after it.
        core.audit_record(
            "eoffice.incoming.register", document, after=core.audit_snapshot(document)
        )
        record_arrival(user, document, inspection)
    return document


def _text_layer(stored) -> str:
    """The text of an electronic PDF, through the assist app when this deployment has it."""
    from django.apps import apps

    if not apps.is_installed("chinhquyenso.assist"):
        return ""
    from chinhquyenso.assist import services as assist

    return assist.text_layer(stored)


def index_document(document: IncomingDocument, content_text: str = "") -> None:
    parts = [
        document.notation_raw,
        document.issuer_name,
        document.doc_type.name,
        document.subject,
        document.signer,
        content_text,
    ]
    core.index_object(SEARCH_TYPE, str(document.pk), " ".join(p for p in parts if p))


def mark_status(user, document: IncomingDocument, status: str, note: str = "") -> None:
    before = {"status": document.status}
    document.status = status
    document.save(update_fields=["status", "updated_at"])
    TraceEntry.objects.create(document=document, actor=user, action=status, note=note)
    core.audit_record(
        f"eoffice.incoming.{status}", document, before=before, after={"status": status}
    )
    signals.incoming_status_changed.send(
        IncomingDocument, document=document, status=status, user=user, note=note
    )


def return_to_sender(user, document: IncomingDocument, reason: str) -> None:
    core.require(user, "eoffice.register_incoming", document.agency)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the document.")})
    if document.status not in {IncomingStatus.REGISTERED, IncomingStatus.PRESENTED}:
        raise ValidationError(_("Only a document not yet assigned can be returned."))
    with transaction.atomic():
        document.return_reason = reason.strip()
        document.save(update_fields=["return_reason"])
        mark_status(user, document, IncomingStatus.RETURNED, reason.strip())
