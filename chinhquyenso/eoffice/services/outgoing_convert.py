"""DOCX → PDF for signing, with LibreOffice headless in a throw-away directory and profile."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 120


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF LibreOffice makes of `content`; ValidationError when it cannot convert it."""
    binary = soffice_path()
    if binary is None:
        raise ValidationError(
            {"file": _("DOCX files cannot be converted on this server: upload a PDF instead.")}
        )
    with tempfile.TemporaryDirectory(prefix="cqs-docx-") as workdir:
        work = Path(workdir)
        source = work / "draft.docx"
        source.write_bytes(content)
        # A private profile per call: two conversions at once would otherwise fight over its lock.
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            # A fixed program and arguments, no shell; the paths are our temporary files.
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as exc:
            raise ValidationError(
                {"file": _("Converting the DOCX file to PDF took too long; upload a PDF instead.")}
            ) from exc
        produced = work / "out" / "draft.pdf"
        # LibreOffice exits 0 even when it cannot load the file: only the output tells.
        if not produced.is_file() or not produced.read_bytes().startswith(b"%PDF-"):
            raise ValidationError(
                {
                    "file": _(
                        "This DOCX file could not be converted to PDF (it may be damaged); "
                        "open it in a word processor, save it again or upload a PDF."
                    )
                }
            )
        return produced.read_bytes()
