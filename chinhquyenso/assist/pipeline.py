"""The OCR pipeline on files: OCRmyPDF (Debian's CLI) for the searchable PDF, pdftotext for text.

Tesseract runs one single-threaded process per page in parallel (`OMP_THREAD_LIMIT=1`, `--jobs`
one per core): measured 4× faster than OpenMP threads inside one process on this hardware.
Nothing here touches the database; services.py turns the results and errors into job state.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff"}
ACCEPTED_TYPES = IMAGE_TYPES | {"application/pdf"}
TOOLS = ("ocrmypdf", "tesseract", "pdftotext")

# ocrmypdf exit codes (ocrmypdf.ExitCode): why a run failed, in words a clerk can act on.
_EXIT_BAD_INPUT = 2
_EXIT_MISSING_TOOL = 3
_EXIT_ENCRYPTED = 8


class OcrFailed(Exception):
    """The file could not be read; the message says why in the user's language."""


def missing_tools() -> list[str]:
    """Programs the pipeline needs that are not installed (empty when OCR can run)."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def languages_installed() -> bool:
    """Every configured tesseract language (e.g. "vie") has its data installed."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return False
    listing = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
        [tesseract, "--list-langs"], capture_output=True, text=True, check=False, timeout=30
    )
    available = set((listing.stdout + listing.stderr).split())
    return all(lang in available for lang in settings.OCR_LANGUAGES.split("+"))


def worker_count() -> int:
    return settings.OCR_JOBS or os.cpu_count() or 1


def _ocrmypdf(source: Path, output: Path, extra: list[str]) -> subprocess.CompletedProcess:
    command = [
        shutil.which("ocrmypdf") or "ocrmypdf",
        "-l",
        settings.OCR_LANGUAGES,
        "--skip-text",  # pages that already have text keep it; only scanned pages are read
        "--output-type",
        "pdf",
        "--jobs",
        str(worker_count()),
        "--quiet",
        *extra,
        str(source),
        str(output),
    ]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        return subprocess.run(  # noqa: S603 - fixed program; the paths are our temporary files
            command,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=settings.OCR_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(
            _("Reading the file took longer than %(minutes)s minutes and was stopped.")
            % {"minutes": settings.OCR_TIMEOUT_SECONDS // 60}
        ) from exc


def make_searchable(source: Path, output: Path, *, is_image: bool) -> None:
    """Write a searchable PDF of `source` (a PDF or a PNG/JPEG/TIFF scan) to `output`."""
    missing = missing_tools()
    if missing:
        raise OcrFailed(
            _("Text recognition is not installed on the server (missing: %(tools)s).")
            % {"tools": ", ".join(missing)}
        )
    run = _ocrmypdf(source, output, [])
    if run.returncode == _EXIT_BAD_INPUT and is_image and "dpi" in run.stderr.lower():
        # A scan that does not record its resolution: assume the configured scanner DPI.
        run = _ocrmypdf(source, output, ["--image-dpi", str(settings.OCR_IMAGE_DPI)])
    if run.returncode == 0:
        return
    if run.returncode == _EXIT_ENCRYPTED:
        raise OcrFailed(
            _(
                "The PDF is encrypted (password-protected), so its text cannot be read. "
                "Ask the sender for an unprotected copy, or remove the protection and upload "
                "it again."
            )
        )
    if run.returncode == _EXIT_BAD_INPUT:
        raise OcrFailed(_("The file is damaged or is not a readable PDF or image."))
    if run.returncode == _EXIT_MISSING_TOOL:
        raise OcrFailed(_("A program that text recognition needs is missing on the server."))
    detail = (run.stderr.strip().splitlines() or [""])[-1][:300]
    raise OcrFailed(
        _("Text recognition failed (code %(code)s): %(detail)s")
        % {"code": run.returncode, "detail": detail}
    )


def extract_text(pdf: Path) -> str:
    """The text layer of `pdf` in reading order, UTF-8, pages separated by form feeds."""
    run = subprocess.run(  # noqa: S603 - fixed program; the path is our temporary file
        [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=False,
        timeout=settings.OCR_TIMEOUT_SECONDS,
    )
    if run.returncode != 0:
        raise OcrFailed(_("The text could not be extracted from the searchable PDF."))
    return run.stdout.decode("utf-8", "replace")


def page_count(text: str) -> int:
    """Pages in pdftotext output: one form feed ends each page."""
    return max(1, text.count("\f"))
