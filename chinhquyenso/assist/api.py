"""API of the assistance app: start an OCR job on a stored file and follow it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from chinhquyenso.core.models import StoredFile
from chinhquyenso.core.services.files import can_view

from .models import OcrJob
from .services import can_view_job, job_status, start_ocr

router = Router(tags=["assist"])


class OcrJobIn(Schema):
    sha256: str


class OcrJobOut(Schema):
    id: int
    status: str
    stage: str
    stage_label: str
    progress: int
    error: str
    result_sha256: str | None
    pages: int | None
    text: str
    prefill: dict
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class ErrorOut(Schema):
    detail: str


@router.post(
    "/ocr",
    response={202: OcrJobOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Read a stored PDF or scan: returns the queued job",
)
def create_ocr_job(request, payload: OcrJobIn):
    stored = StoredFile.objects.filter(sha256=payload.sha256.strip().lower()).first()
    if stored is None or not can_view(request.user, stored):
        return Status(404, {"detail": _("Not found.")})
    try:
        job = start_ocr(request.user, stored)
    except ValidationError as exc:
        return Status(422, {"detail": " ".join(exc.messages)})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(202, job_status(job.pk))


@router.get(
    "/ocr/{job_id}",
    response={200: OcrJobOut, 404: ErrorOut},
    summary="An OCR job: status, progress, searchable PDF, text and prefilled metadata",
)
def get_ocr_job(request, job_id: int):
    job = OcrJob.objects.filter(pk=job_id).first()
    if job is None or not can_view_job(request.user, job):
        return Status(404, {"detail": _("Not found.")})
    return Status(200, job_status(job.pk))
