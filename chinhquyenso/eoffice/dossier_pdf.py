"""PDF of a work dossier: a cover, the table of contents (mục lục văn bản, Phụ lục V), then each
document's PDF appended with pypdf (a reading copy: the signed originals stay on the platform)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from chinhquyenso.core.pdf import register_fonts

from .dossier_export import DocumentRow, maintenance
from .models import WorkDossier
from .services.dossiers import file_code


def _styles():
    regular, bold = register_fonts()
    return {
        "head": ParagraphStyle("head", fontName=bold, fontSize=13, leading=17, alignment=1),
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=24, alignment=1),
        "body": ParagraphStyle("body", fontName=regular, fontSize=13, leading=18),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=10, leading=12),
        "th": ParagraphStyle("th", fontName=bold, fontSize=10, leading=12, alignment=1),
    }


def _remark(row: DocumentRow) -> str:
    if row.secret:
        return _("Secret: content not included")
    if row.reader is None:
        return _("No readable PDF on the platform")
    return ""


def _front(dossier: WorkDossier, rows: list[DocumentRow], starts: list[int | None]) -> bytes:
    s = _styles()
    agency = dossier.entry.plan.agency
    dates = [r.issued_date for r in rows if r.issued_date]
    story = []
    if agency.parent_id:
        story.append(Paragraph(escape(agency.parent.name.upper()), s["head"]))
    story += [Paragraph(escape(agency.name.upper()), s["head"]), Spacer(1, 60 * mm)]
    story += [Paragraph(_("WORK DOSSIER"), s["title"]), Spacer(1, 10 * mm)]
    story.append(Paragraph(escape(dossier.title), s["head"]))
    story.append(Spacer(1, 15 * mm))
    lines = [
        _("File code: %(code)s") % {"code": file_code(dossier)},
        _("From %(start)s to %(end)s")
        % {
            "start": min(dates).strftime("%d/%m/%Y") if dates else "…",
            "end": max(dates).strftime("%d/%m/%Y") if dates else "…",
        },
        _("Documents: %(count)s; pages: %(pages)s")
        % {"count": len(rows), "pages": sum(r.pages or 0 for r in rows)},
        _("Retention: %(retention)s") % {"retention": maintenance(dossier)},
    ]
    story += [Paragraph(escape(line), s["body"]) for line in lines]
    story += [PageBreak(), Paragraph(_("TABLE OF CONTENTS"), s["title"]), Spacer(1, 6 * mm)]
    header = [_("No."), _("Number and notation"), _("Date"),
              _("Type and subject"), _("Author"), _("Page"), _("Remarks")]  # fmt: skip
    data = [[Paragraph(escape(str(h)), s["th"]) for h in header]]
    for row, start in zip(rows, starts, strict=True):
        cells = [
            str(row.ordinal),
            row.number_text,
            row.issued_date.strftime("%d/%m/%Y") if row.issued_date else "",
            f"{row.type_name}: {row.subject}",
            row.organ_name,
            str(start) if start else "",
            _remark(row),
        ]
        data.append([Paragraph(escape(c), s["cell"]) for c in cells])
    widths = [10 * mm, 30 * mm, 20 * mm, 60 * mm, 30 * mm, 12 * mm, 23 * mm]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ])
    )  # fmt: skip
    story.append(table)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=20 * mm,
        bottomMargin=20 * mm, title=dossier.title, author=agency.name,
        subject=file_code(dossier), creator="chinhquyenso",
    )  # fmt: skip
    document.build(story)
    return buffer.getvalue()


def _starts(front_pages: int, rows: list[DocumentRow]) -> list[int | None]:
    starts, page = [], front_pages + 1
    for row in rows:
        if row.reader is None:
            starts.append(None)
            continue
        starts.append(page)
        page += len(row.reader.pages)
    return starts


def dossier_pdf(dossier: WorkDossier, rows: list[DocumentRow]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    # The table of contents gives each document's first page, which depends on the length of the
    # table itself: render, count, and render again until the count holds (twice in practice).
    front_pages, front = 2, b""
    for _attempt in range(3):
        front = _front(dossier, rows, _starts(front_pages, rows))
        counted = len(PdfReader(io.BytesIO(front)).pages)
        if counted == front_pages:
            break
        front_pages = counted
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)))
    for row in rows:
        if row.reader is not None:
            writer.append(row.reader)
    writer.add_metadata({"/ModDate": timezone.now().strftime("D:%Y%m%d%H%M%S")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
