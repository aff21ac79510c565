"""XLSX of the registers: a cover sheet, then the register with its columns (Phụ lục IV)."""

import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from .registers import KINDS, Cover


def register_xlsx(kind: str, cover: Cover, rows: Iterable) -> bytes:
    """Write-only workbook, so a year of documents streams through without building every cell."""
    title, columns = KINDS[kind]
    workbook = Workbook(write_only=True)
    front = workbook.create_sheet(title="Bìa")
    front.column_dimensions["A"].width = 80
    bold = Font(bold=True)
    lines = [cover.parent_agency.upper(), cover.agency.upper(), "", title, "", *cover.lines()]
    for index, line in enumerate(lines):
        cell = WriteOnlyCell(front, value=line)
        if index in (1, 3):
            cell.font = bold
        cell.alignment = Alignment(horizontal="center")
        front.append([cell])

    sheet = workbook.create_sheet(title="Sổ")
    for letter, width in zip("ABCDEFGHIJ", WIDTHS[kind], strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row.values():
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WIDTHS = {
    "incoming": (12, 8, 30, 18, 12, 50, 28, 12, 12, 16),
    "tracking": (8, 12, 50, 35, 14, 35, 18, 16),
    "outgoing": (18, 12, 50, 22, 35, 22, 8, 12, 12, 16),
    "copies": (16, 12, 12, 40, 50, 30, 22, 16),
}
