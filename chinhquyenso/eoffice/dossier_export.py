"""Export of a work dossier (Phụ lục VI, III.4.g): the metadata in XML with the Phụ lục VI field
names, the documents in time order, and a ZIP holding the XML and the PDF (dossier_pdf.py)."""

import datetime
import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from chinhquyenso.core import services as core

from .choices import Secrecy
from .models import DossierItem, WorkDossier
from .services.dossiers import file_code

# Phụ lục VI Phần II: III (dossier), I (outgoing documents), II (incoming documents).
FILECODE_FIELDS = ["OrganId", "FileCatalog", "FileNotation"]
FILE_FIELDS = ["FileCode", "Title", "Maintenance", "Rights", "Creator", "Language", "StartDate",
               "EndDate", "DocTotal", "PageTotal", "Description", "Documents"]  # fmt: skip
COMMON_FIELDS = ["FileCode", "DocOrdinal", "TypeName", "CodeNumber", "CodeNotation", "IssuedDate",
                 "OrganName", "Subject", "Language", "PageAmount", "Description"]  # fmt: skip
OUTGOING_FIELDS = COMMON_FIELDS + ["SignerInfo", "To", "Priority", "IssuedAmount", "DueDate"]
INCOMING_FIELDS = COMMON_FIELDS + ["ArrivalDate", "ArrivalNumber", "SignerInfo", "Priority",
                                   "ToPlaces", "TraceHeaderList", "DueDate"]  # fmt: skip
SIGNER_FIELDS = ["Position", "FullName"]
TO_FIELDS = ["OrganId", "OrganName"]
TRACE_FIELDS = ["Time", "Actor", "Action", "Note"]
# Values the archive reads are written in Vietnamese whatever the user's language: they are data.
LANGUAGE = "Tiếng Việt"


@dataclass
class DocumentRow:
    kind: str  # "incoming" | "outgoing"
    ordinal: int
    type_name: str
    code_number: str
    code_notation: str
    number_text: str
    issued_date: datetime.date | None
    organ_name: str
    subject: str
    secret: bool
    file: object | None  # StoredFile of the PDF, None when there is none or it is secret
    pages: int | None = None
    signer_position: str = ""
    signer_name: str = ""
    priority: int = 0
    due_date: datetime.date | None = None
    arrival_date: datetime.date | None = None
    arrival_number: int | None = None
    to_places: str = ""
    recipients: list[tuple[str, str]] = field(default_factory=list)
    issued_amount: int | None = None
    trace: list[tuple[str, str, str, str]] = field(default_factory=list)
    description: str = ""
    reader: object | None = None  # pypdf reader of `file`, when it is a readable PDF


def person_name(user) -> str:
    return user.full_name or user.get_full_name() or user.get_username()


def _incoming_row(item: DossierItem) -> DocumentRow:
    doc = item.incoming
    secret = doc.secrecy != Secrecy.NORMAL
    places = []
    for a in doc.assignments.all():
        places.append(person_name(a.assignee) if a.assignee_id else a.department.name)
    trace = [
        (t.at.isoformat(timespec="seconds"), t.actor.get_username() if t.actor_id else "",
         t.action, t.note)
        for t in doc.trace.all()
    ]  # fmt: skip
    return DocumentRow(
        kind="incoming",
        ordinal=0,
        type_name=doc.doc_type.name,
        code_number=str(doc.code_number or ""),
        code_notation=doc.code_notation,
        number_text=doc.notation_raw,
        issued_date=doc.issued_date,
        organ_name=doc.issuer_name,
        subject=doc.subject,
        secret=secret,
        file=None if secret else doc.file,
        pages=doc.pages,
        signer_name=doc.signer,
        priority=doc.urgency,
        due_date=doc.due_date,
        arrival_date=doc.arrival_date,
        arrival_number=doc.arrival_number,
        to_places="; ".join(p for p in places if p),
        trace=trace,
    )


def _outgoing_row(item: DossierItem) -> DocumentRow:
    doc = item.outgoing
    secret = doc.secrecy != Secrecy.NORMAL
    recipients = [(a.electronic_id or "", a.name) for a in doc.internal_recipients.all()]
    return DocumentRow(
        kind="outgoing",
        ordinal=0,
        type_name=doc.doc_type.name,
        code_number=f"{doc.number:02d}" if doc.number else "",
        code_notation=doc.notation,
        number_text=doc.number_text,
        issued_date=doc.issued_date,
        organ_name=doc.agency.name,
        subject=doc.subject,
        secret=secret,
        file=None if secret else doc.final_file,
        signer_position=doc.signer_position,
        signer_name=person_name(doc.signer) if doc.signer_id else "",
        priority=doc.urgency,
        recipients=recipients,
        to_places=doc.recipients_text,
        issued_amount=doc.copies_count,
    )


def document_rows(dossier: WorkDossier) -> list[DocumentRow]:
    """The dossier's documents in the order they were made (issue date, then filing order)."""
    items = dossier.items.select_related(
        "incoming__doc_type", "incoming__file", "outgoing__doc_type", "outgoing__agency",
        "outgoing__final_file", "outgoing__signer",
    ).prefetch_related(
        "incoming__assignments__assignee", "incoming__assignments__department",
        "incoming__trace__actor", "outgoing__internal_recipients",
    )  # fmt: skip
    rows = [_incoming_row(i) if i.incoming_id else _outgoing_row(i) for i in items]
    rows.sort(key=lambda r: r.issued_date or datetime.date.max)
    for ordinal, row in enumerate(rows, start=1):
        row.ordinal = ordinal
        row.reader = read_pdf(row.file)
        if row.reader is not None:
            row.pages = len(row.reader.pages)
    return rows


