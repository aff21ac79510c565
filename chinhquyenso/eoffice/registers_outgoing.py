"""Rows and covers of the Sổ đăng ký văn bản đi and the copies register, read from the database."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import OutgoingStatus, Secrecy, Urgency
from .models import CopyDocument, OutgoingDocument
from .registers import Cover, Period, build_cover, number_range, type_and_subject

# A recalled document keeps its line: its number was given and the bound book has no gaps.
REGISTERED_STATUSES = (OutgoingStatus.ISSUED, OutgoingStatus.RECALLED)


@dataclass(frozen=True)
class OutgoingRegisterRow:
    """One line of the Sổ đăng ký văn bản đi, fields in the order of its Phụ lục IV columns."""

    notation: str
    issued_date: datetime.date
    type_and_subject: str
    signer: str
    recipients: str
    file_copy_holders: str
    copies_count: int
    transferred_on: datetime.date | None
    signature: str
    remarks: str

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)


def _outgoing(agency, period: Period) -> QuerySet[OutgoingDocument]:
    return (
        OutgoingDocument.objects.filter(
            agency=agency,
            status__in=REGISTERED_STATUSES,
            number__isnull=False,
            issued_date__gte=period.date_from,
            issued_date__lte=period.date_to,
        )
        .select_related("doc_type", "signer", "department", "corrects")
        .order_by("issued_date", "number_year", "number", "id")
    )


def file_copy_holders(document: OutgoingDocument) -> str:
    """Who keeps the file copies: the "Lưu: VT, VX." line, else the drafting unit."""
    line = document.filing_line.strip()
    if line:
        if line.casefold().startswith("lưu:"):
            line = line[4:]
        return line.strip().rstrip(".").strip()
    return document.department.name if document.department_id else ""


def outgoing_remarks(document: OutgoingDocument) -> str:
    parts = []
    if document.urgency != Urgency.NORMAL:
        parts.append(str(document.get_urgency_display()))
    if document.secrecy != Secrecy.NORMAL:
        parts.append(str(document.get_secrecy_display()))
    if document.corrects_id:
        parts.append(_("Corrects %(number)s") % {"number": document.corrects.number_text})
    if document.status == OutgoingStatus.RECALLED:
        recalled = timezone.localdate(document.recalled_at) if document.recalled_at else None
        parts.append(
            _("Recalled on %(date)s") % {"date": f"{recalled:%d/%m/%Y}"}
            if recalled
            else _("Recalled")
        )
    return "; ".join(parts)


def outgoing_register_rows(agency, period: Period) -> Iterator[OutgoingRegisterRow]:
    for document in _outgoing(agency, period).iterator(chunk_size=500):
        yield OutgoingRegisterRow(
            notation=document.number_text,
            issued_date=document.issued_date,
            type_and_subject=type_and_subject(document),
            signer=str(document.signer) if document.signer_id else "",
            recipients=document.recipients_text.strip(),
            file_copy_holders=file_copy_holders(document),
            copies_count=document.copies_count,
            # Sent the day it is issued: electronic delivery and the clerk's dispatch are immediate.
            transferred_on=document.issued_date,
            signature="",  # signed on paper by whoever takes the paper copies
            remarks=outgoing_remarks(document),
        )


def outgoing_cover(agency, period: Period, volume: int = 1) -> Cover:
    numbers = number_range(_outgoing(agency, period).order_by(), "number_year", "number")
    return build_cover(agency, period, "outgoing", volume, numbers)


@dataclass(frozen=True)
class CopyRegisterRow:
    """One line of the copies register (columns chosen from practice, see docs/copies.md)."""

    notation: str
    copied_date: datetime.date
    copy_form: str
    source: str
    subject: str
    recipients: str
    signer: str
    remarks: str

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)


def _copies(agency, period: Period) -> QuerySet[CopyDocument]:
    return (
        CopyDocument.objects.filter(
            agency=agency, copied_date__gte=period.date_from, copied_date__lte=period.date_to
        )
        .select_related(
            "copy_type", "signer", "source_outgoing__doc_type", "source_incoming__doc_type"
        )
        .order_by("number_year", "number")
    )


def source_description(copy: CopyDocument) -> str:
    """Type, number and date of the original, with "của …" (its issuer) for a document received."""
    if copy.source_outgoing_id:
        source = copy.source_outgoing
        text = f"{source.doc_type.name} số {source.number_text}"
        return f"{text} ngày {source.issued_date:%d/%m/%Y}" if source.issued_date else text
    source = copy.source_incoming
    return (
        f"{source.doc_type.name} số {source.notation_raw} ngày {source.issued_date:%d/%m/%Y} "
        f"của {source.issuer_name}"
    )


def _copy_remarks(copy: CopyDocument) -> str:
    source = copy.source_outgoing or copy.source_incoming
    original = source.final_file_id if copy.source_outgoing_id else source.file_id
    # A copy whose file is not the original's was scanned from paper (or is an extract's text).
    return _("From a scan") if copy.file_id and copy.file_id != original else ""


def copies_register_rows(agency, period: Period) -> Iterator[CopyRegisterRow]:
    for copy in _copies(agency, period).iterator(chunk_size=500):
        source = copy.source_outgoing or copy.source_incoming
        yield CopyRegisterRow(
            notation=copy.number_text,
            copied_date=copy.copied_date,
            copy_form=copy.copy_type.name,
            source=source_description(copy),
            subject=source.subject,
            recipients=copy.recipients_text,
            signer=str(copy.signer) if copy.signer_id else "",
            remarks=_copy_remarks(copy),
        )


def copies_cover(agency, period: Period, volume: int = 1) -> Cover:
    numbers = number_range(_copies(agency, period).order_by(), "number_year", "number")
    return build_cover(agency, period, "copies", volume, numbers)
