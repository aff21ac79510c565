"""Pages of one incoming document."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import IncomingDocument


@login_required
def incoming_detail(request, pk: int):
    document = get_object_or_404(IncomingDocument.objects.select_related("doc_type"), pk=pk)
    if not selectors.can_view(request.user, document):
        raise Http404  # do not reveal that a document the user may not see exists
    context = {
        "document": document,
        "assignments": document.assignments.select_related("assignee", "department"),
        "trace": document.trace.select_related("actor", "file"),
        "show_file": selectors.can_view_content(request.user, document) and document.file_id,
        "signature_checks": document.signature_checks.all(),
    }
    return render(request, "eoffice/incoming_detail.html", context)
