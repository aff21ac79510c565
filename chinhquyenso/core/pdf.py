"""PDF rendering with a font that has every Vietnamese glyph (ơ, ư, tone-marked capitals).

Debian's fonts-liberation2 (Times-compatible) first, DejaVu second; the old fonts-liberation
lacks many Vietnamese glyphs, so it is never used.
"""

import io
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)  # fmt: skip
REGULAR, BOLD = "VN-Serif", "VN-Serif-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the Vietnamese fonts with reportlab once; returns (regular, bold) names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont(REGULAR, regular))
            pdfmetrics.registerFont(TTFont(BOLD, bold))
            return REGULAR, BOLD
    raise ImproperlyConfigured(
        "No font with Vietnamese glyphs found: install Debian's fonts-liberation2 or "
        "fonts-dejavu-core."
    )


def render_text_document(header: list[str], title: str, paragraphs: list[str]) -> bytes:
    """A plain A4 document: header lines centred in bold, a title, then the paragraphs."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    regular, bold = register_fonts()
    centred = ParagraphStyle("centred", fontName=bold, fontSize=13, leading=16, alignment=1)
    body = ParagraphStyle("body", fontName=regular, fontSize=13, leading=17, alignment=4)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm,
        bottomMargin=2 * cm, title=title,
    )  # fmt: skip
    story = [Paragraph(escape(line), centred) for line in header]
    story += [Spacer(1, 12), Paragraph(escape(title), centred), Spacer(1, 12)]
    story += [Paragraph(escape(p), body) for p in paragraphs if p.strip()]
    doc.build(story)
    return buffer.getvalue()
