"""Pages of the registers (incoming, outgoing, copies) and statistics, exports, handling slip."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import IncomingDocument
from ..registers import Period, statistics
from ..registers_export import (
    ExportedFile,
    agency_for,
    check_kind,
    export_register,
    parse_volume,
    register_agencies,
)
from ..registers_pdf import slip_pdf
from ..registers_slip import slip


def _download(exported: ExportedFile) -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response


@login_required
def registers(request):
    """Choose the register, period and volume; the statistics of the period are shown below."""
    errors: list[str] = []
    try:
        kind = check_kind(request.GET.get("kind") or "incoming")
        agency = agency_for(request.user, request.GET.get("agency"), kind)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    try:
        period = Period.parse(request.GET.get("date_from"), request.GET.get("date_to"))
    except ValidationError as exc:
        errors = exc.messages
        period = Period.parse()
    # The statistics count incoming documents: shown to those who keep the incoming registers.
    rows, total = statistics(agency, period) if kind in {"incoming", "tracking"} else ([], None)
    context = {
        "agency": agency,
        "agencies": register_agencies(request.user, kind),
        "period": period,
        "kind": kind,
        "show_statistics": total is not None,
        "volume": request.GET.get("volume", "1"),
        "errors": errors,
        "rows": rows,
        "total": total,
    }
    return render(request, "eoffice/registers.html", context, status=400 if errors else 200)


@login_required
def register_export(request):
    params = request.GET
    kind = params.get("kind") or "incoming"
    try:
        agency = agency_for(request.user, params.get("agency"), kind)
        period = Period.parse(params.get("date_from"), params.get("date_to"))
        volume = parse_volume(params.get("volume"))
        exported = export_register(
            request.user,
            agency,
            kind,
            params.get("format", "pdf"),
            period,
            volume,
        )
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    return _download(exported)


@login_required
def incoming_slip(request, pk: int):
    document = get_object_or_404(IncomingDocument.objects.select_related("agency__parent"), pk=pk)
    if not selectors.can_view(request.user, document):
        raise Http404  # do not reveal that a document the user may not see exists
    content = slip_pdf(slip(document))
    name = f"phieu-giai-quyet-{document.arrival_number}-{document.arrival_year}.pdf"
    return _download(ExportedFile(content, "application/pdf", name))
