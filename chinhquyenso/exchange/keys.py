"""The instance's exchange key: an RSA key and self-signed certificate that sign every edXML
message we send and every message-log entry. Created on first use under VAR_DIR/exchange/."""

import datetime
import functools
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

_lock = threading.Lock()
_cache: dict[str, "InstanceKey"] = {}


@dataclass(frozen=True)
class InstanceKey:
    key_pem: bytes
    cert_pem: bytes

    @property
    def fingerprint(self) -> str:
        return certificate_fingerprint(self.cert_pem)

    def sign(self, data: bytes) -> bytes:
        return load_private_key(self.key_pem).sign(data, padding.PKCS1v15(), hashes.SHA256())


@functools.lru_cache(maxsize=8)
def load_private_key(key_pem: bytes):
    """Loading an RSA key checks it and costs ~0.1 s; each key is loaded once per process."""
    return serialization.load_pem_private_key(key_pem, password=None)


def certificate_fingerprint(cert_pem: bytes) -> str:
    cert = x509.load_pem_x509_certificate(cert_pem)
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def verify_with(cert_pem: bytes, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    public_key = x509.load_pem_x509_certificate(cert_pem).public_key()
    try:
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def generate(common_name: str, years: int = 10) -> InstanceKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "chinhquyenso"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .sign(key, hashes.SHA256())
    )
    return InstanceKey(
        key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
    )


def _paths() -> tuple[Path, Path]:
    folder = Path(getattr(settings, "EXCHANGE_KEY_DIR", None) or settings.VAR_DIR / "exchange")
    return folder / "instance-key.pem", folder / "instance-cert.pem"


def instance_key() -> InstanceKey:
    """Load the instance key, creating it (mode 0600) the first time."""
    key_path, cert_path = _paths()
    cached = _cache.get(str(key_path))
    if cached is not None:
        return cached
    with _lock:
        if not key_path.exists():
            key_path.parent.mkdir(parents=True, exist_ok=True)
            made = generate(getattr(settings, "EXCHANGE_INSTANCE_NAME", "") or "exchange")
            descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(made.key_pem)
            cert_path.write_bytes(made.cert_pem)
        loaded = InstanceKey(key_path.read_bytes(), cert_path.read_bytes())
        _cache[str(key_path)] = loaded
    return loaded
