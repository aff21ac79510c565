"""PDF rendering with a font that has every Vietnamese glyph (ơ, ư, tone-marked capitals).

Debian's fonts-liberation2 (Times-compatible) first, DejaVu second; the old fonts-liberation
lacks many Vietnamese glyphs, so it is never used.
"""

import io
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

FAMILY = "VN-Serif"
# (directory, regular, bold, italic, bold italic), best first.
FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/liberation2",
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu",
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
]
_registered: list[str] = []


def register_family(candidates=None) -> str:
    """Register the first usable font family with reportlab once; returns the family name.

    Faces are FAMILY, FAMILY-Bold, FAMILY-Italic and FAMILY-BoldItalic; a clear error names the
    Debian package when no candidate is installed.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _registered and candidates is None:
        return _registered[0]
    for directory, regular, bold, italic, bold_italic in candidates or FONT_CANDIDATES:
        base = Path(directory)
        if not (base / regular).is_file() or not (base / bold).is_file():
            continue
        # fonts-dejavu-core has no italics: fall back to the upright faces.
        faces = {
            "": base / regular,
            "-Bold": base / bold,
            "-Italic": base / italic if (base / italic).is_file() else base / regular,
            "-BoldItalic": base / bold_italic if (base / bold_italic).is_file() else base / bold,
        }
        for suffix, path in faces.items():
            pdfmetrics.registerFont(TTFont(FAMILY + suffix, str(path)))
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=FAMILY,
            bold=FAMILY + "-Bold",
            italic=FAMILY + "-Italic",
            boldItalic=FAMILY + "-BoldItalic",
        )
        if candidates is None:
            _registered.append(FAMILY)
        return FAMILY
    raise ImproperlyConfigured(
        _(
            "No font with Vietnamese letters for PDF: install the Debian package "
            "fonts-liberation2 (or fonts-dejavu-core)."
        )
    )


def register_fonts() -> tuple[str, str]:
    """(regular, bold) face names of the registered family."""
    family = register_family()
    return family, family + "-Bold"


def italic_font() -> str:
    return register_family() + "-Italic"


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
