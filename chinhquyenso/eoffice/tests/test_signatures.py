"""Signature verification: a throwaway CA signs small PDFs with pyHanko, which are then checked."""

import datetime
import io

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko_certvalidator.registry import SimpleCertificateStore

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.eoffice.choices import ArrivalChannel, IncomingStatus
from chinhquyenso.eoffice.models import IncomingDocument, SignatureCheck
from chinhquyenso.eoffice.services import check_signatures, register_incoming, return_to_sender
from chinhquyenso.eoffice.signatures import (
    EncryptedPdf,
    UnreadablePdf,
    load_trust_roots,
    verify_pdf_signatures,
)

from .conftest import PDF, make_data

TEXT = b"Cong van so 12/UBND-VX"
NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)
ENCRYPTED_MESSAGE = "The PDF is encrypted; ask the sender for an unencrypted copy."


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def _usage(**flags) -> x509.KeyUsage:
    names = [
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    ]
    return x509.KeyUsage(**{n: flags.get(n, False) for n in names})


class Authority:
    """A root CA and one signer certificate it issued, valid from `not_before` to `not_after`."""

    def __init__(self, not_before=NOW - DAY, not_after=NOW + 30 * DAY, root="Test Root CA"):
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = _name(root, "Ban Cơ yếu Chính phủ (thử)")
        self.root = (
            x509.CertificateBuilder()
            .subject_name(root_name)
            .issuer_name(root_name)
            .public_key(self.root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - 10 * DAY)
            .not_valid_after(NOW + 365 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
            .sign(self.root_key, hashes.SHA256())
        )
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(_name("Nguyễn Văn An", "UBND tỉnh Quảng Ngãi"))
            .issuer_name(root_name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
            .sign(self.root_key, hashes.SHA256())
        )

    @property
    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    @property
    def trust_roots(self) -> list:
        return [asn1_x509.Certificate.load(self.root.public_bytes(serialization.Encoding.DER))]

    def sign(self, pdf: bytes) -> bytes:
        der = serialization.Encoding.DER
        signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.certificate.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(
                self.key.private_bytes(
                    der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            cert_registry=SimpleCertificateStore.from_certs(self.trust_roots),
        )
        meta = signers.PdfSignatureMetadata(field_name="ChuKy1", subfilter=SigSeedSubFilter.PADES)
        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer).getvalue()


def make_pdf(text: bytes = TEXT, owner_password: str | None = None) -> bytes:
    writer = PdfFileWriter()
    font = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
            generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {
            generic.pdf_name("/Font"): generic.DictionaryObject(
                {generic.pdf_name("/F1"): writer.add_object(font)}
            )
        }
    )
    content = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET")
    writer.insert_page(
        PageObject(writer.add_object(content), media_box=[0, 0, 595, 842], resources=resources)
    )
    if owner_password:
        writer.encrypt(owner_password, "")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def replace_page_content(pdf: bytes, text: bytes) -> bytes:
    """An incremental update that swaps the page's text, as a forger would after signing."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET")
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in their English msgid, whatever the catalogues translate them to.
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority()


@pytest.fixture(scope="module")
def signed_pdf(authority) -> bytes:
    return authority.sign(make_pdf())


def test_intact_signature_chaining_to_a_configured_root_is_valid(authority, signed_pdf):
    [result] = verify_pdf_signatures(signed_pdf, authority.trust_roots)
    assert result.result == "valid"
    assert (result.signer_name, result.signer_organisation) == (
        "Nguyễn Văn An",
        "UBND tỉnh Quảng Ngãi",
    )
    assert result.coverage == "entire_file" and not result.modified_after_signing
    assert abs(result.signed_at - NOW) < datetime.timedelta(hours=1)
    assert result.field_name == "ChuKy1"


def test_without_a_matching_root_the_signature_is_untrusted(authority, signed_pdf):
    [result] = verify_pdf_signatures(signed_pdf, [])
    assert result.result == "untrusted"
    assert "does not chain to a configured root" in result.detail
    stranger = Authority(root="Other Root CA")
    assert [r.result for r in verify_pdf_signatures(signed_pdf, stranger.trust_roots)] == [
        "untrusted"
    ]


def test_a_root_impersonating_the_issuers_name_is_not_trusted(signed_pdf):
    impostor = Authority()  # same subject name as the real root, another key
    [result] = verify_pdf_signatures(signed_pdf, impostor.trust_roots)
    assert result.result == "untrusted"


def test_expired_signer_certificate_is_untrusted():
    expired = Authority(not_before=NOW - 10 * DAY, not_after=NOW - DAY)
    [result] = verify_pdf_signatures(expired.sign(make_pdf()), expired.trust_roots)
    assert result.result == "untrusted"
    assert "not trusted" in result.detail


def test_bytes_changed_inside_the_signed_range_break_the_signature(authority, signed_pdf):
    assert signed_pdf.count(TEXT) == 1
    forged = signed_pdf.replace(TEXT, b"Cong van so 99/UBND-VX")
    assert len(forged) == len(signed_pdf)
    [result] = verify_pdf_signatures(forged, authority.trust_roots)
    assert result.result == "broken"
    assert "changed after signing" in result.detail


def test_content_replaced_by_a_later_revision_breaks_the_signature(authority, signed_pdf):
    updated = replace_page_content(signed_pdf, b"Cong van so 99/UBND-VX")
    [result] = verify_pdf_signatures(updated, authority.trust_roots)
    assert result.coverage == "entire_revision" and result.modified_after_signing
    assert result.result == "broken"


def test_unsigned_pdf_has_no_signatures(authority):
    assert verify_pdf_signatures(make_pdf(), authority.trust_roots) == []


def test_encrypted_pdf_is_refused_with_a_clear_message(authority):
    with pytest.raises(EncryptedPdf) as exc:
        verify_pdf_signatures(make_pdf(owner_password="chu-so-mat"), authority.trust_roots)
    assert isinstance(exc.value, ValidationError)
    assert exc.value.messages == [ENCRYPTED_MESSAGE]


@pytest.mark.parametrize(
    "content", [b"", b"not a pdf at all", b"%PDF-1.7\n\x00\xff garbage", PDF], ids=repr
)
def test_malformed_pdf_gives_a_clear_error(authority, content):
    with pytest.raises(UnreadablePdf) as exc:
        verify_pdf_signatures(content, authority.trust_roots)
    assert "not a readable PDF" in exc.value.messages[0]


def test_truncated_signed_pdf_gives_a_clear_error(authority, signed_pdf):
    with pytest.raises(UnreadablePdf):
        verify_pdf_signatures(signed_pdf[: len(signed_pdf) - 40], authority.trust_roots)


def test_trust_roots_are_read_from_pem_files_and_bad_files_are_skipped(tmp_path, authority):
    other = Authority()
    (tmp_path / "roots.pem").write_bytes(authority.root_pem + other.root_pem)
    (tmp_path / "broken.crt").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n")
    (tmp_path / "README.md").write_text("not a certificate")
    roots = load_trust_roots([tmp_path, tmp_path / "missing"])
    assert [r.subject.native["common_name"] for r in roots] == ["Test Root CA"] * 2


# --- The service, registration and the document page -------------------------------------------


@pytest.fixture
def roots_dir(tmp_path, authority):
    (tmp_path / "root.pem").write_bytes(authority.root_pem)
    with override_settings(SIGNATURE_TRUST_ROOTS_DIR=tmp_path):
        yield tmp_path


def register_electronic(clerk, registry, content: bytes, **overrides):
    data = make_data(channel=ArrivalChannel.ELECTRONIC, **overrides)
    return register_incoming(clerk, registry.office, data, upload=content, file_name="cv.pdf")


@pytest.mark.django_db
def test_registering_a_signed_electronic_pdf_records_a_valid_check(
    registry, clerk, roots_dir, signed_pdf
):
    document = register_electronic(clerk, registry, signed_pdf)
    check = SignatureCheck.objects.get(document=document)
    assert (check.result, check.signer, check.signer_organisation) == (
        "valid",
        "Nguyễn Văn An",
        "UBND tỉnh Quảng Ngãi",
    )
    assert check.coverage == "entire_file" and check.signed_at is not None
    assert document.trace.filter(action="signatures_checked").exists()
    assert AuditEvent.objects.filter(
        action="eoffice.incoming.check_signatures", object_id=str(document.pk)
    ).exists()


@pytest.mark.django_db
def test_paper_arrivals_are_not_checked(registry, clerk, roots_dir, signed_pdf):
    register_incoming(clerk, registry.office, make_data(), upload=signed_pdf, file_name="s.pdf")
    assert not SignatureCheck.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("channel", [ArrivalChannel.ELECTRONIC, ArrivalChannel.PAPER])
def test_encrypted_pdf_is_refused_at_registration_and_nothing_is_stored(
    registry, clerk, roots_dir, channel
):
    encrypted = make_pdf(owner_password="chu-so-mat")
    with pytest.raises(ValidationError) as exc:
        register_incoming(
            clerk,
            registry.office,
            make_data(channel=channel),
            upload=encrypted,
            file_name="mat.pdf",
        )
    assert exc.value.message_dict == {"file": [ENCRYPTED_MESSAGE]}
    assert not IncomingDocument.objects.exists() and not SignatureCheck.objects.exists()
    assert not AuditEvent.objects.filter(action="eoffice.incoming.register").exists()


@pytest.mark.django_db
def test_unreadable_electronic_pdf_is_registered_with_the_reason_in_its_trace(
    registry, clerk, roots_dir
):
    document = register_electronic(clerk, registry, PDF)
    assert not SignatureCheck.objects.exists()
    note = document.trace.get(action="signatures_not_checked").note
    assert "not a readable PDF" in note


@pytest.mark.django_db
def test_check_again_replaces_the_results(registry, clerk, tmp_path, authority, signed_pdf):
    with override_settings(SIGNATURE_TRUST_ROOTS_DIR=tmp_path):
        document = register_electronic(clerk, registry, signed_pdf)
        assert list(document.signature_checks.values_list("result", flat=True)) == ["untrusted"]
        (tmp_path / "root.pem").write_bytes(authority.root_pem)
        checks = check_signatures(clerk, document)
    assert [c.result for c in checks] == ["valid"]
    assert list(document.signature_checks.values_list("result", flat=True)) == ["valid"]
    event = (
        AuditEvent.objects.filter(action="eoffice.incoming.check_signatures").order_by("id").last()
    )
    assert event.before == {"signatures": [{"signer": "Nguyễn Văn An", "result": "untrusted"}]}


@pytest.mark.django_db
def test_only_clerks_of_the_agency_check_signatures(registry, clerk, leader, roots_dir, signed_pdf):
    document = register_electronic(clerk, registry, signed_pdf)
    outsider = registry.user("vanthu2", Role.CLERK, agency=registry.province_committee)
    for user in (leader, outsider):
        with pytest.raises(PermissionDenied):
            check_signatures(user, document)
    unsigned = register_electronic(clerk, registry, make_pdf(), notation="13/UBND-VX")
    assert check_signatures(clerk, unsigned) == []
    notes = unsigned.trace.filter(action="signatures_checked").values_list("note", flat=True)
    assert list(notes) == ["No digital signature found."] * 2  # on arrival, then on request


@pytest.mark.django_db
def test_document_without_a_pdf_cannot_be_checked(registry, clerk):
    document = register_incoming(clerk, registry.office, make_data())
    with pytest.raises(ValidationError):
        check_signatures(clerk, document)


@pytest.mark.django_db
def test_broken_electronic_document_is_returned_to_the_sender_with_a_reason(
    registry, clerk, roots_dir, signed_pdf
):
    forged = signed_pdf.replace(TEXT, b"Cong van so 99/UBND-VX")
    document = register_electronic(clerk, registry, forged)
    assert document.signature_checks.get().result == "broken"
    with pytest.raises(ValidationError) as exc:
        return_to_sender(clerk, document, "   ")
    assert "reason" in exc.value.message_dict
    document.refresh_from_db()
    assert document.status == IncomingStatus.REGISTERED
    return_to_sender(clerk, document, "Chữ ký số không hợp lệ: nội dung bị sửa sau khi ký.")
    document.refresh_from_db()
    assert document.status == IncomingStatus.RETURNED
    assert document.return_reason.startswith("Chữ ký số không hợp lệ")


@pytest.mark.django_db
def test_document_page_lists_the_signatures(client, registry, clerk, roots_dir, signed_pdf):
    document = register_electronic(clerk, registry, signed_pdf)
    client.force_login(clerk)
    page = client.get(reverse("eoffice:incoming_detail", args=[document.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="digital-signatures"' in html
    assert "Nguyễn Văn An" in html and "UBND tỉnh Quảng Ngãi" in html
