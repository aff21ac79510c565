"""Where the signature parts go on a drafted PDF (Nghị định 30/2020 Phụ lục I) and how they look.

Pure layout on bytes: pypdf finds the "Số:" line, the place-and-date line and the signer's name in
the draft; reportlab draws the small one-page PDFs that become the appearance streams.
"""

import io
import re
from dataclasses import dataclass

from chinhquyenso.core.pdf import italic_font, register_fonts
from chinhquyenso.core.text import fold

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points

BLUE = (0.05, 0.2, 0.75)
MARGIN = 57  # 2 cm, the smallest margin of Phụ lục I
_NUMBER_LINE = re.compile(r"^so\s*[:\d./-]")
_DATE_LINE = re.compile(r"ngay.*thang.*nam")


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    y: float  # baseline
    size: float
    end: float  # estimated: the draft's own font metrics are not read

    @property
    def width(self) -> float:
        return self.end - self.x

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Placement:
    """Where the person's signature goes; `full_block` when the draft has no block to fill."""

    page: int
    box: Box
    full_block: bool
    new_page: bool = False


def _text_lines(page) -> list[Line]:
    """The page's text grouped into lines, top to bottom."""
    fragments: list[tuple[float, float, str, float]] = []

    def visit(text, cm, tm, _font, font_size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1
        fragments.append((y, x, text, font_size * scale))

    page.extract_text(visitor_text=visit)
    lines: list[list[tuple[float, float, str, float]]] = []
    for fragment in sorted(fragments, key=lambda f: (-f[0], f[1])):
        if lines and abs(lines[-1][0][0] - fragment[0]) <= 2:
            lines[-1].append(fragment)
        else:
            lines.append([fragment])
    result = []
    for parts in lines:
        parts.sort(key=lambda f: f[1])
        # Two columns on one baseline (the "Số:" line beside the date line) are two lines.
        segments = [[parts[0]]]
        for part in parts[1:]:
            previous = segments[-1][-1]
            if part[1] > previous[1] + _width(previous[2], previous[3]) + 1.5 * previous[3]:
                segments.append([part])
            else:
                segments[-1].append(part)
        for segment in segments:
            text = " ".join(" ".join(p[2].split()) for p in segment).strip()
            last = segment[-1]
            end = last[1] + _width(last[2].rstrip(), last[3])
            result.append(Line(text, segment[0][1], segment[0][0], max(p[3] for p in segment), end))
    return result


def _reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def page_size(pdf: bytes, index: int) -> tuple[float, float]:
    box = _reader(pdf).pages[index].mediabox
    return float(box.width), float(box.height)


def header_boxes(pdf: bytes, place_sample: str) -> tuple[Box, Box]:
    """Boxes over the draft's "Số: …" and "…, ngày … tháng … năm …" lines on page 1."""
    reader = _reader(pdf)
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    lines = _text_lines(page)
    number = next((ln for ln in lines if _NUMBER_LINE.match(fold(ln.text))), None)
    date = next((ln for ln in lines if _DATE_LINE.search(fold(ln.text))), None)
    # Without the lines of Phụ lục I the fields go into the top margin, clear of the text.
    top = height - MARGIN + 12
    number_box = _around(number, 170) if number else (MARGIN, top - 4, 260, top + 14)
    sample = f"{place_sample}, ngày 28 tháng 12 năm 2099"
    date_box = _around(date, _width(sample, 13) + 8) if date else (
        width - MARGIN - _width(sample, 13) - 8, top - 4, width - MARGIN, top + 14
    )  # fmt: skip
    return number_box, date_box


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, register_fonts()[0], size)


def _around(line: Line, min_width: float) -> Box:
    half = max(line.width + 8, min_width) / 2
    return (line.centre - half, line.y - 0.35 * line.size, line.centre + half,
            line.y + 1.05 * line.size)  # fmt: skip


def signature_placement(pdf: bytes, signer_name: str, aspect: float) -> Placement:
    """Between the position line and the signer's name; else a whole block under the text."""
    reader = _reader(pdf)
    wanted = fold(" ".join(signer_name.split()))
    for index in range(len(reader.pages) - 1, -1, -1):
        lines = _text_lines(reader.pages[index])
        names = [ln for ln in lines if wanted and wanted in fold(ln.text)]
        if not names:
            continue
        name = names[-1]
        above = [
            ln for ln in lines
            if ln.y > name.y + name.size and abs(ln.centre - name.centre) < 120
        ]  # fmt: skip
        ceiling = min((ln.y for ln in above), default=name.y + 110) - 0.3 * name.size
        floor = name.y + 1.0 * name.size
        gap = ceiling - floor
        if gap < 28:
            break
        height = min(gap - 4, 80)
        width = min(height * aspect, 190)
        height = width / aspect
        middle = (floor + ceiling) / 2
        box = (name.centre - width / 2, middle - height / 2, name.centre + width / 2,
               middle + height / 2)  # fmt: skip
        return Placement(index, box, full_block=False)
    return _block_placement(reader)


