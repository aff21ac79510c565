"""Signing keys: upload checks (PKCS#12, password, validity, image), revocation, demo keys."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from PIL import Image

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent, StoredFile
from chinhquyenso.eoffice.demo_signing import DEMO_CA_NAME, DemoAuthority, signature_png
from chinhquyenso.eoffice.management.commands.create_demo_signing_keys import (
    DEMO_PASSPHRASE,
    TRUST_ROOT_FILE,
)
from chinhquyenso.eoffice.models import SigningCredential
from chinhquyenso.eoffice.services import signing

PASSPHRASE = "Mat-khau-ky-so"
NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def authority() -> DemoAuthority:
    return DemoAuthority.create()


@pytest.fixture
def admin(registry):
    return registry.user("quantri", Role.AGENCY_ADMIN)


@pytest.fixture
def leader(registry):
    return registry.user("lanhdao", Role.LEADER, full_name="Trần Quốc Hùng")


def upload(admin, authority, owner, *, passphrase=PASSPHRASE, data=None, image=None, **validity):
    owner_field = {"agency": owner} if hasattr(owner, "electronic_id") else {"user": owner}
    return signing.add_credential(
        admin,
        label="Khóa ký số",
        pkcs12_bytes=data or authority.issue_pkcs12("Trần Quốc Hùng", "UBND", PASSPHRASE,
                                                    **validity),
        passphrase=passphrase,
        image_upload=image,
        **owner_field,
    )  # fmt: skip


def test_a_valid_key_is_stored_with_its_certificate_details_but_not_its_password(
    admin, leader, authority
):
    image = SimpleUploadedFile("chu-ky.png", signature_png("Trần Quốc Hùng"))
    credential = upload(admin, authority, leader, image=image)
    assert "CN=Trần Quốc Hùng" in credential.certificate_subject
    assert credential.certificate_serial and credential.not_before < NOW < credential.not_after
    assert credential.image.mime_type == "image/png"
    assert PASSPHRASE.encode() not in bytes(credential.pkcs12)
    event = AuditEvent.objects.get(action="eoffice.signing_credential.add")
    assert PASSPHRASE not in str(event.after)
    assert signing.active_credential(user=leader) == credential


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"data": b"%PDF-1.4 not a key"}, "not a PKCS#12 key file"),
        ({"passphrase": "sai"}, "The PKCS#12 password is wrong"),
        ({"not_before": NOW - 400 * DAY, "not_after": NOW - DAY}, "The certificate expired on"),
    ],
)
def test_bad_key_files_are_refused_and_nothing_is_stored(admin, leader, authority, kwargs, message):
    files = StoredFile.objects.count()
    image = SimpleUploadedFile("chu-ky.png", signature_png("Hùng"))
    with pytest.raises(ValidationError, match=message):
        upload(admin, authority, leader, image=image, **kwargs)
    assert not SigningCredential.objects.exists()
    assert StoredFile.objects.count() == files


def test_the_image_must_be_a_png(admin, leader, authority):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buffer, format="JPEG")
    with pytest.raises(ValidationError, match="must be a PNG"):
        upload(admin, authority, leader, image=SimpleUploadedFile("anh.jpg", buffer.getvalue()))
    assert not SigningCredential.objects.exists()
    assert not StoredFile.objects.filter(mime_type="image/jpeg").exists()


def test_only_administrators_of_the_agency_manage_keys(registry, admin, leader, authority):
    with pytest.raises(PermissionDenied):
        upload(leader, authority, leader)
    other_admin = registry.user("quantri2", Role.AGENCY_ADMIN, agency=registry.province_committee)
    with pytest.raises(PermissionDenied):
        upload(other_admin, authority, registry.office)
    with pytest.raises(ValidationError, match="either a person or an agency"):
        signing.add_credential(admin, label="x", pkcs12_bytes=b"x", passphrase="x")
    assert upload(admin, authority, registry.office).agency == registry.office


def test_a_revoked_key_is_no_longer_used(admin, leader, authority):
    old = upload(admin, authority, leader)
    new = upload(admin, authority, leader)
    assert signing.active_credential(user=leader) == new
    signing.revoke_credential(admin, new)
    assert signing.active_credential(user=leader) == old
    with pytest.raises(ValidationError, match="already been revoked"):
        signing.revoke_credential(admin, new)
    with pytest.raises(PermissionDenied):
        signing.revoke_credential(leader, old)
    assert AuditEvent.objects.filter(action="eoffice.signing_credential.revoke").count() == 1


def test_demo_keys_are_created_once_and_their_ca_is_trusted(registry, tmp_path):
    registry.user("admin", Role.SYSTEM_ADMIN)
    leader = registry.user("lanhdao", Role.LEADER, full_name="Trần Quốc Hùng")
    roots = tmp_path / "roots"
    with override_settings(VAR_DIR=tmp_path, SIGNATURE_TRUST_ROOTS_DIR=roots):
        out = io.StringIO()
        call_command("create_demo_signing_keys", stdout=out)
        assert DEMO_PASSPHRASE in out.getvalue()
        call_command("create_demo_signing_keys", stdout=io.StringIO())
    assert SigningCredential.objects.filter(user=leader).count() == 1
    agency_key = SigningCredential.objects.get(agency=registry.office)
    assert agency_key.image.mime_type == "image/png"
    ca_pem = (tmp_path / "demo-ca" / "ca.pem").read_bytes()
    assert (roots / TRUST_ROOT_FILE).read_bytes() == ca_pem
    ca = DemoAuthority.load(ca_pem, (tmp_path / "demo-ca" / "ca-key.pem").read_bytes())
    assert ca.certificate.subject.rfc4514_string().endswith(f"CN={DEMO_CA_NAME}") or (
        f"CN={DEMO_CA_NAME}" in ca.certificate.subject.rfc4514_string()
    )
    assert "DEMO CA" in signing.active_credential(user=leader).certificate_subject or (
        ca.certificate.subject == ca.certificate.issuer
    )
