"""Exports of the dashboards: each page describes itself as a Sheet (title, table, chart) and the
same Sheet becomes an XLSX workbook (openpyxl, chart on a second sheet), a PDF (core.pdf fonts,
chart embedded as PNG) or the chart alone as PNG."""

import dataclasses
import decimal
import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

FORMATS = ("xlsx", "pdf", "png")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclasses.dataclass
class Sheet:
    title: str
    name: str  # file name without extension (ASCII)
    header: list[str]
    rows: list[list]
    subtitle: list[str] = dataclasses.field(default_factory=list)
    # Draws the chart as PNG bytes, only when an export needs it.
    chart: Callable[[], bytes] | None = None


def _cell(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    return "" if value is None else value


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def to_xlsx(sheet: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    workbook = Workbook()
    table = workbook.active
    table.title = _("Figures")
    table.append([sheet.title])
    table["A1"].font = Font(bold=True, size=13)
    for line in sheet.subtitle:
        table.append([line])
    table.append([])
    table.append(sheet.header)
    for cell in table[table.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        table.append([_cell(value) for value in row])
    table.column_dimensions["A"].width = 60
    if sheet.chart is not None:
        charts = workbook.create_sheet(_("Chart"))
        charts.add_image(Image(io.BytesIO(sheet.chart())), "A1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(sheet: Sheet) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from chinhquyenso.core.pdf import register_fonts

    regular, bold = register_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18)
    small = ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5)
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=sheet.title,
    )
    story = [Paragraph(escape(sheet.title), title)]
    story += [Paragraph(escape(line), small) for line in sheet.subtitle]
    story.append(Spacer(1, 8))
    if sheet.chart is not None:
        png = sheet.chart()
        image = Image(io.BytesIO(png))
        scale = min(1.0, (page[0] - 3 * cm) / image.drawWidth, 9 * cm / image.drawHeight)
        image.drawWidth *= scale
        image.drawHeight *= scale
        story += [image, Spacer(1, 8)]
    data = [[Paragraph(escape(str(h)), head) for h in sheet.header]]
    for row in sheet.rows:
        data.append([Paragraph(escape(str(_cell(v))), small) for v in row])
    width = page[0] - 3 * cm
    first = min(0.4, 2.0 / max(len(sheet.header), 2))
    rest = (1 - first) / max(len(sheet.header) - 1, 1)
    widths = [width * first] + [width * rest] * (len(sheet.header) - 1)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceef2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buffer.getvalue()


def respond(request, sheet: Sheet) -> HttpResponse | None:
    """The export asked for with ?export=xlsx|pdf|png, or None to render the page."""
    kind = request.GET.get("export")
    if not kind:
        return None
    if kind not in FORMATS:
        return HttpResponseBadRequest(
            _("Unknown export “%(kind)s”: choose xlsx, pdf or png.") % {"kind": kind}
        )
    if kind == "xlsx":
        return _attachment(to_xlsx(sheet), XLSX, f"{sheet.name}.xlsx")
    if kind == "pdf":
        return _attachment(to_pdf(sheet), "application/pdf", f"{sheet.name}.pdf")
    if sheet.chart is None:
        return HttpResponseBadRequest(_("This page has no chart to export."))
    return _attachment(sheet.chart(), "image/png", f"{sheet.name}.png")
