"""Synthetic Vietnamese documents for tests and the OCR benchmark: render to PDF, then to scans.

Layout follows Nghị định 30/2020 Phụ lục I (State) and HD 36-HD/VPTW (Party): issuer at the top
left, national or Party motto at the top right, số/ký hiệu and place-date under them, the type name
centred in capitals with the trích yếu below it (or "V/v …" under the number for công văn).
Needs fpdf2 (test extra), a Vietnamese TTF (Debian fonts-liberation2) and pdftoppm (poppler-utils).
"""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM",)


@dataclass(frozen=True)
class SampleDocument:
    """What is printed on the document, and therefore what extraction should find."""

    name: str
    issuer_lines: tuple[str, ...]  # e.g. ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI")
    notation: str  # as printed after "Số" ("1131/QĐ-UBND")
    place: str
    issued: tuple[int, int, int]  # day, month, year
    type_name: str  # catalogue name ("Quyết định"); "Công văn" prints "V/v" instead of a title
    subject: str
    party: bool = False
    body: tuple[str, ...] = field(default_factory=tuple)

    @property
    def issuer(self) -> str:
        return " ".join(self.issuer_lines)

    @property
    def date_line(self) -> str:
        day, month, year = self.issued
        return f"{self.place}, ngày {day:02d} tháng {month} năm {year}"


def fonts_available() -> bool:
    return (FONT_DIR / "LiberationSerif-Regular.ttf").exists()


def render_pdf(doc: SampleDocument) -> bytes:
    """A one-page A4 PDF with the document's header, title and a body paragraph."""
    from fpdf import FPDF  # test extra: imported here so the app itself never needs it

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, 15)
    for style, suffix in (("", "Regular"), ("B", "Bold"), ("I", "Italic")):
        pdf.add_font("Serif", style, str(FONT_DIR / f"LiberationSerif-{suffix}.ttf"))
    pdf.add_page()
    left_w, right_w, line_h = 75, 100, 6
    top = pdf.get_y()
    pdf.set_font("Serif", "B", 12)
    for line in doc.issuer_lines:
        pdf.cell(left_w, line_h, line, align="C", new_x="LMARGIN", new_y="NEXT")
    if doc.party:
        pdf.cell(left_w, line_h, "*", align="C", new_x="LMARGIN", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(20 + left_w, top)
    motto = PARTY_MOTTO if doc.party else STATE_MOTTO
    for index, line in enumerate(motto):
        pdf.set_font("Serif", "B" if index == 0 else "B", 12 if index == 0 else 13)
        pdf.cell(right_w, line_h, line, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 4)
    number_y = pdf.get_y()
    pdf.set_font("Serif", "", 13)
    prefix = "Số " if doc.party else "Số: "
    pdf.cell(left_w, line_h, prefix + doc.notation, align="C", new_x="LMARGIN", new_y="NEXT")
    is_letter = doc.type_name == "Công văn"
    if is_letter:
        pdf.set_font("Serif", "", 11)
        pdf.multi_cell(left_w, 5, "V/v " + doc.subject, align="C", new_x="LMARGIN", new_y="NEXT")
    after_left = pdf.get_y()
    pdf.set_xy(20 + left_w, number_y)
    pdf.set_font("Serif", "I", 13)
    pdf.cell(right_w, line_h, doc.date_line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(after_left, pdf.get_y()) + 10)
    if not is_letter:
        pdf.set_font("Serif", "B", 14)
        pdf.cell(0, 7, doc.type_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 7, doc.subject, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    pdf.set_font("Serif", "", 13)
    for paragraph in doc.body or (DEFAULT_BODY,):
        pdf.multi_cell(0, 7, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


DEFAULT_BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; căn cứ Nghị định số "
    "30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; xét đề nghị của "
    "Giám đốc Sở Khoa học và Công nghệ, cơ quan chủ trì phối hợp với các sở, ngành và Ủy ban nhân "
    "dân các huyện, thị xã, thành phố triển khai thực hiện, báo cáo kết quả đúng thời hạn."
)


def rasterise(pdf: bytes, dpi: int = 200, fmt: str = "png") -> list[bytes]:
    """Each page of `pdf` as a greyscale image at `dpi`, the way a scanner would deliver it."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm (Debian poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        flag = {"png": "-png", "jpeg": "-jpeg", "tiff": "-tiff"}[fmt]
        subprocess.run(  # noqa: S603 - fixed program; the paths are our temporary files
            [pdftoppm, "-r", str(dpi), "-gray", flag, str(source), str(Path(tmp) / "page")],
            check=True,
            capture_output=True,
        )
        return [page.read_bytes() for page in sorted(Path(tmp).glob("page*"))]
