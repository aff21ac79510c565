"""Stored files: content-addressed by SHA-256, type checked from the content, verified on read.

Only document and image types that officials exchange are accepted (see ALLOWED and docs/files.md).
Executables, scripts, archives and anything unrecognised are refused before anything is written.
"""

import codecs
import hashlib
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chinhquyenso.core import audit
from chinhquyenso.core.models import AuditEvent, StoredFile
from chinhquyenso.core.permissions import has_perm, require

CHUNK = 1024 * 1024
HEAD = 8192


@dataclass(frozen=True)
class FileType:
    mime: str
    extensions: tuple[str, ...]  # the first one is used when the name has none
    label: str


PDF = FileType("application/pdf", ("pdf",), "PDF")
PNG = FileType("image/png", ("png",), "PNG")
JPEG = FileType("image/jpeg", ("jpg", "jpeg"), "JPEG")
TIFF = FileType("image/tiff", ("tif", "tiff"), "TIFF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "DOCX"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "XLSX"
)
ODT = FileType("application/vnd.oasis.opendocument.text", ("odt",), "ODT")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", ("ods",), "ODS")
XML = FileType("application/xml", ("xml",), "XML")
TEXT = FileType("text/plain", ("txt", "csv"), _lazy("plain text"))
CSV = FileType("text/csv", ("csv", "txt"), "CSV")
ALLOWED = (PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT, ODS, XML, TEXT, CSV)

_OPENDOCUMENT = {ODT.mime: ODT, ODS.mime: ODS}
_EXECUTABLE_MAGIC = (
    (b"MZ", "Windows executable (MZ/PE)"),
    (b"\x7fELF", "ELF executable"),
    (b"\xfe\xed\xfa\xce", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal binary or Java class"),
    (b"#!", "script with a shebang line"),
)


class FileRefused(ValidationError):
    """The upload was refused; the message says why in the user's language."""


class FileIntegrityError(Exception):
    """A stored blob is missing or no longer matches its SHA-256."""


def _refuse_type(detected: str) -> FileRefused:
    return FileRefused(
        _("Files of this type are not accepted (detected type: %(type)s).") % {"type": detected}
    )


def _detect_zip(handle: IO[bytes]) -> FileType:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise _refuse_type(_("Office document with macros"))
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
                raise _refuse_type(_("other Office Open XML document"))
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in _OPENDOCUMENT:
                    return _OPENDOCUMENT[mimetype]
                raise _refuse_type(mimetype or "OpenDocument")
    except zipfile.BadZipFile as exc:
        raise _refuse_type(_("damaged ZIP archive")) from exc
    raise _refuse_type(_("ZIP archive"))


def _is_utf8_text(handle: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    handle.seek(0)
    try:
        while chunk := handle.read(CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_type(handle: IO[bytes], name_extension: str = "") -> FileType:
    """The type of the content in `handle`; raises FileRefused for anything not allowed."""
    handle.seek(0)
    head = handle.read(HEAD)
    for magic, label in _EXECUTABLE_MAGIC:
        if head.startswith(magic):
            raise _refuse_type(label)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _detect_zip(handle)
    guess = filetype.guess(head)
    if guess is not None:
        for allowed in (PNG, JPEG, TIFF):
            if guess.mime == allowed.mime:
                return allowed
        raise _refuse_type(guess.mime)
    if not _is_utf8_text(handle):
        raise _refuse_type(_("unknown binary data (text files must be UTF-8)"))
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<?xml"):
        if b"<svg" in text.lower():
            raise _refuse_type(_("SVG image (may contain scripts)"))
        return XML
    if text.lower().startswith(b"<svg"):
        raise _refuse_type(_("SVG image (may contain scripts)"))
    # Text and CSV cannot be told apart from content alone; the name chooses between them.
    return CSV if name_extension == "csv" else TEXT


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def blob_name(sha256: str) -> str:
    return f"files/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _spool(data) -> tuple[IO[bytes], int, str]:
    """Copy the upload into a seekable temporary file, hashing and measuring it on the way."""
    limit = settings.FILE_MAX_BYTES
    too_big = FileRefused(
        _("The file is larger than the limit of %(limit)s MB.")
        % {"limit": f"{limit / (1024 * 1024):g}"}
    )
    declared_size = len(data) if isinstance(data, bytes) else getattr(data, "size", None)
    if declared_size is not None and declared_size > limit:
        raise too_big
    spool = tempfile.SpooledTemporaryFile(max_size=CHUNK)  # noqa: SIM115 - returned to caller
    digest, size = hashlib.sha256(), 0
    chunks = [data] if isinstance(data, bytes) else data.chunks(CHUNK)
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            spool.close()
            raise too_big
        digest.update(chunk)
        spool.write(chunk)
    if size == 0:
        spool.close()
        raise FileRefused(_("The file is empty."))
    spool.seek(0)
    return spool, size, digest.hexdigest()


def store_file(user, data, original_name: str) -> StoredFile:
    """Check and store an upload (`UploadedFile` or bytes); the same content is stored once."""
    require(user, "core.upload_file")
    original_name = (original_name or "").strip()[:255] or "file"
    name_extension = _extension(original_name)
    spool, size, sha256 = _spool(data)
    with spool:
        detected = detect_type(spool, name_extension)
        if name_extension and name_extension not in detected.extensions:
            raise FileRefused(
                _("The file's content is %(type)s but its name ends in .%(ext)s.")
                % {"type": detected.label, "ext": name_extension}
            )
        with transaction.atomic():
            stored = StoredFile.objects.filter(sha256=sha256).first()
            existing = stored is not None
            storage_name = stored.storage_name if existing else blob_name(sha256)
            # Also restores a lost blob: the new bytes have the same SHA-256, so they are the same.
            if not default_storage.exists(storage_name):
                spool.seek(0)
                storage_name = default_storage.save(storage_name, File(spool))
            if stored is None:
                stored, created = StoredFile.objects.get_or_create(
                    sha256=sha256,
                    defaults={
                        "size": size,
                        "mime_type": detected.mime,
                        "extension": name_extension or detected.extensions[0],
                        "original_name": original_name,
                        "storage_name": storage_name,
                        "created_by": user,
                    },
                )
                existing = not created
            audit.record(
                "core.file.store",
                stored,
                after={**audit.snapshot(stored), "already_stored": existing},
                actor=user,
            )
    return stored


def open_file(stored: StoredFile) -> IO[bytes]:
    """The content of `stored`, checked against its SHA-256, as a file positioned at the start."""
    try:
        source = default_storage.open(stored.storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise FileIntegrityError(
            _("The content of file %(sha)s is missing from storage.") % {"sha": stored.sha256}
        ) from exc
    spool = tempfile.SpooledTemporaryFile(max_size=CHUNK)  # noqa: SIM115 - returned to caller
    digest = hashlib.sha256()
    with source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
    if digest.hexdigest() != stored.sha256:
        spool.close()
        raise FileIntegrityError(
            _("The content of file %(sha)s has changed since it was stored (SHA-256 mismatch).")
            % {"sha": stored.sha256}
        )
    spool.seek(0)
    return spool


def can_view(user, stored: StoredFile) -> bool:
    """The uploader (anyone who stored this content) or a holder of `core.view_all_files`."""
    if not user or not user.is_authenticated:
        return False
    if stored.created_by_id == user.pk or has_perm(user, "core.view_all_files"):
        return True
    return AuditEvent.objects.filter(
        object_type=StoredFile._meta.label_lower,
        object_id=str(stored.pk),
        action="core.file.store",
        actor=user,
    ).exists()
