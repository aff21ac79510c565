"""PDF of the registers (A4 landscape) and of the handling slip (A4 portrait), reportlab.

Vietnamese needs a TrueType font with every precomposed letter (ơ, ư, ế, ữ …): Liberation Serif
from Debian's fonts-liberation2 (metric-compatible with Times New Roman), else DejaVu Serif.
"""

import datetime
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from chinhquyenso.core.pdf import register_family

from .registers import KINDS, SLIP_TITLE, Cover
from .registers_slip import Slip

# One font family for every PDF the platform renders (core/pdf.py).
register_fonts = register_family


def _styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=12.5)
    return {
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
        "head": ParagraphStyle(
            "head", parent=base, fontName=font + "-Bold", fontSize=9, leading=11, alignment=1
        ),
        "text": ParagraphStyle("text", parent=base, fontSize=12, leading=16),
        "bold": ParagraphStyle(
            "bold", parent=base, fontName=font + "-Bold", fontSize=12, leading=16, spaceBefore=2
        ),
        "center": ParagraphStyle(
            "center", parent=base, fontSize=13, leading=18, alignment=TA_CENTER
        ),
        "agency": ParagraphStyle(
            "agency", parent=base, fontName=font + "-Bold", fontSize=13, leading=18, alignment=1
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=font + "-Bold", fontSize=22, leading=30, alignment=1
        ),
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=base,
            fontName=font + "-Bold",
            fontSize=14,
            leading=18,
            alignment=1,
            spaceBefore=6,
            spaceAfter=10,
        ),
        "date": ParagraphStyle(
            "date", parent=base, fontName=font + "-Italic", fontSize=11, alignment=2
        ),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _cell(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(register_family(), 9)
    width = doc.pagesize[0]
    canvas.drawCentredString(
        width / 2, 10 * mm, _("Page %(number)d") % {"number": canvas.getPageNumber()}
    )
    canvas.restoreState()


def _no_number(canvas, doc) -> None:
    """The cover carries no page number."""


COLUMN_WIDTHS_MM = {
    "incoming": (20, 14, 35, 28, 20, 62, 32, 20, 16, 20),
    "tracking": (14, 20, 75, 45, 22, 45, 26, 20),
    "outgoing": (28, 20, 60, 30, 38, 28, 14, 20, 14, 15),
    "copies": (28, 20, 20, 60, 65, 35, 24, 15),
}
GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.93, 0.93, 0.93)),
]


def _cover_flowables(cover: Cover, styles) -> list:
    story = []
    if cover.parent_agency:
        story.append(_p(cover.parent_agency.upper(), styles["center"]))
    story += [
        _p(cover.agency.upper(), styles["agency"]),
        _p("_" * 12, styles["center"]),
        Spacer(1, 35 * mm),
        _p(cover.title, styles["title"]),
        Spacer(1, 15 * mm),
    ]
    story += [_p(line, styles["center"]) for line in cover.lines()]
    return story


def register_pdf(kind: str, cover: Cover, rows: Iterable) -> bytes:
    """The bound register: cover, then one long table whose header repeats on every page."""
    styles = _styles()
    title, columns = KINDS[kind]
    header = [_p(c, styles["head"]) for c in columns]
    numbers = [_p(f"({i})", styles["head"]) for i in range(1, len(columns) + 1)]
    data = [header, numbers]
    data += [[_p(_cell(v), styles["cell"]) for v in row.values()] for row in rows]
    table = LongTable(
        data, colWidths=[w * mm for w in COLUMN_WIDTHS_MM[kind]], repeatRows=2, splitByRow=1
    )
    table.setStyle(TableStyle(GRID))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=cover.agency,
    )
    story = [*_cover_flowables(cover, styles), PageBreak(), _p(title, styles["subtitle"]), table]
    doc.build(story, onFirstPage=_no_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _day_line(day: datetime.date) -> str:
    return f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def slip_pdf(slip: Slip) -> bytes:
    """Phiếu giải quyết văn bản đến, A4 portrait with the Phụ lục I margins."""
    styles = _styles()
    story = []
    if slip.parent_agency:
        story.append(_p(slip.parent_agency.upper(), styles["center"]))
    story += [
        _p(slip.agency.upper(), styles["agency"]),
        _p("_" * 12, styles["center"]),
        Spacer(1, 6 * mm),
        _p(SLIP_TITLE, styles["subtitle"]),
    ]
    fields = Table(
        [[_p(label, styles["bold"]), _p(value, styles["text"])] for label, value in slip.fields],
        colWidths=[55 * mm, 105 * mm],
    )
    fields.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [fields, Spacer(1, 5 * mm)]

    def directions(heading, items):
        story.append(_p(heading, styles["bold"]))
        for item in items:
            story.append(_p(item.text, styles["text"]))
            story.append(_p(f"{_day_line(item.on)} – {item.author}", styles["date"]))
        if not items:
            story.append(_p("…", styles["text"]))
        story.append(Spacer(1, 4 * mm))

    directions("Ý kiến của lãnh đạo cơ quan, tổ chức:", slip.leader_directions)
    story.append(_p("Phân công giải quyết:", styles["bold"]))
    handlers = [
        [_p(c, styles["head"]) for c in ("Vai trò", "Đơn vị, người", "Thời hạn", "Tình trạng")]
    ]
    for h in slip.handlers:
        handlers.append(
            [_p(v, styles["cell"]) for v in (h.role, h.name, _cell(h.deadline), h.status)]
        )
    grid = Table(handlers, colWidths=[25 * mm, 75 * mm, 25 * mm, 35 * mm], repeatRows=1)
    grid.setStyle(TableStyle(GRID[:2]))
    story += [grid, Spacer(1, 5 * mm)]
    directions("Ý kiến của lãnh đạo đơn vị:", slip.unit_directions)
    story.append(_p("Kết quả giải quyết:", styles["bold"]))
    for result in slip.results:
        line = f"{result.on:%d/%m/%Y} – {result.author} – {result.kind}: {result.text}"
        story.append(_p(line, styles["text"]))
    if not slip.results:
        story.append(_p("…", styles["text"]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=SLIP_TITLE,
        author=slip.agency,
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