def _block_placement(reader) -> Placement:
    index = len(reader.pages) - 1
    page = reader.pages[index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    lowest = min((ln.y - ln.size for ln in _text_lines(page)), default=height - MARGIN)
    block_w, block_h = 240, 140
    top = lowest - 16
    new_page = top - block_h < MARGIN
    if new_page:
        index, top = index + 1, height - MARGIN - 20
    centre = width * 0.72
    box = (centre - block_w / 2, top - block_h, centre + block_w / 2, top)
    return Placement(index, box, full_block=True, new_page=new_page)


def _canvas(width: float, height: float):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    return buffer, canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)


def _draw_image(pdf_canvas, png: bytes, x: float, y: float, width: float, height: float):
    from reportlab.lib.utils import ImageReader

    pdf_canvas.drawImage(
        ImageReader(io.BytesIO(png)), x, y, width, height, mask="auto", preserveAspectRatio=True,
        anchor="c",
    )  # fmt: skip


def person_appearance(
    box: Box, *, full_block: bool, position_lines: list[str], name: str, image: bytes | None
) -> bytes:
    """The signature image (or the name in blue), with position and name when drawing a block."""
    regular, bold = register_fonts()
    width, height = box[2] - box[0], box[3] - box[1]
    buffer, c = _canvas(width, height)
    image_bottom, image_top = _image_band(height, full_block, len(position_lines))
    if full_block:
        c.setFont(bold, 13)
        for index, line in enumerate(position_lines):
            c.drawCentredString(width / 2, height - 13 - 16 * index, line)
        c.drawCentredString(width / 2, 4, name)
    if image:
        _draw_image(c, image, 0, image_bottom, width, image_top - image_bottom)
    else:
        c.setFillColorRGB(*BLUE)
        size = min(18.0, (image_top - image_bottom) * 0.5)
        c.setFont(italic_font(), size)
        c.drawCentredString(width / 2, (image_bottom + image_top) / 2 - size / 3, name)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _image_band(height: float, full_block: bool, lines: int) -> tuple[float, float]:
    """Bottom and top of the image inside the box: between position and name in a block."""
    return (22.0, height - 16 * lines + 11) if full_block else (0.0, height)


def image_box(placement: Placement, lines: int, aspect: float) -> Box:
    """Where the signature image is drawn on the page (the seal covers its left third)."""
    x1, y1, x2, y2 = placement.box
    bottom, top = _image_band(y2 - y1, placement.full_block, lines)
    width = min(x2 - x1, (top - bottom) * aspect)
    middle = (x1 + x2) / 2
    return (middle - width / 2, y1 + bottom, middle + width / 2, y1 + top)


def text_appearance(box: Box, text: str, *, italic: bool = False, size: float = 13) -> bytes:
    """One line of text centred on white, covering the draft's placeholder under it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = italic_font() if italic else register_fonts()[0]
    width, height = box[2] - box[0], box[3] - box[1]
    size = min(size, height / 1.4)
    while size > 6 and stringWidth(text, font, size) > width - 2:
        size -= 0.5
    buffer, c = _canvas(width, height)
    c.setFillColorRGB(1, 1, 1)
    c.rect(0, 0, width, height, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(font, size)
    c.drawCentredString(width / 2, height * 0.3, text)
    c.showPage()
    c.save()
    return buffer.getvalue()


def image_appearance(png: bytes, width: float, height: float) -> bytes:
    buffer, c = _canvas(width, height)
    _draw_image(c, png, 0, 0, width, height)
    c.showPage()
    c.save()
    return buffer.getvalue()


def seal_box(signature_box: Box, seal_size: tuple[float, float]) -> Box:
    """The seal's right edge on the first third of the signature, centred on it vertically."""
    x1, y1, x2, y2 = signature_box
    seal_w, seal_h = seal_size
    right = x1 + (x2 - x1) / 3
    middle = (y1 + y2) / 2
    return (right - seal_w, middle - seal_h / 2, right, middle + seal_h / 2)


def image_size_points(png: bytes, default_mm: float) -> tuple[float, float]:
    """The image's real size from its DPI; `default_mm` wide when the file does not say."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        pixels_w, pixels_h = image.size
        dpi = image.info.get("dpi")
    if dpi and dpi[0] and dpi[1] and dpi[0] > 1:
        return pixels_w / float(dpi[0]) * 72, pixels_h / float(dpi[1]) * 72
    width = default_mm / 25.4 * 72
    return width, width * pixels_h / pixels_w


def image_aspect(png: bytes | None) -> float:
    if not png:
        return 2.4
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.size[0] / image.size[1]
