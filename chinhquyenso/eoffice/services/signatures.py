"""Digital signatures of incoming documents: verified on arrival and stored as SignatureCheck rows.

Nghị định 30/2020 Điều 21 asks the clerk to check the signature and integrity of an electronic
arrival and to return an invalid one to the sender (`return_to_sender`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..choices import ArrivalChannel
from ..models import IncomingDocument, SignatureCheck, TraceEntry
from ..signatures import (
    EncryptedPdf,
    SignatureResult,
    UnreadablePdf,
    is_encrypted,
    load_trust_roots,
    verify_pdf_signatures,
)

PDF_MIME = "application/pdf"


def trust_root_directories() -> list:
    """The configured directory, then the roots shipped with the platform."""
    return [settings.SIGNATURE_TRUST_ROOTS_DIR, settings.BASE_DIR / "data" / "trust-roots"]


def check_signatures(user, document: IncomingDocument) -> list[SignatureCheck]:
    """Verify the signatures of the document's PDF; the new checks replace earlier ones."""
    core.require(user, "eoffice.register_incoming", document.agency)
    if document.file is None:
        raise ValidationError(_("The document has no file whose signatures could be checked."))
    if document.file.mime_type != PDF_MIME:
        raise ValidationError(_("Only signatures embedded in a PDF file can be checked."))
    with core.open_file(document.file) as content:
        pdf_bytes = content.read()
    results = verify_pdf_signatures(pdf_bytes, load_trust_roots(trust_root_directories()))
    with transaction.atomic():
        return _record(user, document, results)


@dataclass(frozen=True)
class ArrivalInspection:
    """What registration learnt from an arrival's PDF before numbering it."""

    results: list[SignatureResult] | None = None  # an electronic arrival's signatures
    unreadable: str = ""  # why the PDF could not be parsed, for the trace


def inspect_arrival(channel: str, stored) -> ArrivalInspection | None:
    """Registration's check of the file: refuse an encrypted PDF; verify an electronic arrival's
    signatures.

    Runs before the arrival number is taken, so the slow part (parsing, verification) does not
    hold the number series' lock. An electronic arrival whose PDF cannot be parsed is still
    registered (the clerk may return it), with the reason in its trace; an encrypted one is
    refused, since nobody could read it.
    """
    if stored is None or stored.mime_type != PDF_MIME:
        return None
    try:
        with core.open_file(stored) as content:
            pdf_bytes = content.read()
        if channel == ArrivalChannel.ELECTRONIC:
            roots = load_trust_roots(trust_root_directories())
            return ArrivalInspection(results=verify_pdf_signatures(pdf_bytes, roots))
        if is_encrypted(pdf_bytes):
            raise EncryptedPdf()
    except EncryptedPdf as exc:
        raise ValidationError({"file": exc.messages}) from exc
    except UnreadablePdf as exc:
        return ArrivalInspection(unreadable=" ".join(exc.messages))
    return None


def record_arrival(user, document: IncomingDocument, inspection: ArrivalInspection | None) -> None:
    """Store what `inspect_arrival` found, in the registration's transaction."""
    if inspection is None:
        return
    if inspection.results is not None:
        _record(user, document, inspection.results)
    else:
        TraceEntry.objects.create(
            document=document,
            actor=user,
            action="signatures_not_checked",
            note=inspection.unreadable,
        )


def check_arrival(user, document: IncomingDocument) -> None:
    """`inspect_arrival` and `record_arrival` in one call, for an already numbered document."""
    record_arrival(user, document, inspect_arrival(document.channel, document.file))


def _record(user, document: IncomingDocument, results: list[SignatureResult]) -> list:
    before = list(document.signature_checks.values("signer", "result"))
    document.signature_checks.all().delete()
    now = timezone.now()
    checks = SignatureCheck.objects.bulk_create(
        SignatureCheck(
            document=document,
            signer=result.signer_name[:255],
            signer_organisation=result.signer_organisation[:255],
            signed_at=result.signed_at,
            timestamped=result.timestamped,
            coverage=result.coverage,
            result=result.result,
            detail=result.detail,
            checked_at=now,
        )
        for result in results
    )
    summary = "; ".join(f"{c.signer or '?'}: {c.get_result_display()}" for c in checks)
    TraceEntry.objects.create(
        document=document,
        actor=user,
        action="signatures_checked",
        note=summary or _("No digital signature found."),
    )
    core.audit_record(
        "eoffice.incoming.check_signatures",
        document,
        before={"signatures": before},
        after={"signatures": [{"signer": c.signer, "result": c.result} for c in checks]},
    )
    return checks
