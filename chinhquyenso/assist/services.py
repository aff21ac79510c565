"""The door of the assistance app: start an OCR job, run it, report its state and prefill.

Other apps (the e-office) call only `start_ocr`, `job_status` and `extract_metadata` from here.
"""

import shutil
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import StoredFile
from chinhquyenso.core.services.files import FileIntegrityError

from .choices import STAGE_PROGRESS, OcrStage, OcrStatus
from .extract import extract_metadata
from .models import OcrJob
from .pipeline import ACCEPTED_TYPES, IMAGE_TYPES, OcrFailed, extract_text, make_searchable
from .pipeline import page_count as count_pages

__all__ = ["can_view_job", "extract_metadata", "job_status", "process_job", "start_ocr"]


def start_ocr(user, stored_file: StoredFile) -> OcrJob:
    """Queue reading `stored_file` (PDF, PNG, JPEG or TIFF); the task starts after commit."""
    core.require(user, "assist.request_ocr")
    if stored_file.mime_type not in ACCEPTED_TYPES:
        raise ValidationError(
            {"file": _("Only PDF files and PNG, JPEG or TIFF scans can be read by OCR.")}
        )
    with transaction.atomic():
        job = OcrJob.objects.create(source=stored_file, requested_by=user)
        core.audit_record("assist.ocr.request", job, after=core.audit_snapshot(job), actor=user)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_ocr  # the task module imports this one

    run_ocr.enqueue(job_id)


def can_view_job(user, job: OcrJob) -> bool:
    if not user or not user.is_authenticated:
        return False
    return job.requested_by_id == user.pk or core.has_perm(user, "assist.view_all_ocr")


def job_status(job_id: int) -> dict:
    """The job's state for a caller that has already checked access: progress, result, prefill."""
    job = OcrJob.objects.select_related("result").get(pk=job_id)
    return {
        "id": job.pk,
        "status": job.status,
        "stage": job.stage,
        "stage_label": str(OcrStage(job.stage).label),
        "progress": job.progress,
        "error": job.error,
        "result_sha256": job.result.sha256 if job.result else None,
        "pages": job.pages,
        "text": job.text,
        "prefill": job.prefill,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _advance(job: OcrJob, stage: str, **fields) -> None:
    # Progress is telemetry for the waiting clerk, not a change of record: it is written at once
    # (outside any transaction, so pollers see it) and not audited; the outcome is audited.
    job.stage, job.progress = stage, STAGE_PROGRESS[stage]
    for name, value in fields.items():
        setattr(job, name, value)
    OcrJob.objects.filter(pk=job.pk).update(stage=job.stage, progress=job.progress, **fields)


def _result_name(source: StoredFile) -> str:
    stem = source.original_name.rsplit(".", 1)[0] or "document"
    return f"{stem}.ocr.pdf"


def _finish(job: OcrJob, pdf: bytes, text: str) -> None:
    before = core.audit_snapshot(job, ["status", "progress", "stage"])
    with transaction.atomic():
        job.result = core.store_file(job.requested_by, pdf, _result_name(job.source))
        job.text = text
        job.pages = count_pages(text)
        job.prefill = extract_metadata(text)
        job.status, job.stage, job.progress = OcrStatus.DONE, OcrStage.DONE, 100
        job.finished_at = timezone.now()
        job.save()
        core.audit_record(
            "assist.ocr.done",
            job,
            before=before,
            after=core.audit_snapshot(job, ["status", "progress", "stage", "result", "pages"]),
        )


def _fail(job: OcrJob, message: str) -> None:
    before = core.audit_snapshot(job, ["status", "progress", "stage"])
    with transaction.atomic():
        job.status, job.stage, job.error = OcrStatus.FAILED, OcrStage.FAILED, message
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "stage", "error", "finished_at"])
        core.audit_record(
            "assist.ocr.fail",
            job,
            before=before,
            after=core.audit_snapshot(job, ["status", "stage", "error"]),
        )


def process_job(job_id: int) -> str:
    """Run one queued job to its end (done or failed); returns the final status."""
    # Claiming by a conditional update: a re-delivered task, or a second worker, finds it taken.
    claimed = OcrJob.objects.filter(pk=job_id, status=OcrStatus.QUEUED).update(
        status=OcrStatus.RUNNING, started_at=timezone.now()
    )
    job = OcrJob.objects.select_related("source", "requested_by").get(pk=job_id)
    if not claimed:
        return job.status
    _advance(job, OcrStage.PREPARING)
    is_image = job.source.mime_type in IMAGE_TYPES
    try:
        with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
            source = Path(tmp) / f"source.{job.source.extension or 'pdf'}"
            output = Path(tmp) / "searchable.pdf"
            with core.open_file(job.source) as handle, source.open("wb") as target:
                shutil.copyfileobj(handle, target)
            _advance(job, OcrStage.RECOGNISING)
            make_searchable(source, output, is_image=is_image)
            _advance(job, OcrStage.EXTRACTING)
            text = extract_text(output)
            pdf = output.read_bytes()
        _finish(job, pdf, text)
    except OcrFailed as exc:
        _fail(job, str(exc))
    except FileIntegrityError as exc:
        _fail(job, str(exc))
    except (ValidationError, PermissionDenied) as exc:
        reason = " ".join(getattr(exc, "messages", [str(exc)]))
        _fail(job, _("The searchable PDF could not be stored: %(reason)s") % {"reason": reason})
    return job.status


def text_layer(stored_file: StoredFile) -> str:
    """The text already in a PDF (an electronic document), or "" for scans and other files.

    Cheap enough to run while registering: no OCR, only pdftotext on the stored bytes.
    """
    if stored_file.mime_type != "application/pdf" or shutil.which("pdftotext") is None:
        return ""
    with tempfile.TemporaryDirectory(prefix="cqs-text-") as tmp:
        path = Path(tmp) / "document.pdf"
        with core.open_file(stored_file) as handle:
            path.write_bytes(handle.read())
        try:
            return extract_text(path)
        except OcrFailed:
            return ""
