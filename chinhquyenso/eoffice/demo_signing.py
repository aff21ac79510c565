"""A throwaway certification authority, PKCS#12 keys and signature/seal images for demos and tests.

Nothing here is fit for real signing: the keys are made on the spot and the CA says so in its name.
"""

import datetime
import io
import math
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_CA_NAME = "Chính quyền số DEMO CA — không dùng thật"
DAY = datetime.timedelta(days=1)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing, content_commitment=signing, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=not signing,
        crl_sign=not signing, encipher_only=False, decipher_only=False,
    )  # fmt: skip


@dataclass
class DemoAuthority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @classmethod
    def create(cls, name: str = DEMO_CA_NAME, years: int = 10) -> "DemoAuthority":
        key = ec.generate_private_key(ec.SECP256R1())
        subject = _name(name, "Chính quyền số (demo)")
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - DAY)
            .not_valid_after(now + 365 * years * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(signing=False), critical=True)
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)

    @classmethod
    def load(cls, certificate_pem: bytes, key_pem: bytes) -> "DemoAuthority":
        key = serialization.load_pem_private_key(key_pem, password=None)
        return cls(key, x509.load_pem_x509_certificate(certificate_pem))  # type: ignore[arg-type]

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )  # fmt: skip

    def issue_pkcs12(
        self,
        common_name: str,
        organisation: str,
        passphrase: str,
        *,
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
    ) -> bytes:
        """A signing key and its certificate (chained to this CA) in a PKCS#12 file."""
        now = datetime.datetime.now(datetime.UTC)
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, organisation))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - DAY)
            .not_valid_after(not_after or now + 3 * 365 * DAY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(signing=True), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        return pkcs12.serialize_key_and_certificates(
            common_name.encode("utf-8"), key, certificate, [self.certificate],
            serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
        )  # fmt: skip


def signature_png(name: str) -> bytes:
    """A blue hand-like flourish with the name, on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (480, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 50, 190, 255)
    points = [(40 + x, 110 - 45 * math.sin(x / 38) * math.exp(-x / 420)) for x in range(0, 400, 4)]
    draw.line(points, fill=blue, width=6, joint="curve")
    draw.line([(70, 160), (420, 130)], fill=blue, width=4)
    draw.text((150, 168), name.split()[-1] if name.split() else name, fill=blue)
    return _png(image, dpi=300)


def seal_png(agency_name: str) -> bytes:
    """A red round seal 36 mm across (its DPI says so), with a star and the agency's initials."""
    from PIL import Image, ImageDraw

    size = 425  # 36 mm at 300 dpi
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 230)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=12)
    draw.ellipse((48, 48, size - 48, size - 48), outline=red, width=5)
    centre = size / 2
    star = [
        (
            centre + (60 if i % 2 == 0 else 24) * math.sin(i * math.pi / 5),
            centre - (60 if i % 2 == 0 else 24) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=red)
    initials = "".join(word[0] for word in agency_name.split() if word[:1].isupper())[:8]
    draw.text((centre - 3 * len(initials), centre + 80), initials, fill=red)
    return _png(image, dpi=300)


def _png(image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
