import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.eoffice import pdfsign
from chinhquyenso.eoffice.choices import ArrivalChannel
from chinhquyenso.eoffice.demo_signing import DemoAuthority
from chinhquyenso.eoffice.models import CopyDocument, SigningCredential
from chinhquyenso.eoffice.services import make_copy, register_incoming
from chinhquyenso.eoffice.services.copies import sign_copy
from chinhquyenso.eoffice.services.signing import verify
from chinhquyenso.eoffice.signatures import ENTIRE_FILE, VALID

from .conftest import make_data
from .test_copies import _pdf, issued

pytestmark = pytest.mark.django_db
PASSPHRASE = "Mat-khau-Dau-1"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def authority(settings, tmp_path):
    ca = DemoAuthority.create()
    (tmp_path / "demo-ca.pem").write_bytes(ca.certificate_pem)
    settings.SIGNATURE_TRUST_ROOTS_DIR = tmp_path
    return ca


@pytest.fixture
def agency_key(registry, clerk, authority):
    data = authority.issue_pkcs12("Văn phòng UBND tỉnh", "VP UBND tỉnh", PASSPHRASE)
    info = pdfsign.open_pkcs12(data, PASSPHRASE).info
    return SigningCredential.objects.create(
        agency=registry.office,
        label="Con dấu số VP",
        pkcs12=data,
        certificate_subject=info.subject,
        certificate_serial=info.serial,
        not_before=info.not_before,
        not_after=info.not_after,
        created_by=clerk,
    )


def _scan_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 760, "Quyet dinh so 15/QD-UBND (ban quet)")
    page.showPage()
    page.save()
    return buffer.getvalue()


def _scan_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (413, 585), 255).save(buffer, "PNG", dpi=(50, 50))  # A4 at 50 dpi
    return buffer.getvalue()


def _paper_copy(registry, clerk, scan: bytes, name: str) -> CopyDocument:
    paper = register_incoming(clerk, registry.office, make_data(channel=ArrivalChannel.PAPER))
    return make_copy(clerk, agency=registry.office, copy_type="SY", source_incoming=paper,
                     upload=scan, file_name=name)  # fmt: skip


def _read(stored) -> bytes:
    from chinhquyenso.core import services as core

    with core.open_file(stored) as content:
        return content.read()


def test_the_agency_signs_a_scanned_copy_with_the_number_line(registry, clerk, agency_key):
    copy = _paper_copy(registry, clerk, _scan_pdf(), "scan.pdf")
    scan_id = copy.file_id
    signed = sign_copy(clerk, copy, PASSPHRASE)
    assert signed.file_id != scan_id and signed.file.mime_type == "application/pdf"
    (result,) = verify(signed.file)
    assert result.field_name == pdfsign.ATTACHMENT_FIELD
    assert result.result == VALID and result.coverage == ENTIRE_FILE
    event = AuditEvent.objects.get(action="eoffice.copy.sign")
    assert event.before == {"file": scan_id}
    line = event.after["line"]
    assert re.fullmatch(r"Số: 01/SY-VP — \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", line), line
    # The line's box sits at the top right of page 1.
    page = PdfReader(io.BytesIO(_read(signed.file))).pages[0]
    (widget,) = [a.get_object() for a in page["/Annots"]]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 > float(page.mediabox.width) - 60 and y2 > float(page.mediabox.height) - 30
    assert y2 - y1 < 20  # one 10 pt line


def test_an_image_scan_becomes_a_signed_pdf(registry, clerk, agency_key):
    copy = _paper_copy(registry, clerk, _scan_png(), "scan.png")
    signed = sign_copy(clerk, copy, PASSPHRASE)
    assert signed.file.mime_type == "application/pdf"
    (result,) = verify(signed.file)
    assert result.result == VALID
    page = PdfReader(io.BytesIO(_read(signed.file))).pages[0]
    assert round(float(page.mediabox.width)) == 595  # 413 px at 50 dpi: A4 width in points


def test_wrong_passphrase_changes_nothing(registry, clerk, agency_key):
    copy = _paper_copy(registry, clerk, _scan_pdf(), "scan.pdf")
    with pytest.raises(ValidationError) as exc:
        sign_copy(clerk, copy, "sai-mat-khau")
    assert "password" in " ".join(exc.value.messages)
    assert CopyDocument.objects.get(pk=copy.pk).file_id == copy.file_id
    assert not AuditEvent.objects.filter(action="eoffice.copy.sign").exists()


def test_signing_twice_is_refused(registry, clerk, agency_key):
    copy = sign_copy(clerk, _paper_copy(registry, clerk, _scan_pdf(), "scan.pdf"), PASSPHRASE)
    with pytest.raises(ValidationError) as exc:
        sign_copy(clerk, copy, PASSPHRASE)
    assert "already" in " ".join(exc.value.messages)


def test_a_copy_of_an_electronic_original_is_not_signed(registry, clerk, agency_key):
    source = issued(registry.office, clerk, 15, final_file=_pdf(clerk))
    copy = make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=source)
    with pytest.raises(ValidationError) as exc:
        sign_copy(clerk, copy, PASSPHRASE)
    assert "scanned" in " ".join(exc.value.messages)


def test_no_agency_key_and_no_permission_are_refused(registry, clerk, leader):
    copy = _paper_copy(registry, clerk, _scan_pdf(), "scan.pdf")
    with pytest.raises(ValidationError) as exc:
        sign_copy(clerk, copy, PASSPHRASE)
    assert "signing key" in " ".join(exc.value.messages)
    with pytest.raises(PermissionDenied):
        sign_copy(leader, copy, PASSPHRASE)