def maintenance(dossier: WorkDossier) -> str:
    years = dossier.entry.retention_years
    return "Vĩnh viễn" if years is None else f"{years} năm"


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""  # ISO 8601, see docs/dossiers.md


def _add(parent: ET.Element, tag: str, value="") -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value not in (None, ""):
        element.text = str(value)
    return element


def _file_code(parent: ET.Element, dossier: WorkDossier) -> None:
    code = _add(parent, "FileCode")
    agency = dossier.entry.plan.agency
    _add(code, "OrganId", agency.electronic_id or "")
    _add(code, "FileCatalog", dossier.entry.plan.year)
    _add(code, "FileNotation", dossier.entry.notation)


def _document(parent: ET.Element, dossier: WorkDossier, row: DocumentRow) -> None:
    tag = "IncomingDocument" if row.kind == "incoming" else "OutgoingDocument"
    doc = ET.SubElement(parent, tag)
    _file_code(doc, dossier)
    for name, value in [
        ("DocOrdinal", row.ordinal), ("TypeName", row.type_name),
        ("CodeNumber", row.code_number), ("CodeNotation", row.code_notation),
        ("IssuedDate", _date(row.issued_date)), ("OrganName", row.organ_name),
        ("Subject", row.subject), ("Language", LANGUAGE), ("PageAmount", row.pages),
        ("Description", row.description),
    ]:  # fmt: skip
        _add(doc, name, value)
    if row.kind == "incoming":
        _add(doc, "ArrivalDate", _date(row.arrival_date))
        _add(doc, "ArrivalNumber", row.arrival_number)
    signer = _add(doc, "SignerInfo")
    _add(signer, "Position", row.signer_position)
    _add(signer, "FullName", row.signer_name)
    if row.kind == "outgoing":
        to = _add(doc, "To")
        for organ_id, organ_name in row.recipients:
            recipient = _add(to, "Organ")
            _add(recipient, "OrganId", organ_id)
            _add(recipient, "OrganName", organ_name)
        _add(doc, "Priority", row.priority)
        _add(doc, "IssuedAmount", row.issued_amount)
    else:
        _add(doc, "Priority", row.priority)
        _add(doc, "ToPlaces", row.to_places)
        traces = _add(doc, "TraceHeaderList")
        for values in row.trace:
            trace = _add(traces, "TraceHeader")
            for name, value in zip(TRACE_FIELDS, values, strict=True):
                _add(trace, name, value)
    _add(doc, "DueDate", _date(row.due_date))


def dossier_xml(dossier: WorkDossier, rows: list[DocumentRow]) -> bytes:
    root = ET.Element("File")
    _file_code(root, dossier)
    entry = dossier.entry
    creator = entry.responsible or dossier.opened_by
    dates = [r.issued_date for r in rows if r.issued_date]
    for name, value in [
        ("Title", dossier.title), ("Maintenance", maintenance(dossier)),
        ("Rights", "Hạn chế" if any(r.secret for r in rows) else "Sử dụng rộng rãi"),
        ("Creator", person_name(creator)), ("Language", LANGUAGE),
        ("StartDate", _date(min(dates) if dates else None)),
        ("EndDate", _date(max(dates) if dates else None)),
        ("DocTotal", len(rows)), ("PageTotal", sum(r.pages or 0 for r in rows)),
        ("Description", ""),
    ]:  # fmt: skip
        _add(root, name, value)
    documents = _add(root, "Documents")
    for row in rows:
        _document(documents, dossier, row)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def check_xml(content: bytes) -> list[str]:
    """Problems of an exported XML against the field lists above; empty when it conforms."""
    problems = []
    root = ET.fromstring(content)  # noqa: S314 - our own output, parsed to check it
    expected = {"File": FILE_FIELDS, "IncomingDocument": INCOMING_FIELDS,
                "OutgoingDocument": OUTGOING_FIELDS, "FileCode": FILECODE_FIELDS,
                "SignerInfo": SIGNER_FIELDS, "TraceHeader": TRACE_FIELDS}  # fmt: skip
    for element in root.iter():
        fields = expected.get(element.tag)
        if fields is not None and [child.tag for child in element] != fields:
            problems.append(f"{element.tag}: {[child.tag for child in element]} != {fields}")
    return problems


@dataclass
class Export:
    content: bytes
    file_name: str
    content_type: str


def export_dossier(dossier: WorkDossier, fmt: str) -> Export:
    """`fmt` is pdf, xml or zip (both); the caller has checked the user may see the dossier."""
    from .dossier_pdf import dossier_pdf

    rows = document_rows(dossier)
    base = file_code(dossier).replace("/", "-")
    if fmt == "xml":
        return Export(dossier_xml(dossier, rows), f"{base}.xml", "application/xml")
    pdf = dossier_pdf(dossier, rows)
    if fmt == "pdf":
        return Export(pdf, f"{base}.pdf", "application/pdf")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{base}.pdf", pdf)
        archive.writestr(f"{base}.xml", dossier_xml(dossier, rows))
    return Export(buffer.getvalue(), f"{base}.zip", "application/zip")


def read_pdf(stored):
    """A pypdf reader of a stored PDF, or None when there is none or it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if stored is None or stored.mime_type != "application/pdf":
        return None
    try:
        reader = PdfReader(core.open_file(stored))
        len(reader.pages)  # a damaged file fails here rather than in the middle of the merge
    except (PdfReadError, core.FileIntegrityError, ValueError, KeyError, OSError):
        return None
    return reader
