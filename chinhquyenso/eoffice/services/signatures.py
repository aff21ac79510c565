"""Digital signatures of incoming documents: verified on arrival and stored as SignatureCheck rows.

Nghị định 30/2020 Điều 21 asks the clerk to check the signature and integrity of an electronic
arrival and to return an invalid one to the sender (`return_to_sender`).
"""

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


def check_arrival(user, document: IncomingDocument) -> None:
    """Registration's hook: refuse an encrypted PDF; verify an electronic arrival's signatures.

    An electronic arrival whose PDF cannot be parsed is still registered (the clerk may return
    it), with the reason in its trace; an encrypted one is refused, since nobody could read it.
    """
    if document.file is None or document.file.mime_type != PDF_MIME:
        return
    try:
        if document.channel == ArrivalChannel.ELECTRONIC:
            check_signatures(user, document)
        else:
            with core.open_file(document.file) as content:
                if is_encrypted(content.read()):
                    raise EncryptedPdf()
    except EncryptedPdf as exc:
        raise ValidationError({"file": exc.messages}) from exc
    except UnreadablePdf as exc:
        TraceEntry.objects.create(
            document=document,
            actor=user,
            action="signatures_not_checked",
            note=" ".join(exc.messages),
        )


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
