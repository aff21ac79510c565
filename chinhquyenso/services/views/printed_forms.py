"""The printed forms of Thông tư 01/2018/TT-VPCP as PDF: the receipt-and-appointment slip (mẫu 01),
the supplement request (mẫu 02) and the refusal (mẫu 03), for the officer and for the applicant."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from ..reception_pdf import issued_refusal, issued_supplement_request, pdf_response
from ..slips import slip_filename, slip_pdf
from .backoffice import _visible
from .portal_dossier import _own


def _or_404(content: bytes | None) -> bytes:
    if content is None:
        raise Http404
    return content


@login_required
def backoffice_receipt(request, pk: int):
    """The slip the officer prints and hands over at the counter or sends to the applicant."""
    dossier = _visible(request.user, pk)
    return pdf_response(slip_pdf(dossier), slip_filename(dossier))


@login_required
def backoffice_supplement_request(request, pk: int):
    dossier = _visible(request.user, pk)
    content = _or_404(issued_supplement_request(dossier))
    return pdf_response(content, f"phieu-yeu-cau-bo-sung-{dossier.code}.pdf")


@login_required
def backoffice_refusal(request, pk: int):
    dossier = _visible(request.user, pk)
    return pdf_response(_or_404(issued_refusal(dossier)), f"phieu-tu-choi-{dossier.code}.pdf")


@login_required
def applicant_supplement_request(request, pk: int):
    dossier = _own(request, pk)
    content = _or_404(issued_supplement_request(dossier))
    return pdf_response(content, f"phieu-yeu-cau-bo-sung-{dossier.code}.pdf")


@login_required
def applicant_refusal(request, pk: int):
    dossier = _own(request, pk)
    return pdf_response(_or_404(issued_refusal(dossier)), f"phieu-tu-choi-{dossier.code}.pdf")
