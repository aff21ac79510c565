import shutil

import pytest

from chinhquyenso.assist.pipeline import languages_installed, missing_tools
from chinhquyenso.core.choices import Role


def _ocr_unavailable_reason() -> str:
    missing = missing_tools()
    if missing:
        return f"OCR tools not installed: {', '.join(missing)} (Debian: ocrmypdf tesseract-ocr)"
    if not languages_installed():
        return "tesseract Vietnamese data not installed (Debian: tesseract-ocr-vie)"
    if shutil.which("pdftoppm") is None:
        return "pdftoppm not installed (Debian: poppler-utils)"
    return ""


OCR_UNAVAILABLE = _ocr_unavailable_reason()
needs_ocr = pytest.mark.skipif(bool(OCR_UNAVAILABLE), reason=OCR_UNAVAILABLE)


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path


@pytest.fixture
def clerk(registry):
    return registry.user("vanthu", Role.CLERK)
