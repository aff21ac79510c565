"""The printed forms of reception (Thông tư 01/2018/TT-VPCP): the request to supplement a dossier
(mẫu 02) and the refusal to receive and settle it (mẫu 03), issued to the applicant."""

import datetime
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import timezone
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from chinhquyenso.core import services as core

from .backoffice_pdf import MOTTO, _build, _p, _styles
from .choices import DossierStatus
from .models import ServiceDossier

# The forms' wording is the circular's, kept in Vietnamese like the receipt slip.
SUPPLEMENT_TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
REFUSAL_TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
RECEPTION_UNIT = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"


def _header(dossier: ServiceDossier, styles: dict, day: datetime.date) -> list:
    """Managing body, agency and its reception unit on the left, the motto and date on the right."""
    agency = dossier.agency
    left = [_p(agency.parent.name.upper(), styles["centre"])] if agency.parent_id else []
    left += [_p(agency.name.upper(), styles["centre"]), _p(RECEPTION_UNIT, styles["centre"])]
    right = [_p(MOTTO[0], styles["centre"]), _p(MOTTO[1], styles["centre"])]
    table = Table([[left, right]], colWidths=[75 * mm, 95 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    dated = f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}"
    return [table, Spacer(1, 3 * mm), _p(dated, styles["right"])]


def _applicant_lines(dossier: ServiceDossier, styles: dict) -> list:
    lines = [
        ("Mã hồ sơ", dossier.code),
        ("Hồ sơ của", dossier.applicant_name),
        ("Nội dung yêu cầu giải quyết", dossier.procedure.name),
        ("Địa chỉ", dossier.applicant_address),
        ("Số điện thoại", dossier.applicant_phone),
        ("Thư điện tử", dossier.applicant_email),
    ]
    return [
        Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", styles["text"])
        for label, value in lines
        if value
    ]


def _signature(role: str, person, styles: dict) -> list:
    note = ParagraphStyle("sign-note", parent=styles["right"], alignment=1)
    block = [
        _p(role, styles["centre"]),
        _p("(Ký và ghi rõ họ tên)", note),
        Spacer(1, 14 * mm),
        _p(str(person) if person is not None else "", styles["centre"]),
    ]
    table = Table([["", block]], colWidths=[80 * mm, 90 * mm])
    return [Spacer(1, 6 * mm), table]


def supplement_request_pdf(
    dossier: ServiceDossier, items: list[str], officer, day: datetime.date
) -> bytes:
    """Mẫu 02: every item the applicant must add or complete, and whom to ask."""
    styles = _styles()
    story = _header(dossier, styles, day) + [
        _p(SUPPLEMENT_TITLE, styles["title"]),
        *_applicant_lines(dossier, styles),
        Spacer(1, 2 * mm),
        _p("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", styles["text"]),
    ]
    story += [_p(f"{n}. {item}", styles["text"]) for n, item in enumerate(items, start=1)]
    agency = dossier.agency
    contact = f"{officer}" + (f", số điện thoại {agency.phone}" if agency.phone else "")
    story += [
        Spacer(1, 2 * mm),
        _p(
            "Thời gian giải quyết hồ sơ được tính lại từ khi nhận đủ hồ sơ đã bổ sung, hoàn "
            "thiện. Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với "
            f"{contact} để được hướng dẫn./.",
            styles["text"],
        ),
    ]
    story += _signature("NGƯỜI HƯỚNG DẪN", officer, styles)
    return _build(story, f"{SUPPLEMENT_TITLE} {dossier.code}")


def refusal_pdf(dossier: ServiceDossier, reason: str, officer, day: datetime.date) -> bytes:
    """Mẫu 03: the dossier is not received or settled, and why."""
    styles = _styles()
    received = timezone.localtime(dossier.submitted_at) if dossier.submitted_at else None
    opening = f"Bộ phận tiếp nhận và trả kết quả {dossier.agency.name} tiếp nhận hồ sơ" + (
        f" ngày {received:%d/%m/%Y}:" if received else ":"
    )
    story = _header(dossier, styles, day) + [
        _p(REFUSAL_TITLE, styles["title"]),
        _p(opening, styles["text"]),
        *_applicant_lines(dossier, styles),
        Spacer(1, 2 * mm),
        _p(
            "Qua xem xét, đối chiếu với quy định hiện hành, cơ quan không tiếp nhận, giải quyết "
            "hồ sơ này với lý do cụ thể như sau:",
            styles["text"],
        ),
        _p(reason, styles["text"]),
        Spacer(1, 2 * mm),
        _p("Xin thông báo để ông/bà được biết và thực hiện./.", styles["text"]),
    ]
    story += _signature("NGƯỜI TIẾP NHẬN", officer, styles)
    return _build(story, f"{REFUSAL_TITLE} {dossier.code}")


def _read(stored) -> bytes:
    with core.open_file(stored) as handle:
        return handle.read()


def issued_supplement_request(dossier: ServiceDossier) -> bytes | None:
    """Mẫu 02 as issued for `dossier` (one request at most), or None when none was made.

    Requests stored before the forms were kept are rendered again from their record.
    """
    request = (
        dossier.supplement_requests.select_related("requested_by", "file")
        .order_by("-requested_at", "-id")
        .first()
    )
    if request is None:
        return None
    if request.file_id is not None:
        return _read(request.file)
    day = timezone.localdate(request.requested_at)
    return supplement_request_pdf(dossier, request.items, request.requested_by, day)


def issued_refusal(dossier: ServiceDossier) -> bytes | None:
    """Mẫu 03 as issued for a refused dossier, or None when it was not refused."""
    if dossier.status != DossierStatus.REFUSED:
        return None
    if dossier.refusal_file_id is not None:
        return _read(dossier.refusal_file)
    event = dossier.events.filter(action="refused").select_related("actor").last()
    officer = event.actor if event is not None else None
    moment = dossier.completed_at or (event.at if event is not None else timezone.now())
    return refusal_pdf(dossier, dossier.refusal_reason, officer, timezone.localdate(moment))


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
