"""End to end: a generated one-page scan is read by OCRmyPDF and its notation is prefilled."""

import pytest

from chinhquyenso.assist.choices import OcrStatus
from chinhquyenso.assist.services import job_status, start_ocr
from chinhquyenso.assist.testing import SampleDocument, fonts_available, rasterise, render_pdf
from chinhquyenso.core.models import StoredFile
from chinhquyenso.core.services import store_file

from .conftest import needs_ocr

DECISION = SampleDocument(
    name="quyet-dinh",
    issuer_lines=("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"),
    notation="1131/QĐ-UBND",
    place="Quảng Ngãi",
    issued=(7, 9, 2023),
    type_name="Quyết định",
    subject="Về việc phê duyệt Đề án chuyển đổi số tỉnh Quảng Ngãi",
)


@needs_ocr
def test_scan_is_read_and_prefilled(clerk, django_capture_on_commit_callbacks):
    pytest.importorskip("fpdf", reason="fpdf2 (test extra) renders the document")
    if not fonts_available():
        pytest.skip("Vietnamese TTF not installed (Debian: fonts-liberation2)")
    scan = rasterise(render_pdf(DECISION), dpi=200)[0]
    stored = store_file(clerk, scan, "scan.png")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_ocr(clerk, stored)
    status = job_status(job.pk)
    assert status["status"] == OcrStatus.DONE, status["error"]
    assert status["progress"] == 100 and status["pages"] == 1
    assert status["prefill"]["notation"]["value"] == "1131/QĐ-UBND"
    assert status["prefill"]["issued_date"]["value"] == "2023-09-07"
    assert "chuyển đổi số" in status["text"]
    result = StoredFile.objects.get(sha256=status["result_sha256"])
    assert result.mime_type == "application/pdf" and result.created_by == clerk
