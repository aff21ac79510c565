"""API for stored files: upload (multipart), metadata and verified download by SHA-256."""

import re
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from .models import StoredFile
from .services.files import FileIntegrityError, can_view, open_file, store_file

router = Router(tags=["files"])
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FileOut(Schema):
    sha256: str
    size: int
    mime_type: str
    extension: str
    original_name: str
    created_at: datetime


class ErrorOut(Schema):
    detail: str


def _visible(request, sha256: str) -> StoredFile | None:
    """The file when it exists and the user may see it; otherwise None (a 404 leaks nothing)."""
    sha256 = sha256.lower()
    if not _SHA256.match(sha256):
        return None
    stored = StoredFile.objects.filter(sha256=sha256).first()
    return stored if stored is not None and can_view(request.user, stored) else None


@router.post("", response={201: FileOut, 403: ErrorOut, 422: ErrorOut}, summary="Upload a file")
def upload_file(request, file: File[UploadedFile]):
    try:
        stored = store_file(request.user, file, file.name or "")
    except ValidationError as exc:
        return Status(422, {"detail": " ".join(exc.messages)})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(201, stored)


@router.get("/{sha256}", response={200: FileOut, 404: ErrorOut}, summary="File metadata")
def file_metadata(request, sha256: str):
    stored = _visible(request, sha256)
    if stored is None:
        return Status(404, {"detail": _("Not found.")})
    return Status(200, stored)


@router.get(
    "/{sha256}/content",
    response={200: None, 404: ErrorOut, 500: ErrorOut},
    summary="Download the content, verified against its SHA-256",
)
def file_content(request, sha256: str):
    stored = _visible(request, sha256)
    if stored is None:
        return Status(404, {"detail": _("Not found.")})
    try:
        handle = open_file(stored)
    except FileIntegrityError as exc:
        return Status(500, {"detail": str(exc)})
    return FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.mime_type
    )
