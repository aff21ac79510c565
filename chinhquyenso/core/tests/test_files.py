"""Stored files: type from content, allow-list, refusal stores nothing, dedup, integrity on read."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent, StoredFile
from chinhquyenso.core.services.files import (
    FileIntegrityError,
    FileRefused,
    blob_name,
    open_file,
    store_file,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\0" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\0" * 40
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\0" * 40
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\0" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 100 + b"PE\0\0"
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 60
MACHO = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\0" * 60
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
TEXT = "Xin chào Quảng Ngãi\nDòng hai\n".encode()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
DOCM = _zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\0macro",
    }
)
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"})
PLAIN_ZIP = _zip({"readme.txt": b"hello"})


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def storage_dir(settings, tmp_path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def clerk(registry):
    return registry.user("vanthu", Role.CLERK)


def _blobs(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("content", "name", "mime", "extension"),
    [
        (PDF, "Công văn 12.pdf", "application/pdf", "pdf"),
        (PNG, "anh.png", "image/png", "png"),
        (JPEG, "anh.JPG", "image/jpeg", "jpg"),
        (JPEG, "anh.jpeg", "image/jpeg", "jpeg"),
        (TIFF, "scan.tiff", "image/tiff", "tiff"),
        (
            DOCX,
            "to-trinh.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            XLSX,
            "bang.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (ODT, "van-ban.odt", "application/vnd.oasis.opendocument.text", "odt"),
        (ODS, "bang.ods", "application/vnd.oasis.opendocument.spreadsheet", "ods"),
        (TEXT, "ghi-chu.txt", "text/plain", "txt"),
        (b"ma,ten\n1,Quang Ngai\n", "ds.csv", "text/csv", "csv"),
        ("<?xml version='1.0'?><a>Quảng Ngãi</a>".encode(), "x.xml", "application/xml", "xml"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><a/>", "bom.xml", "application/xml", "xml"),
        (PDF, "khong-duoi", "application/pdf", "pdf"),
    ],
)
def test_allowed_types_are_detected_from_content(
    storage_dir, clerk, content, name, mime, extension
):
    stored = store_file(clerk, content, name)
    assert (stored.mime_type, stored.extension) == (mime, extension)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.storage_name == blob_name(stored.sha256)
    assert stored.storage_name == f"files/{stored.sha256[:2]}/{stored.sha256[2:4]}/{stored.sha256}"
    assert (storage_dir / stored.storage_name).read_bytes() == content
    assert stored.original_name == name


@pytest.mark.parametrize(
    ("content", "name", "detected"),
    [
        (EXE, "quyet-dinh.pdf", "MZ/PE"),
        (EXE, "setup.exe", "MZ/PE"),
        (ELF, "tai-lieu.docx", "ELF"),
        (MACHO, "anh.png", "Mach-O"),
        (SCRIPT, "ghi-chu.txt", "shebang"),
        (GIF, "anh.gif", "image/gif"),
        (bytes(range(256)) * 4, "du-lieu.bin", "unknown binary"),
        ("Tiếng Việt".encode("utf-16"), "utf16.txt", "unknown binary"),
        (PLAIN_ZIP, "ho-so.zip", "ZIP archive"),
        (DOCM, "macro.docx", "macros"),
        (b"PK\x03\x04broken", "hong.docx", "damaged"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "a.xml", "SVG"),
        (b"<?xml version='1.0'?><svg><script/></svg>", "b.xml", "SVG"),
    ],
)
def test_refused_types_name_the_detected_type_and_store_nothing(
    storage_dir, clerk, content, name, detected
):
    with pytest.raises(FileRefused) as excinfo:
        store_file(clerk, content, name)
    assert detected in excinfo.value.messages[0]
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.exists()
    assert _blobs(storage_dir) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PNG, "anh.pdf", "PNG"),
        (PDF, "van-ban.docx", "PDF"),
        (DOCX, "bang.xlsx", "DOCX"),
        (TEXT, "van-ban.pdf", ".pdf"),
        (PDF, "van-ban.pdf.exe", ".exe"),
    ],
)
def test_content_and_name_must_agree(storage_dir, clerk, content, name, message):
    with pytest.raises(FileRefused) as excinfo:
        store_file(clerk, content, name)
    assert message in excinfo.value.messages[0]
    assert not StoredFile.objects.exists()
    assert _blobs(storage_dir) == []


def test_size_limit_message_names_the_limit(storage_dir, clerk, settings):
    settings.FILE_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(FileRefused) as excinfo:
        store_file(clerk, big, "lon.pdf")
    assert "1 MB" in excinfo.value.messages[0]
    with pytest.raises(FileRefused):
        store_file(clerk, SimpleUploadedFile("lon.pdf", big), "lon.pdf")
    assert not StoredFile.objects.exists() and _blobs(storage_dir) == []


def test_empty_file_is_refused(storage_dir, clerk):
    with pytest.raises(FileRefused):
        store_file(clerk, b"", "rong.txt")


def test_same_content_is_stored_once(storage_dir, registry, clerk):
    other = registry.user("congdan", Role.CITIZEN)
    first = store_file(clerk, SimpleUploadedFile("a.pdf", PDF), "a.pdf")
    second = store_file(other, PDF, "b.pdf")
    assert first.pk == second.pk and StoredFile.objects.count() == 1
    assert second.original_name == "a.pdf"
    assert len(_blobs(storage_dir)) == 1
    events = AuditEvent.objects.filter(action="core.file.store").order_by("id")
    assert [e.actor_id for e in events] == [clerk.pk, other.pk]
    assert [e.after["already_stored"] for e in events] == [False, True]


def test_upload_needs_permission(storage_dir, registry):
    nobody = registry.user("khach")
    with pytest.raises(PermissionDenied):
        store_file(nobody, PDF, "a.pdf")
    assert not StoredFile.objects.exists() and _blobs(storage_dir) == []


def test_open_file_returns_verified_content(storage_dir, clerk):
    stored = store_file(clerk, TEXT, "a.txt")
    with open_file(stored) as handle:
        assert handle.read() == TEXT


def test_corrupted_blob_is_detected_on_read(storage_dir, clerk):
    stored = store_file(clerk, TEXT, "a.txt")
    (storage_dir / stored.storage_name).write_bytes(TEXT + b"tampered")
    with pytest.raises(FileIntegrityError) as excinfo:
        open_file(stored)
    assert stored.sha256 in str(excinfo.value)


def test_missing_blob_is_an_integrity_error(storage_dir, clerk):
    stored = store_file(clerk, TEXT, "a.txt")
    (storage_dir / stored.storage_name).unlink()
    with pytest.raises(FileIntegrityError):
        open_file(stored)


def test_re_uploading_the_same_content_restores_a_lost_blob(storage_dir, clerk):
    stored = store_file(clerk, PDF, "a.pdf")
    (storage_dir / stored.storage_name).unlink()
    with pytest.raises(FileIntegrityError):
        open_file(stored)
    assert store_file(clerk, PDF, "a.pdf").pk == stored.pk
    assert StoredFile.objects.count() == 1
    with open_file(stored) as handle:
        assert handle.read() == PDF
