"""OCR jobs: who may start and see them, refused input, failure messages, API and progress page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from chinhquyenso.assist import pipeline
from chinhquyenso.assist.choices import OcrStatus
from chinhquyenso.assist.models import OcrJob
from chinhquyenso.assist.services import job_status, start_ocr
from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.core.services import store_file

from .conftest import needs_ocr

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def pdf_file(clerk):
    return store_file(clerk, PDF, "scan.pdf")


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


def test_citizen_may_not_start_ocr(registry, pdf_file):
    citizen = registry.user("dan", Role.CITIZEN)
    with pytest.raises(PermissionDenied):
        start_ocr(citizen, pdf_file)
    assert not OcrJob.objects.exists()


def test_text_files_are_refused_and_nothing_is_queued(clerk):
    stored = store_file(clerk, "Xin chào".encode(), "note.txt")
    with pytest.raises(ValidationError) as error:
        start_ocr(clerk, stored)
    assert "PDF" in str(error.value)
    assert not OcrJob.objects.exists()


def test_request_is_audited_and_the_task_runs_after_commit(
    clerk, pdf_file, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pipeline, "missing_tools", lambda: ["ocrmypdf"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_ocr(clerk, pdf_file)
    assert job.status == OcrStatus.QUEUED and len(callbacks) == 1
    assert AuditEvent.objects.filter(action="assist.ocr.request", object_id=str(job.pk)).exists()
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == OcrStatus.FAILED
    assert "ocrmypdf" in job.error
    assert AuditEvent.objects.filter(action="assist.ocr.fail", object_id=str(job.pk)).exists()


@needs_ocr
def test_encrypted_pdf_fails_with_a_clear_message(clerk, django_capture_on_commit_callbacks):
    fpdf = pytest.importorskip("fpdf")
    document = fpdf.FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="secret")
    document.set_encryption(owner_password="owner", user_password="user")
    stored = store_file(clerk, bytes(document.output()), "locked.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_ocr(clerk, stored)
    status = job_status(job.pk)
    assert status["status"] == "failed"
    assert "encrypted" in status["error"]
    assert status["result_sha256"] is None


@needs_ocr
def test_damaged_pdf_fails_with_a_clear_message(clerk, django_capture_on_commit_callbacks):
    stored = store_file(clerk, b"%PDF-1.4\nthis is not a PDF body", "broken.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_ocr(clerk, stored)
    job.refresh_from_db()
    assert job.status == OcrStatus.FAILED
    assert "damaged" in job.error


def test_api_shows_the_job_to_its_requester_only(client, registry, clerk, pdf_file):
    job = OcrJob.objects.create(source=pdf_file, requested_by=clerk)
    url = f"/api/v1/assist/ocr/{job.pk}"
    client.force_login(clerk)
    body = client.get(url).json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["id"] == job.pk
    client.force_login(registry.user("khac", Role.CLERK))
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/assist/ocr/999999").status_code == 404


def test_api_start_refuses_a_file_the_caller_cannot_see(client, registry, pdf_file):
    client.force_login(registry.user("khac", Role.CLERK))
    response = client.post(
        "/api/v1/assist/ocr", {"sha256": pdf_file.sha256}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not OcrJob.objects.exists()


def test_progress_fragment_polls_while_running_and_stops_when_done(client, clerk, pdf_file):
    job = OcrJob.objects.create(
        source=pdf_file,
        requested_by=clerk,
        status=OcrStatus.RUNNING,
        stage="recognising",
        progress=30,
    )
    client.force_login(clerk)
    url = reverse("assist:ocr_progress", args=[job.pk])
    running = client.get(url).content.decode()
    assert "<progress" in running and 'value="30"' in running
    assert 'hx-trigger="every 2s"' in running and f'hx-get="{url}"' in running
    OcrJob.objects.filter(pk=job.pk).update(
        status=OcrStatus.DONE,
        stage="done",
        progress=100,
        prefill={"notation": {"value": "19-CT/TU", "confidence": 0.95}},
    )
    done = client.get(url).content.decode()
    assert "hx-get" not in done and 'value="100"' in done and "19-CT/TU" in done
    page = client.get(reverse("assist:ocr_job", args=[job.pk])).content.decode()
    assert "19-CT/TU" in page


def test_progress_page_is_hidden_from_others(client, registry, clerk, pdf_file):
    job = OcrJob.objects.create(source=pdf_file, requested_by=clerk)
    client.force_login(registry.user("khac", Role.CLERK))
    assert client.get(reverse("assist:ocr_progress", args=[job.pk])).status_code == 404
