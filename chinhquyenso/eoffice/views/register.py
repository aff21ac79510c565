"""Registering an incoming document: the Phụ lục VI form, the duplicate warning and OCR prefill.

When the assist app is installed, the clerk can have a scan read first: the upload is stored, an
OCR job starts, its progress is polled with HTMX, and the values read fill the empty fields.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import StoredFile
from chinhquyenso.core.services.files import can_view as can_view_file

from .. import services
from ..forms import IncomingForm, add_service_errors

OCR_SESSION_KEY = "eoffice_ocr_jobs"
# Prefill name from assist -> field of the form.
OCR_FIELDS = {
    "notation": "notation",
    "issued_date": "issued_date",
    "issuer": "issuer_name",
    "doc_type": "doc_type",
    "subject": "subject",
}
CONFIDENT = 0.8
DOCUMENT_FIELDS = (
    "issuer_name",
    "notation",
    "issued_date",
    "doc_type",
    "subject",
    "signer",
    "urgency",
    "secrecy",
    "pages",
    "due_date",
)


def _assist():
    """The assist app's service door, or None when OCR is not installed in this deployment."""
    if not apps.is_installed("chinhquyenso.assist"):
        return None
    from chinhquyenso.assist import services as assist

    return assist


def _pending_file(user, value) -> StoredFile | None:
    """A file this user stored in an earlier attempt; anyone else's file is ignored."""
    if not value:
        return None
    stored = StoredFile.objects.filter(pk=value).first()
    return stored if stored is not None and can_view_file(user, stored) else None


def _data(cleaned: dict) -> services.IncomingData:
    return services.IncomingData(
        issuer_name=cleaned["issuer_name"],
        notation=cleaned["notation"],
        issued_date=cleaned["issued_date"],
        doc_type=cleaned["doc_type"].code,
        subject=cleaned["subject"],
        channel=cleaned["channel"],
        arrival_date=cleaned["arrival_date"],
        signer=cleaned["signer"],
        urgency=cleaned["urgency"],
        secrecy=cleaned["secrecy"],
        pages=cleaned["pages"],
        due_date=cleaned["due_date"],
        dossier=cleaned["dossier"],
    )


def _register(request, form: IncomingForm, pending: StoredFile | None):
    """Returns the new document, or None with the errors (or the duplicates) on the form."""
    cleaned = form.cleaned_data
    upload, name = cleaned.get("file"), ""
    if upload is not None:
        name = upload.name
    elif pending is not None:
        upload, name = core.open_file(pending).read(), pending.original_name
    try:
        return services.register_incoming(
            request.user,
            cleaned["agency"],
            _data(cleaned),
            upload=upload,
            file_name=name,
            confirm_duplicate=cleaned["confirm_duplicate"],
            content_text=_ocr_text(request),
        )
    except services.DuplicateSuspected as exc:
        form.duplicates = exc.matches
        form.add_error("confirm_duplicate", exc)
        if upload is not None and pending is None:
            # Keep the file so that confirming does not mean choosing it again.
            form.kept_file = core.store_file(request.user, upload, name)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


def _start_ocr(request, form: IncomingForm):
    """Store the uploaded scan and start reading it; returns (job id, stored file) or errors."""
    assist = _assist()
    upload = request.FILES.get("file")
    pending = _pending_file(request.user, request.POST.get("pending_file"))
    if upload is None and pending is None:
        form.add_error("file", _("Choose the scan to read first."))
        return None, None
    try:
        stored = pending or core.store_file(request.user, upload, upload.name)
        job = assist.start_ocr(request.user, stored)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, None
    jobs = request.session.get(OCR_SESSION_KEY, [])
    request.session[OCR_SESSION_KEY] = [*jobs[-19:], job.pk]
    return job.pk, stored


def _job_of(request, value) -> dict | None:
    """The status of an OCR job this user started in this session (nobody else's)."""
    assist = _assist()
    try:
        job_id = int(value)
    except (TypeError, ValueError):
        return None
    if assist is None or job_id not in request.session.get(OCR_SESSION_KEY, []):
        return None
    return assist.job_status(job_id)


def _ocr_text(request) -> str:
    """The text read from the scan, when this clerk had it read, so the content is searchable."""
    job = _job_of(request, request.POST.get("ocr_job"))
    if job is None or job.get("status") != "done":
        return ""
    return job.get("text") or ""


def _apply_prefill(data, job: dict) -> dict[str, float]:
    """Fill the fields the clerk left empty with the values read; returns their confidences."""
    confidences = {}
    for source, target in OCR_FIELDS.items():
        field = (job.get("prefill") or {}).get(source) or {}
        value = field.get("value")
        if not value or data.get(target):
            continue
        if target == "doc_type":
            try:
                value = str(services.resolve_doc_type(value).pk)
            except ValidationError:
                continue
        data[target] = value
        confidences[target] = field.get("confidence") or 0
    if job.get("pages") and not data.get("pages"):
        data["pages"] = str(job["pages"])
    return confidences


def _agencies(user):
    return core.agencies_with_perm(user, "eoffice.register_incoming").order_by("name")


@login_required
def incoming_register(request):
    agencies = _agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    if request.method != "POST":
        return _page(request, IncomingForm(agencies=agencies))
    data = request.POST.copy()
    if "ocr" in request.POST and _assist():
        form = IncomingForm(data, agencies=agencies)
        job_id, stored = _start_ocr(request, form)
        if job_id is None:
            return _page(request, form, status=422)
        data["pending_file"] = str(stored.pk)
        # Shown again to be completed: the values as typed, no errors yet.
        form = IncomingForm(initial=data.dict(), agencies=agencies)
        return _page(request, form, pending=stored, ocr_job_id=job_id)
    if request.POST.get("apply_ocr"):
        job = _job_of(request, request.POST["apply_ocr"])
        confidences = _apply_prefill(data, job) if job and job["status"] == "done" else {}
        form = IncomingForm(initial=data.dict(), agencies=agencies)
        pending = _pending_file(request.user, data.get("pending_file"))
        return _page(request, form, pending=pending, confidences=confidences)
    form = IncomingForm(data, request.FILES, agencies=agencies)
    pending = _pending_file(request.user, data.get("pending_file"))
    if form.is_valid():
        document = _register(request, form, pending)
        if document is not None:
            messages.success(
                request,
                _("Registered as incoming document number %(number)s.")
                % {"number": document.arrival_number},
            )
            return redirect(document.get_absolute_url())
        pending = getattr(form, "kept_file", None) or pending
    return _page(request, form, pending=pending, status=422)


def _page(request, form, *, pending=None, ocr_job_id=None, confidences=None, status=200):
    confidences = confidences or {}
    context = {
        "form": form,
        "document_fields": [form[name] for name in DOCUMENT_FIELDS],
        "pending": pending,
        "ocr_available": _assist() is not None,
        "ocr_job_id": ocr_job_id,
        "confidences": confidences,
        "unsure": [name for name, value in confidences.items() if value < CONFIDENT],
        "duplicates": getattr(form, "duplicates", []),
    }
    return render(request, "eoffice/incoming_register.html", context, status=status)


@login_required
def incoming_ocr_progress(request, job_id: int):
    """The HTMX-polled fragment: progress while reading, then the button to use the values."""
    job = _job_of(request, job_id)
    if job is None:
        raise PermissionDenied
    return render(request, "eoffice/_ocr_progress.html", {"job": job})
