"""Verifying the digital signatures embedded in a PDF (PAdES) against configured trust roots.

Offline on purpose: no OCSP or CRL is fetched; only revocation data embedded in the PDF is used.
"""

import io
import logging
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.exceptions import UnsupportedAlgorithm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from .choices import SignatureCoverage, SignatureVerdict

logger = logging.getLogger(__name__)

VALID = SignatureVerdict.VALID
BROKEN = SignatureVerdict.BROKEN
UNTRUSTED = SignatureVerdict.UNTRUSTED
ENTIRE_FILE = SignatureCoverage.ENTIRE_FILE
ENTIRE_REVISION = SignatureCoverage.ENTIRE_REVISION
PARTIAL = SignatureCoverage.PARTIAL

TRUST_ROOT_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})

# What a damaged PDF makes the parser raise (it also asserts on some structures); anything else
# is a bug we want to see.
_READ_ERRORS = (
    PdfError,
    AssertionError,
    ArithmeticError,
    EOFError,
    RecursionError,
    UnsupportedAlgorithm,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    NotImplementedError,
    zlib.error,
)


class UnreadablePdf(ValidationError):
    """The file cannot be read as a PDF, so its signatures cannot be checked."""


class EncryptedPdf(UnreadablePdf):
    """The PDF is encrypted: nobody here can read it, and its signatures are not checked."""

    def __init__(self):
        super().__init__(
            _("The PDF is encrypted; ask the sender for an unencrypted copy."),
            code="encrypted_pdf",
        )


@dataclass(frozen=True)
class SignatureResult:
    """What a clerk needs to know about one embedded signature."""

    field_name: str
    signer_name: str  # subject CN of the signer's certificate
    signer_organisation: str  # subject O
    signed_at: datetime | None  # the timestamp token's time, else the time the signer claims
    timestamped: bool
    coverage: str  # ENTIRE_FILE, ENTIRE_REVISION (later revisions appended) or PARTIAL
    result: str  # VALID, BROKEN or UNTRUSTED
    detail: str

    @property
    def modified_after_signing(self) -> bool:
        return self.coverage != ENTIRE_FILE


def load_trust_roots(directories: Iterable[Path]) -> list[asn1_x509.Certificate]:
    """Certificates (PEM, possibly several per file, or DER) found in the given directories."""
    roots = []
    for directory in directories:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() not in TRUST_ROOT_SUFFIXES or not path.is_file():
                continue
            try:
                roots.extend(_read_certificates(path.read_bytes()))
            except (ValueError, TypeError, OSError) as exc:
                # One bad file must not stop every verification; the operator sees it in the log.
                logger.warning("Trust root %s skipped: %s", path, exc)
    return roots


