"""The report on the resolution as a Word document a leader can edit before signing: A4, Times
New Roman, the header, title and signature layout of Nghị định 30/2020 (Phụ lục I)."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .report_document import MOTTO, ResolutionReport, UnitOnTime

FONT = "Times New Roman"
ROMAN = ("I", "II", "III", "IV", "V", "VI")
UNITS_HEADINGS = ("Đơn vị", "Biểu mẫu", "Kỳ báo cáo")


def _style(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    # East-Asian font slot too, so Word does not substitute another face for Vietnamese.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)


def _line(
    cell_or_doc,
    text: str,
    *,
    bold=False,
    italic=False,
    size=13,
    align="center",
    underline=False,
    space_after=0,
):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _header(document, report: ResolutionReport) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.paragraphs[0].text = ""
    for line in report.issuer_lines:
        _line(left, line, bold=True)
    _line(left, "―――――", size=9)
    _line(left, report.number_line)
    _line(right, MOTTO[0], bold=True, size=12)
    _line(right, MOTTO[1], bold=True, underline=True)
    _line(right, report.date_line, italic=True, space_after=0)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)


def _cell(cell, text: str, *, bold=False, align="left", size=11) -> None:
    cell.paragraphs[0].text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    cell.paragraphs[0].alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]


def indicator_headings(report: ResolutionReport) -> list[str]:
    return [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu 2025",
        "Mục tiêu 2030",
        "Kết quả " + report.period_phrase,
        f"Cùng kỳ năm {report.period.year - 1}",
        "Đánh giá",
    ]


def _indicator_table(document, report: ResolutionReport) -> None:
    headings = indicator_headings(report)
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell(cell, heading, bold=True, align="center")
    number = 0
    for group, rows in report.groups:
        merged = table.add_row().cells
        merged[0].merge(merged[-1])
        _cell(merged[0], group, bold=True)
        for row in rows:
            number += 1
            cells = table.add_row().cells
            values = (
                str(number),
                row.name,
                row.unit,
                row.target_2025,
                row.target_2030,
                row.value_text,
                row.previous_text,
                row.status_label,
            )
            for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
                _cell(cell, value, align="right" if index in (5, 6) else "left")
    widths = (Cm(0.9), Cm(5.2), Cm(1.5), Cm(2.1), Cm(2.1), Cm(1.7), Cm(1.7), Cm(1.8))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _units_table(document, heading: str, units: list[UnitOnTime]) -> None:
    _line(document, heading, italic=True, align="left")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, UNITS_HEADINGS, strict=True):
        _cell(cell, text, bold=True, align="center")
    for item in units:
        cells = table.add_row().cells
        _cell(cells[0], item.unit)
        _cell(cells[1], item.form)
        _cell(cells[2], item.periods_text)


def _body(document, report: ResolutionReport) -> None:
    for text in report.introduction():
        paragraph = _line(document, text, align="justify", space_after=6)
        paragraph.paragraph_format.first_line_indent = Cm(1)
    sections = iter(ROMAN)
    _line(
        document,
        f"{next(sections)}. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        bold=True,
        align="left",
        space_after=6,
    )
    _indicator_table(document, report)
    if report.charts:
        _line(document, f"{next(sections)}. BIỂU ĐỒ", bold=True, align="left", space_after=6)
        for caption, png in report.charts:
            document.add_picture(io.BytesIO(png), width=Cm(15.5))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _line(document, caption, italic=True, size=12, space_after=6)
    if report.late or report.missing:
        _line(
            document,
            f"{next(sections)}. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ",
            bold=True,
            align="left",
            space_after=6,
        )
        if report.missing:
            _units_table(document, "Đơn vị chưa gửi báo cáo:", report.missing)
        if report.late:
            _units_table(document, "Đơn vị gửi báo cáo chậm:", report.late)
    _line(
        document,
        f"{next(sections)}. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
        bold=True,
        align="left",
        space_after=6,
    )
    _line(document, "(Cơ quan soạn thảo bổ sung nội dung.)", italic=True, align="justify")


def _footer(document, report: ResolutionReport) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
    for recipient in report.recipients:
        _line(left, f"- {recipient}", size=11, align="left")
    on_behalf, position = report.signature
    _line(right, on_behalf, bold=True)
    if position:
        _line(right, position, bold=True)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)


def render_docx(report: ResolutionReport) -> bytes:
    document = Document()
    _style(document)
    document.core_properties.title = f"Báo cáo {report.subtitle}"
    document.core_properties.language = "vi-VN"
    _header(document, report)
    document.add_paragraph()
    _line(document, "BÁO CÁO", bold=True, size=14)
    _line(document, report.subtitle, bold=True, size=14)
    _line(document, "―――――――", size=9, space_after=12)
    _body(document, report)
    _footer(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
