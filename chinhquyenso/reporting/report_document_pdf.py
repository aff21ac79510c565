"""The report on the resolution as a PDF (for reading and printing; the DOCX is the one edited),
with the same layout as the DOCX and the platform's Vietnamese serif font (core/pdf.py)."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chinhquyenso.core.pdf import register_family

from .report_document import MOTTO, ResolutionReport, UnitOnTime
from .report_document_docx import ROMAN, UNITS_HEADINGS, indicator_headings

WIDTH = 160 * mm  # A4 less the 30 mm left and 20 mm right margins


def _styles() -> dict[str, ParagraphStyle]:
    font = register_family()
    base = ParagraphStyle("base", fontName=font, fontSize=13, leading=17)
    bold = font + "-Bold"
    return {
        "body": ParagraphStyle(
            "body", parent=base, alignment=4, firstLineIndent=10 * mm, spaceAfter=4
        ),
        "centre": ParagraphStyle("centre", parent=base, alignment=1, leading=16),
        "centre_bold": ParagraphStyle(
            "centre_bold", parent=base, fontName=bold, alignment=1, leading=16
        ),
        "motto": ParagraphStyle("motto", parent=base, fontName=bold, fontSize=12, alignment=1),
        "date": ParagraphStyle("date", parent=base, fontName=font + "-Italic", alignment=1),
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=14, leading=18, alignment=1
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=bold, spaceBefore=8, spaceAfter=4
        ),
        "note": ParagraphStyle("note", parent=base, fontName=font + "-Italic"),
        "caption": ParagraphStyle(
            "caption", parent=base, fontName=font + "-Italic", fontSize=11, alignment=1
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=11.5),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=9.5, leading=11.5, alignment=2
        ),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=bold, fontSize=9.5, leading=11.5, alignment=1
        ),
        "recipients": ParagraphStyle("recipients", parent=base, fontSize=11, leading=13),
        "recipients_head": ParagraphStyle(
            "recipients_head", parent=base, fontName=font + "-BoldItalic", fontSize=12
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _header(report: ResolutionReport, s) -> list:
    left = [_p(line, s["centre_bold"]) for line in report.issuer_lines]
    left += [_p("―――――", s["centre"]), _p(report.number_line, s["centre"])]
    motto = Paragraph(f"<u>{escape(MOTTO[1])}</u>", s["centre_bold"])
    right = [_p(MOTTO[0], s["motto"]), motto, Spacer(1, 2 * mm), _p(report.date_line, s["date"])]
    table = Table([[left, right]], colWidths=[65 * mm, 95 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table, Spacer(1, 8 * mm)]


def _grid(rows: list, widths: list, spans: list, s) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceef2")),
    ]
    style += [("SPAN", (0, row), (-1, row)) for row in spans]
    table.setStyle(TableStyle(style))
    return table


def _indicators(report: ResolutionReport, s) -> Table:
    rows = [[_p(h, s["cell_head"]) for h in indicator_headings(report)]]
    spans, number = [], 0
    for group, items in report.groups:
        spans.append(len(rows))
        rows.append([_p(group, s["cell_head"])] + [""] * 7)
        for row in items:
            number += 1
            rows.append(
                [
                    _p(str(number), s["cell"]),
                    _p(row.name, s["cell"]),
                    _p(row.unit, s["cell"]),
                    _p(row.target_2025, s["cell"]),
                    _p(row.target_2030, s["cell"]),
                    _p(row.value_text, s["cell_right"]),
                    _p(row.previous_text, s["cell_right"]),
                    _p(row.status_label, s["cell"]),
                ]
            )
    widths = [m * mm for m in (10, 44, 15, 20, 20, 17, 17, 17)]
    return _grid(rows, widths, spans, s)


def _units(heading: str, units: list[UnitOnTime], s) -> list:
    rows = [[_p(h, s["cell_head"]) for h in UNITS_HEADINGS]]
    for item in units:
        rows.append(
            [_p(item.unit, s["cell"]), _p(item.form, s["cell"]), _p(item.periods_text, s["cell"])]
        )
    widths = [m * mm for m in (55, 60, 45)]
    return [_p(heading, s["note"]), _grid(rows, widths, [], s), Spacer(1, 3 * mm)]


def _body(report: ResolutionReport, s) -> list:
    story = [_p(text, s["body"]) for text in report.introduction()]
    sections = iter(ROMAN)
    story += [_p(f"{next(sections)}. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", s["heading"])]
    story += [_indicators(report, s)]
    if report.charts:
        story.append(_p(f"{next(sections)}. BIỂU ĐỒ", s["heading"]))
        for caption, png in report.charts:
            image = Image(io.BytesIO(png))
            scale = min(1.0, WIDTH / image.imageWidth)
            image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
            story += [image, _p(caption, s["caption"]), Spacer(1, 3 * mm)]
    if report.late or report.missing:
        story.append(_p(f"{next(sections)}. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ", s["heading"]))
        if report.missing:
            story += _units("Đơn vị chưa gửi báo cáo:", report.missing, s)
        if report.late:
            story += _units("Đơn vị gửi báo cáo chậm:", report.late, s)
    story.append(_p(f"{next(sections)}. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", s["heading"]))
    story.append(_p("(Cơ quan soạn thảo bổ sung nội dung.)", s["note"]))
    return story


def _footer(report: ResolutionReport, s) -> list:
    left = [_p("Nơi nhận:", s["recipients_head"])]
    left += [_p(f"- {r}", s["recipients"]) for r in report.recipients]
    right = [_p(line, s["centre_bold"]) for line in report.signature if line]
    table = Table([[left, right]], colWidths=[80 * mm, 80 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 8 * mm), table]


def render_pdf(report: ResolutionReport) -> bytes:
    s = _styles()
    story = _header(report, s)
    story += [_p("BÁO CÁO", s["title"]), _p(report.subtitle, s["title"])]
    story += [_p("―――――――", s["centre"]), Spacer(1, 4 * mm)]
    story += _body(report, s) + _footer(report, s)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Báo cáo {report.subtitle}",
    )
    document.build(story)
    return buffer.getvalue()