def _read_certificates(data: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(data):
        certificates = [
            asn1_x509.Certificate.load(der)
            for kind, _headers, der in pem.unarmor(data, multiple=True)
            if kind == "CERTIFICATE"
        ]
    else:
        certificates = [asn1_x509.Certificate.load(data)]
    for certificate in certificates:
        certificate.native  # noqa: B018 - parse now so a damaged file fails here, not later
    return certificates


def open_pdf(pdf_bytes: bytes) -> PdfFileReader:
    """A reader over `pdf_bytes`; raises UnreadablePdf or EncryptedPdf with a message to show."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        encrypted = reader.encrypted
    except _READ_ERRORS as exc:
        raise UnreadablePdf(
            _("The file is not a readable PDF (%(reason)s).") % {"reason": _reason(exc)},
            code="unreadable_pdf",
        ) from exc
    if encrypted:
        raise EncryptedPdf()
    return reader


def is_encrypted(pdf_bytes: bytes) -> bool:
    """Whether the PDF is encrypted; a damaged file is not (its other readers report that)."""
    try:
        return PdfFileReader(io.BytesIO(pdf_bytes), strict=False).encrypted
    except _READ_ERRORS:
        return False


def verify_pdf_signatures(
    pdf_bytes: bytes, trust_roots: Iterable[asn1_x509.Certificate]
) -> list[SignatureResult]:
    """One result per embedded signature, in file order; an unsigned PDF gives an empty list."""
    reader = open_pdf(pdf_bytes)
    try:
        embedded = list(reader.embedded_regular_signatures)
    except _READ_ERRORS as exc:
        raise UnreadablePdf(
            _("The PDF's signature fields cannot be read (%(reason)s).") % {"reason": _reason(exc)},
            code="unreadable_pdf",
        ) from exc
    roots = list(trust_roots)
    return [_verify_one(reader, signature, roots) for signature in embedded]


def _validation_context(reader: PdfFileReader, roots: list) -> ValidationContext:
    # Only the configured roots: an empty list must trust nothing, never the system's TLS roots.
    options = {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "soft-fail"}
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(options)
    except NoDSSFoundError:
        return ValidationContext(**options)
    except _READ_ERRORS as exc:
        logger.info("Embedded validation data ignored: %s", exc)
        return ValidationContext(**options)


def _verify_one(reader: PdfFileReader, signature, roots: list) -> SignatureResult:
    field_name = signature.field_name or ""
    try:
        subject = signature.signer_cert.subject.native
        status = validate_pdf_signature(signature, _validation_context(reader, roots))
    except _READ_ERRORS as exc:
        # A signature that cannot even be parsed or checked proves nothing about the document.
        return SignatureResult(
            field_name=field_name,
            signer_name="",
            signer_organisation="",
            signed_at=None,
            timestamped=False,
            coverage=PARTIAL,
            result=BROKEN,
            detail=_("The signature could not be checked (%(reason)s).") % {"reason": _reason(exc)},
        )
    timestamp = status.timestamp_validity
    timestamped = timestamp is not None and timestamp.intact and timestamp.valid
    result, detail = _judge(status)
    return SignatureResult(
        field_name=field_name,
        signer_name=_first(subject.get("common_name")),
        signer_organisation=_first(subject.get("organization_name")),
        signed_at=timestamp.timestamp if timestamped else status.signer_reported_dt,
        timestamped=timestamped,
        coverage=_coverage(status.coverage),
        result=result,
        detail=detail,
    )


def _judge(status) -> tuple[str, str]:
    if not status.intact:
        return BROKEN, _("The signed bytes were changed after signing (the digest does not match).")
    if not status.valid:
        return BROKEN, _("The signature value does not match the signer's certificate.")
    if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        return BROKEN, _("The signature does not cover the whole revision it belongs to.")
    if status.modification_level == ModificationLevel.OTHER or status.docmdp_ok is False:
        return BROKEN, _("The document was changed after signing in a way the signature forbids.")
    if status.revoked:
        return UNTRUSTED, _("The signer's certificate has been revoked.")
    if not status.trusted:
        problem = status.trust_problem_indic
        if problem is not None and problem.name == "NO_CERTIFICATE_CHAIN_FOUND":
            return UNTRUSTED, _("The signer's certificate does not chain to a configured root.")
        reason = problem.name.replace("_", " ").lower() if problem else _("unknown reason")
        return UNTRUSTED, _("The signer's certificate is not trusted (%(reason)s).") % {
            "reason": reason
        }
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return VALID, _("Intact; the certificate chains to a configured root.")
    return VALID, _(
        "Intact; the certificate chains to a configured root. Later revisions only add "
        "permitted changes (form filling, annotations or further signatures)."
    )


def _coverage(level) -> str:
    if level == SignatureCoverageLevel.ENTIRE_FILE:
        return ENTIRE_FILE
    if level == SignatureCoverageLevel.ENTIRE_REVISION:
        return ENTIRE_REVISION
    return PARTIAL


def _first(value) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value or "")


def _reason(exc: Exception) -> str:
    return (getattr(exc, "msg", None) or str(exc) or type(exc).__name__)[:200]
