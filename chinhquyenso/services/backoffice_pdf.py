"""PDFs of the one-stop shop (Thông tư 01/2018/TT-VPCP forms for Nghị định 61/2018): the tracking
slip of the hand-overs (Mẫu số 05) and the apology letter with a new date (Mẫu số 04)."""

import datetime
import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chinhquyenso.core.pdf import register_family

from .models import DossierEvent, ServiceDossier

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
HAND_OVER_ACTIONS = (
    "submitted_at_counter",
    "accepted",
    "handed_over",
    "approved",
    "result_signed",
    "result_returned",
    "supplement_requested",
    "supplement_answered",
    "refused",
)


def _styles() -> dict[str, ParagraphStyle]:
    font = register_family()
    base = ParagraphStyle("base", fontName=font, fontSize=11, leading=14)
    return {
        "text": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12),
        "head": ParagraphStyle(
            "head", parent=base, fontName=font + "-Bold", fontSize=9.5, leading=12, alignment=1
        ),
        "centre": ParagraphStyle("centre", parent=base, fontName=font + "-Bold", alignment=1),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=font + "-Bold",
            fontSize=14,
            leading=18,
            alignment=1,
            spaceBefore=8,
            spaceAfter=8,
        ),
        "right": ParagraphStyle("right", parent=base, fontName=font + "-Italic", alignment=2),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _header(dossier: ServiceDossier, styles) -> list:
    agency = dossier.agency.name.upper()
    left = [_p(agency, styles["centre"]), _p(_("ONE-STOP SHOP"), styles["centre"])]
    right = [_p(MOTTO[0], styles["centre"]), _p(MOTTO[1], styles["centre"])]
    table = Table([[left, right]], colWidths=[75 * mm, 95 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table, Spacer(1, 4 * mm)]


def _build(story: list, title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
    )
    doc.build(story)
    return buffer.getvalue()


def _moment(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return _("%(hour)s:%(minute)s, %(date)s") % {
        "hour": f"{local:%H}",
        "minute": f"{local:%M}",
        "date": f"{local:%d/%m/%Y}",
    }


def _timeliness(dossier: ServiceDossier, event: DossierEvent) -> str:
    """Before, on or after the appointment date, judged at the moment of the hand-over."""
    if dossier.due_date is None:
        return ""
    day = timezone.localdate(event.at)
    if day < dossier.due_date:
        return _("Ahead of time")
    return _("On time") if day == dossier.due_date else _("Late")


def tracking_slip_pdf(dossier: ServiceDossier) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over, giver and receiver."""
    styles = _styles()
    title = _("TRACKING SLIP OF THE DOSSIER'S PROCESSING")
    story = _header(dossier, styles) + [
        _p(title, styles["title"]),
        _p(_("Dossier code: %(code)s") % {"code": dossier.code}, styles["text"]),
        _p(_("Procedure: %(name)s") % {"name": dossier.procedure}, styles["text"]),
        _p(_("Applicant: %(name)s") % {"name": dossier.applicant_name}, styles["text"]),
        _p(
            _("Appointment date: %(date)s")
            % {"date": dossier.due_date.strftime("%d/%m/%Y") if dossier.due_date else "—"},
            styles["text"],
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [
        [
            _p(h, styles["head"])
            for h in (
                _("UNITS"),
                _("TIME OF HAND-OVER AND RECEIPT"),
                _("RESULT (ahead of time / on time / late)"),
                _("NOTE"),
            )
        ]
    ]
    events = dossier.events.filter(action__in=HAND_OVER_ACTIONS).order_by("at", "id")
    for number, event in enumerate(events, start=1):
        units = _("%(n)s. Given by: %(giver)s\nReceived by: %(receiver)s") % {
            "n": number,
            "giver": event.from_unit or "—",
            "receiver": event.to_unit or "—",
        }
        signer = str(event.actor) if event.actor_id else ""
        rows.append(
            [
                _p(units, styles["cell"]),
                _p(_moment(event.at), styles["cell"]),
                _p(_timeliness(dossier, event), styles["cell"]),
                _p("\n".join(filter(None, [event.note, signer])), styles["cell"]),
            ]
        )
    table = Table(rows, colWidths=[60 * mm, 35 * mm, 30 * mm, 45 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    story.append(table)
    return _build(story, title)


def apology_letter_pdf(
    dossier: ServiceDossier,
    reason: str,
    previous_date: datetime.date,
    new_date: datetime.date,
    issued_by,
    issued_on: datetime.date,
) -> bytes:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    styles = _styles()
    title = _("LETTER OF APOLOGY AND NEW APPOINTMENT DATE")
    story = _header(dossier, styles) + [
        _p(f"Ngày {issued_on:%d} tháng {issued_on:%m} năm {issued_on:%Y}", styles["right"]),
        _p(title, styles["title"]),
        _p(_("Dear %(name)s,") % {"name": dossier.applicant_name}, styles["text"]),
        Spacer(1, 3 * mm),
        _p(
            _(
                "On %(received)s the %(agency)s received your dossier %(code)s for the procedure "
                "“%(procedure)s”, with the result appointed for %(previous)s."
            )
            % {
                "received": timezone.localtime(dossier.received_at).strftime("%d/%m/%Y")
                if dossier.received_at
                else "—",
                "agency": dossier.agency.name,
                "code": dossier.code,
                "procedure": dossier.procedure.name,
                "previous": previous_date.strftime("%d/%m/%Y"),
            },
            styles["text"],
        ),
        Spacer(1, 2 * mm),
        _p(
            _("The dossier could not be settled on time because: %(reason)s") % {"reason": reason},
            styles["text"],
        ),
        Spacer(1, 2 * mm),
        _p(
            _(
                "We apologise for this delay and for the inconvenience it causes you. The result "
                "will be returned on %(date)s."
            )
            % {"date": new_date.strftime("%d/%m/%Y")},
            styles["text"],
        ),
        Spacer(1, 8 * mm),
        _p(_("On behalf of the agency"), styles["centre"]),
        Spacer(1, 12 * mm),
        _p(str(issued_by), styles["centre"]),
    ]
    return _build(story, title)
