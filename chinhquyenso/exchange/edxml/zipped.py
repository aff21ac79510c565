"""ZIP-aware attachments: a ZIP in `AttachmentEncoded` is opened with bounds (zip bombs refused)."""

import io
import posixpath
import zipfile

from django.conf import settings

from .errors import EdxmlError
from .model import Attachment

MAX_MEMBERS = 200
MAX_RATIO = 200  # uncompressed / compressed, per member
DEFAULT_MAX_ATTACHMENT_BYTES = 7 * 1024 * 1024


def max_attachment_bytes() -> int:
    return int(getattr(settings, "EXCHANGE_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


def is_zip(content: bytes) -> bool:
    return content[:4] in {b"PK\x03\x04", b"PK\x05\x06"}


def check_size(attachment: Attachment) -> None:
    limit = max_attachment_bytes()
    if len(attachment.content) > limit:
        raise EdxmlError(
            "attachment_too_large",
            f"Attachment “{attachment.name}” is {len(attachment.content)} bytes; "
            f"the limit is {limit} bytes.",
        )


def expand(attachment: Attachment) -> list[Attachment]:
    """The attachment itself, or the files inside it when it is a ZIP (one level, bounded)."""
    check_size(attachment)
    if not is_zip(attachment.content):
        return [attachment]
    limit = max_attachment_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(attachment.content))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError) as exc:
        raise EdxmlError("invalid", f"Attachment “{attachment.name}” is a broken ZIP.") from exc
    if len(members) > MAX_MEMBERS:
        raise EdxmlError("zip_bomb", f"ZIP “{attachment.name}” has too many files.")
    result, total = [], 0
    for index, member in enumerate(members, start=1):
        if member.file_size > limit or (
            member.compress_size and member.file_size / member.compress_size > MAX_RATIO
        ):
            raise EdxmlError("zip_bomb", f"ZIP member “{member.filename}” is too large.")
        try:
            with archive.open(member) as handle:
                content = handle.read(limit + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
            raise EdxmlError("invalid", f"ZIP member “{member.filename}” cannot be read.") from exc
        total += len(content)
        if len(content) > limit or total > limit * 4:
            raise EdxmlError("zip_bomb", f"ZIP “{attachment.name}” expands beyond the limit.")
        name = posixpath.basename(member.filename.replace("\\", "/")) or f"file-{index}"
        result.append(
            Attachment(
                content_id=f"{attachment.content_id}/{index}",
                name=name,
                content=content,
                description=attachment.description,
            )
        )
    return result
