"""Pages of an OCR job: the job page and the progress fragment HTMX polls while it runs."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from .models import OcrJob
from .services import can_view_job

PREFILL_FIELDS = (
    ("notation", _("Number and notation")),
    ("issued_date", _("Issued date")),
    ("issuer", _("Issuer")),
    ("doc_type", _("Document type")),
    ("subject", _("Subject")),
)


def _visible_job(request, pk: int) -> OcrJob:
    job = get_object_or_404(OcrJob.objects.select_related("source", "result"), pk=pk)
    if not can_view_job(request.user, job):
        raise Http404  # another person's job: do not reveal that it exists
    return job


def _context(job: OcrJob) -> dict:
    prefill = [(label, job.prefill.get(name) or {}) for name, label in PREFILL_FIELDS]
    return {"job": job, "prefill": prefill if job.prefill else []}


@login_required
def ocr_job(request, pk: int):
    return render(request, "assist/ocr_job.html", _context(_visible_job(request, pk)))


@login_required
def ocr_progress(request, pk: int):
    return render(request, "assist/ocr_progress.html", _context(_visible_job(request, pk)))
