"""The receipt-and-appointment slip (Nghị định 61/2018, mẫu 01 of Thông tư 01/2018) and, before
reception, the submission receipt; both carry a QR code of the public verification page."""

import io
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chinhquyenso.core.pdf import italic_font, register_fonts

from .choices import Channel
from .models import ServiceDossier

# The form's labels are the decree's wording, kept in Vietnamese like the e-office registers.
RECEIPT_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
SUBMISSION_TITLE = "GIẤY XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN"
# Papers handed in at the counter (or by post) before the officer has checked them.
DELIVERY_TITLE = "GIẤY XÁC NHẬN NỘP HỒ SƠ"


def verification_url(dossier: ServiceDossier) -> str:
    """The public page that confirms the dossier's status; absolute when SITE_URL is set."""
    path = reverse("services:verify", args=[dossier.code])
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def has_appointment(dossier: ServiceDossier) -> bool:
    return dossier.received_at is not None and dossier.due_date is not None


def slip_title(dossier: ServiceDossier) -> str:
    if has_appointment(dossier):
        return RECEIPT_TITLE
    return SUBMISSION_TITLE if dossier.channel == Channel.ONLINE else DELIVERY_TITLE


def slip_filename(dossier: ServiceDossier) -> str:
    kind = "giay-hen-tra-ket-qua" if has_appointment(dossier) else "giay-xac-nhan-nop"
    return f"{kind}-{dossier.code}.pdf"


def _moment(value) -> str:
    local = timezone.localtime(value)
    return (
        f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"
        if value
        else ""
    )


def _lines(dossier: ServiceDossier) -> list[tuple[str, str]]:
    lines = [
        ("Mã hồ sơ", dossier.code),
        ("Tiếp nhận hồ sơ của", dossier.applicant_name),
        ("Địa chỉ", dossier.applicant_address),
        ("Số điện thoại", dossier.applicant_phone),
        ("Thư điện tử", dossier.applicant_email),
        ("Nội dung yêu cầu giải quyết", dossier.procedure.name),
    ]
    return [(label, value) for label, value in lines if value]


def slip_pdf(dossier: ServiceDossier) -> bytes:
    """The appointment slip once the dossier is received, the submission receipt before."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table

    regular, bold = register_fonts()
    centre_bold = ParagraphStyle("cb", fontName=bold, fontSize=12, leading=15, alignment=1)
    centre = ParagraphStyle("c", fontName=regular, fontSize=12, leading=15, alignment=1)
    body = ParagraphStyle("b", fontName=regular, fontSize=12, leading=17)
    note = ParagraphStyle("n", fontName=italic_font(), fontSize=11, leading=14, alignment=1)
    received = has_appointment(dossier)
    title = slip_title(dossier)
    agency = dossier.agency
    parent = agency.parent.name.upper() if agency.parent_id else ""
    left = [Paragraph(escape(parent), centre), Paragraph(escape(agency.name.upper()), centre_bold)]
    left.append(Paragraph("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", centre_bold))
    right = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", centre_bold),
        Paragraph("Độc lập - Tự do - Hạnh phúc", centre_bold),
    ]
    story = [Table([[left, right]], colWidths=[8 * cm, 8.5 * cm]), Spacer(1, 14)]
    story.append(Paragraph(escape(title), ParagraphStyle("t", parent=centre_bold, fontSize=14)))
    story.append(Spacer(1, 10))
    for label, value in _lines(dossier):
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", body))
    documents = list(dossier.attachments.order_by("id").values_list("name", flat=True))
    if documents:
        story.append(Paragraph("<b>Thành phần hồ sơ:</b>", body))
        story += [Paragraph(f"{n}. {escape(name)}", body) for n, name in enumerate(documents, 1)]
    procedure = dossier.procedure
    story.append(
        Paragraph(
            f"Thời gian giải quyết theo quy định: {procedure.processing_days} ngày làm việc.", body
        )
    )
    if dossier.submitted_at:
        story.append(Paragraph(f"Thời gian nộp hồ sơ: {_moment(dossier.submitted_at)}.", body))
    if received:
        story.append(Paragraph(f"Thời gian nhận hồ sơ: {_moment(dossier.received_at)}.", body))
        story.append(
            Paragraph(f"<b>Ngày hẹn trả kết quả:</b> ngày {dossier.due_date:%d/%m/%Y}.", body)
        )
    else:
        story.append(
            Paragraph(
                "Hồ sơ đang chờ tiếp nhận; ngày hẹn trả kết quả sẽ được thông báo khi "
                "hồ sơ được tiếp nhận.",
                body,
            )
        )
    url = verification_url(dossier)
    qr = Image(io.BytesIO(qr_png(url)), width=3.2 * cm, height=3.2 * cm)
    story += [Spacer(1, 12), qr, Paragraph(f"Tra cứu hồ sơ: {escape(url)}", note)]
    if received:
        receiver = str(dossier.received_by) if dossier.received_by_id else ""
        signatures = [
            [Paragraph("NGƯỜI NỘP HỒ SƠ", centre_bold), Paragraph("NGƯỜI TIẾP NHẬN", centre_bold)],
            [
                Paragraph(escape(dossier.applicant_name), centre),
                Paragraph(escape(receiver), centre),
            ],
        ]
        story += [Spacer(1, 12), Table(signatures, colWidths=[8 * cm, 8.5 * cm])]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=f"{title} {dossier.code}",
    )
    doc.build(story)
    return buffer.getvalue()
