"""Signing outgoing documents: the person certifies, the agency's issue update keeps it valid."""

import datetime
import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role, UnitKind, UnitLevel
from chinhquyenso.core.models import AdministrativeUnit, AuditEvent, StoredFile
from chinhquyenso.core.pdf import register_fonts, render_text_document
from chinhquyenso.eoffice.choices import OutgoingStatus, SigningAuthority
from chinhquyenso.eoffice.demo_signing import DemoAuthority, seal_png, signature_png
from chinhquyenso.eoffice.models import (
    DocumentType,
    DraftVersion,
    OutgoingDocument,
    OutgoingTrace,
    SigningCredential,
)
from chinhquyenso.eoffice.services import signing
from chinhquyenso.eoffice.signatures import verify_pdf_signatures

PASSPHRASE = "Mat-khau-ky-so"
NAME = "Trần Quốc Hùng"
NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)


def draft_pdf() -> bytes:
    """A one-page decision laid out as in Phụ lục I, number and date left blank."""
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(595.27, 841.89))
    c.setFont(bold, 12)
    c.drawCentredString(170, 780, "ỦY BAN NHÂN DÂN")
    c.drawCentredString(170, 765, "TỈNH QUẢNG NGÃI")
    c.drawCentredString(400, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.drawCentredString(400, 765, "Độc lập - Tự do - Hạnh phúc")
    c.setFont(regular, 13)
    c.drawCentredString(170, 740, "Số:      /QĐ-UBND")
    c.drawCentredString(400, 740, "Quảng Ngãi, ngày      tháng      năm 2026")
    c.drawString(85, 650, "Về việc thử nghiệm ký số văn bản điện tử.")
    c.setFont(bold, 13)
    c.drawCentredString(420, 560, "KT. CHỦ TỊCH")
    c.drawCentredString(420, 545, "PHÓ CHỦ TỊCH")
    c.drawCentredString(420, 460, NAME)
    c.setFont(regular, 11)
    c.drawString(85, 560, "Nơi nhận:")
    c.drawString(85, 545, "- Lưu: VT, VX.")
    c.showPage()
    c.save()
    return buffer.getvalue()


def visible_text(pdf: bytes) -> str:
    """Page text plus the text drawn by every widget's appearance (signatures, filled fields)."""
    reader = PdfReader(io.BytesIO(pdf))
    parts = []
    for page in reader.pages:
        parts.append(page.extract_text())
        for annotation in page.get("/Annots") or []:
            appearance = annotation.get_object().get("/AP", {}).get("/N")
            if appearance is not None:
                parts.append(page.extract_xform_text(appearance.get_object()))
    return "\n".join(parts)


def roots_of(authority: DemoAuthority) -> list:
    der = authority.certificate.public_bytes(serialization.Encoding.DER)
    return [asn1_x509.Certificate.load(der)]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def authority() -> DemoAuthority:
    return DemoAuthority.create()


@pytest.fixture
def trusted(authority, tmp_path):
    (tmp_path / "demo.pem").write_bytes(authority.certificate_pem)
    with override_settings(SIGNATURE_TRUST_ROOTS_DIR=tmp_path):
        yield tmp_path


@pytest.fixture
def admin(registry):
    return registry.user("quantri", Role.AGENCY_ADMIN)


@pytest.fixture
def signer(registry):
    return registry.user("lanhdao", Role.LEADER, full_name=NAME, position="Phó Chủ tịch")


@pytest.fixture
def clerk(registry):
    return registry.user("vanthu", Role.CLERK)


def add_key(admin, authority, *, user=None, agency=None, image=None, **validity):
    owner = str(user) if user else agency.name
    return signing.add_credential(
        admin,
        user=user,
        agency=agency,
        label=f"Khóa {owner}",
        pkcs12_bytes=authority.issue_pkcs12(owner, "UBND tỉnh Quảng Ngãi", PASSPHRASE, **validity),
        passphrase=PASSPHRASE,
        image_upload=SimpleUploadedFile("anh.png", image) if image else None,
    )


@pytest.fixture
def keys(registry, admin, signer, authority):
    person = add_key(admin, authority, user=signer, image=signature_png(NAME))
    agency = add_key(admin, authority, agency=registry.office, image=seal_png(registry.office.name))
    return person, agency


def make_document(registry, signer, pdf: bytes | None = None, **fields) -> OutgoingDocument:
    drafter = registry.user("chuyenvien", Role.SPECIALIST, department=registry.department)
    values = {
        "agency": registry.office,
        "doc_type": DocumentType.objects.get(abbreviation="QĐ"),
        "subject": "Về việc thử nghiệm ký số văn bản điện tử",
        "drafter": drafter,
        "signer": signer,
        "signing_authority": SigningAuthority.DEPUTY,
        "signer_position": "Chủ tịch / Phó Chủ tịch",
        "status": OutgoingStatus.APPROVED,
    }
    values.update(fields)
    document = OutgoingDocument.objects.create(**values)
    source = core.store_file(drafter, pdf or draft_pdf(), "du-thao.pdf")
    DraftVersion.objects.create(document=document, version=1, source_file=source,
                                created_by=drafter)  # fmt: skip
    return document


def issue(document: OutgoingDocument, clerk, passphrase: str = PASSPHRASE) -> StoredFile:
    document.number_text = "12/QĐ-UBND"
    document.issued_date = datetime.date(2026, 3, 5)
    document.save()
    return signing.apply_issue_signature(clerk, document, passphrase)


def read(stored: StoredFile) -> bytes:
    with core.open_file(stored) as content:
        return content.read()


def test_person_signature_survives_the_agency_issue_update(
    registry, signer, clerk, keys, authority, trusted
):
    document = make_document(registry, signer)
    signed = signing.sign_as_person(signer, document, PASSPHRASE)
    document.refresh_from_db()
    assert (document.status, document.final_file) == (OutgoingStatus.SIGNED, signed)
    assert OutgoingTrace.objects.filter(document=document, action="signed").exists()
    assert AuditEvent.objects.filter(action="eoffice.outgoing.sign").exists()
    [alone] = signing.verify(signed)
    assert (alone.result, alone.coverage, alone.signer_name) == ("valid", "entire_file", NAME)

    issued = issue(document, clerk)
    person, agency = signing.verify(issued)
    assert (person.result, person.coverage, person.field_name) == (
        "valid",
        "entire_revision",
        "ChuKyCaNhan",
    )
    assert (agency.result, agency.coverage, agency.signer_name) == (
        "valid",
        "entire_file",
        registry.office.name,
    )
    reader = PdfFileReader(io.BytesIO(read(issued)))
    context = ValidationContext(trust_roots=roots_of(authority), allow_fetching=False)
    statuses = [validate_pdf_signature(s, context) for s in reader.embedded_signatures]
    assert all(s.intact and s.valid and s.trusted for s in statuses)
    # Filling the reserved fields and signing them is form filling, which DocMDP P=2 permits.
    assert statuses[0].modification_level == ModificationLevel.FORM_FILLING
    assert statuses[0].docmdp_ok is True


def test_the_stamped_number_date_position_and_name_are_visible(
    registry, signer, clerk, keys, trusted
):
    document = make_document(registry, signer)
    signing.sign_as_person(signer, document, PASSPHRASE)
    text = visible_text(read(issue(document, clerk)))
    assert "Số: 12/QĐ-UBND" in text
    assert "Quảng Ngãi, ngày 05 tháng 3 năm 2026" in text
    assert "KT. CHỦ TỊCH" in text and NAME in text


def test_a_tampered_byte_breaks_both_signatures(registry, signer, clerk, keys, authority, trusted):
    document = make_document(registry, signer)
    signing.sign_as_person(signer, document, PASSPHRASE)
    pdf = read(issue(document, clerk))
    assert b"ReportLab" in pdf
    tampered = pdf.replace(b"ReportLab", b"ReportLac", 1)
    results = verify_pdf_signatures(tampered, roots_of(authority))
    assert [r.result for r in results] == ["broken", "broken"]
    assert "changed after signing" in results[0].detail
    stored = core.store_file(clerk, tampered, "sua.pdf")
    assert [r.result for r in signing.verify(stored)] == ["broken", "broken"]


def test_a_certificate_from_an_unknown_ca_is_untrusted(registry, signer, clerk, keys, tmp_path):
    document = make_document(registry, signer)
    signed = signing.sign_as_person(signer, document, PASSPHRASE)
    stranger = DemoAuthority.create(name="Một CA lạ")
    (tmp_path / "other.pem").write_bytes(stranger.certificate_pem)
    with override_settings(SIGNATURE_TRUST_ROOTS_DIR=tmp_path):
        [result] = signing.verify(signed)
    assert result.result == "untrusted"
    assert "does not chain to a configured root" in result.detail


def _unchanged(document: OutgoingDocument, files_before: int) -> None:
    document.refresh_from_db()
    assert document.status == OutgoingStatus.APPROVED
    assert document.final_file is None
    assert not OutgoingTrace.objects.filter(document=document).exists()
    assert StoredFile.objects.count() == files_before


def test_a_wrong_password_signs_nothing(registry, signer, keys):
    document = make_document(registry, signer)
    files = StoredFile.objects.count()
    with pytest.raises(ValidationError, match="The PKCS#12 password is wrong"):
        signing.sign_as_person(signer, document, "sai-mat-khau")
    _unchanged(document, files)


def test_an_expired_certificate_signs_nothing(registry, signer, authority):
    key = authority.issue_pkcs12(NAME, "UBND", PASSPHRASE, not_before=NOW - 400 * DAY,
                                 not_after=NOW - DAY)  # fmt: skip
    SigningCredential.objects.create(
        user=signer, label="cũ", pkcs12=key, certificate_subject="CN=cũ", certificate_serial="1",
        not_before=NOW - 400 * DAY, not_after=NOW - DAY, created_by=signer,
    )  # fmt: skip
    document = make_document(registry, signer)
    files = StoredFile.objects.count()
    with pytest.raises(ValidationError, match="The certificate expired on"):
        signing.sign_as_person(signer, document, PASSPHRASE)
    _unchanged(document, files)


def test_without_a_key_nothing_is_signed(registry, signer):
    document = make_document(registry, signer)
    with pytest.raises(ValidationError, match="You have no signing key"):
        signing.sign_as_person(signer, document, PASSPHRASE)


def test_only_the_chosen_signer_signs(registry, signer, clerk, admin, authority, keys):
    other = registry.user("phochutich", Role.LEADER, full_name="Lê Văn Tám")
    add_key(admin, authority, user=other)
    document = make_document(registry, signer)
    files = StoredFile.objects.count()
    with pytest.raises(PermissionDenied, match="Only the signer chosen"):
        signing.sign_as_person(other, document, PASSPHRASE)
    with pytest.raises(PermissionDenied):
        signing.sign_as_person(clerk, document, PASSPHRASE)
    _unchanged(document, files)


@pytest.mark.parametrize("status", [OutgoingStatus.DRAFT, OutgoingStatus.IN_APPROVAL,
                                    OutgoingStatus.SIGNED])  # fmt: skip
def test_only_an_approved_document_is_signed(registry, signer, keys, status):
    document = make_document(registry, signer, status=status)
    with pytest.raises(ValidationError, match="Only an approved document can be signed"):
        signing.sign_as_person(signer, document, PASSPHRASE)
    document.refresh_from_db()
    assert document.status == status and document.final_file is None


def test_issue_signature_needs_a_number_a_person_signature_and_the_agency_password(
    registry, signer, clerk, keys
):
    document = make_document(registry, signer)
    with pytest.raises(ValidationError, match="signed by the competent person first"):
        signing.apply_issue_signature(clerk, document, PASSPHRASE)
    signing.sign_as_person(signer, document, PASSPHRASE)
    document.refresh_from_db()
    with pytest.raises(ValidationError, match="needs its number and issued date"):
        signing.apply_issue_signature(clerk, document, PASSPHRASE)
    files = StoredFile.objects.count()
    with pytest.raises(ValidationError, match="password is wrong"):
        issue(document, clerk, passphrase="sai")
    with pytest.raises(PermissionDenied):
        issue(document, signer)
    assert StoredFile.objects.count() == files


def test_a_draft_without_a_signature_block_gets_one_drawn(registry, signer, clerk, admin, authority,
                                                          trusted):  # fmt: skip
    add_key(admin, authority, user=signer)  # no image: the name is written in blue
    add_key(admin, authority, agency=registry.office)
    pdf = render_text_document(["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"], "QUYẾT ĐỊNH", ["Nội dung."])
    document = make_document(registry, signer, pdf=pdf)
    signing.sign_as_person(signer, document, PASSPHRASE)
    issued = issue(document, clerk)
    assert [r.result for r in signing.verify(issued)] == ["valid", "valid"]
    text = visible_text(read(issued))
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and text.count(NAME) >= 2
    assert "Số: 12/QĐ-UBND" in text


def test_attachments_are_signed_by_the_agency_with_number_and_time(
    registry, signer, clerk, keys, trusted
):
    document = make_document(registry, signer, number_text="12/QĐ-UBND")
    attachment = core.store_file(clerk, render_text_document([], "PHỤ LỤC", ["Danh sách."]),
                                 "phu-luc.pdf")  # fmt: skip
    signed = signing.sign_attachment(clerk, document, attachment, PASSPHRASE)
    [result] = signing.verify(signed)
    assert result.result == "valid"
    text = visible_text(read(signed))
    assert "12/QĐ-UBND" in text and "+07:00" in text


def test_date_line_and_place_name_follow_phu_luc_i(registry):
    assert signing.date_line("Quảng Ngãi", datetime.date(2026, 3, 5)) == (
        "Quảng Ngãi, ngày 05 tháng 3 năm 2026"
    )
    assert signing.date_line("Quảng Ngãi", datetime.date(2026, 2, 15)) == (
        "Quảng Ngãi, ngày 15 tháng 02 năm 2026"
    )
    with override_settings(EOFFICE_PLACE_NAME="Đà Nẵng"):
        assert signing.place_name(registry.office) == "Đà Nẵng"  # no unit linked
    for code, unit_name, place in [("98", "Tỉnh Quảng Ngãi", "Quảng Ngãi"),
                                   ("99", "Phường 1", "Phường 1")]:  # fmt: skip
        registry.office.administrative_unit = AdministrativeUnit.objects.create(
            code=code, name=unit_name, kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE
        )
        assert signing.place_name(registry.office) == place


def test_the_issue_service_numbers_and_signs_for_real(registry, signer, clerk, keys, trusted):
    from chinhquyenso.eoffice import services

    document = make_document(registry, signer)
    signing.sign_as_person(signer, document, PASSPHRASE)
    document.refresh_from_db()
    with pytest.raises(ValidationError, match="password is wrong"):
        services.issue(clerk, document, passphrase="sai")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.SIGNED and not document.number_text
    issued = services.issue(clerk, document, passphrase=PASSPHRASE)
    assert issued.status == OutgoingStatus.ISSUED
    assert [r.result for r in signing.verify(issued.final_file)] == ["valid", "valid"]
    assert f"Số: {issued.number_text}" in visible_text(read(issued.final_file))
