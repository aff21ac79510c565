"""Digital signing of outgoing documents (Nghị định 30/2020 Điều 16, Phụ lục I) and signing keys.

The competent person signs the approved version; at issue the clerk's step stamps the number and
date into the fields reserved then and adds the agency's signature. See docs/signing.md.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.general import SigningError

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import AgencyKind
from chinhquyenso.core.models import StoredFile

from .. import pdfsign
from ..choices import OutgoingStatus, SigningAuthority
from ..models import OutgoingDocument, OutgoingTrace, SigningCredential
from ..signatures import SignatureResult, load_trust_roots, verify_pdf_signatures
from .signatures import PDF_MIME, trust_root_directories

PNG_MIME = "image/png"
DEFAULT_ADAPTER = "chinhquyenso.eoffice.pdfsign.LocalPkcs12Adapter"
AUTHORITY_PREFIX = {
    SigningAuthority.ON_BEHALF: "T/M",
    SigningAuthority.DEPUTY: "KT.",
    SigningAuthority.BY_ORDER: "TL.",
    SigningAuthority.BY_AUTHORISATION: "TUQ.",
}
# Unit kinds dropped from the place name ("Tỉnh Quảng Ngãi" → "Quảng Ngãi"), Phụ lục I.
UNIT_PREFIXES = ("Thành phố ", "Thị trấn ", "Thị xã ", "Đặc khu ", "Tỉnh ", "Huyện ", "Quận ",
                 "Xã ", "Phường ")  # fmt: skip
_PDF_ERRORS = (PdfError, SigningError, ValueError, KeyError, TypeError, AttributeError)


def adapter() -> pdfsign.SigningAdapter:
    """The configured key adapter: local PKCS#12 unless settings name another (an HSM, a remote
    signing service)."""
    return import_string(getattr(settings, "EOFFICE_SIGNING_ADAPTER", DEFAULT_ADAPTER))()


def _read(stored: StoredFile) -> bytes:
    with core.open_file(stored) as content:
        return content.read()


def active_credential(user=None, agency=None) -> SigningCredential | None:
    """The newest credential not revoked (an expired one too, so signing can say it expired)."""
    if (user is None) == (agency is None):
        raise ValueError("Give either a user or an agency")
    owner = {"user": user} if user is not None else {"agency": agency}
    return (
        SigningCredential.objects.filter(revoked_at__isnull=True, **owner)
        .select_related("image")
        .order_by("-created_at", "-pk")
        .first()
    )


def _credential_snapshot(credential: SigningCredential) -> dict:
    return {
        "user": credential.user_id,
        "agency": credential.agency_id,
        "label": credential.label,
        "subject": credential.certificate_subject,
        "serial": credential.certificate_serial,
        "not_after": credential.not_after.isoformat(),
        "revoked_at": credential.revoked_at.isoformat() if credential.revoked_at else None,
    }


def _require_manager(admin, credential_user, agency) -> None:
    if credential_user is not None:
        if credential_user.agency_id is None:
            raise ValidationError(_("Signing keys are only issued to officials of an agency."))
        core.require(admin, "core.manage_users", credential_user.agency)
    else:
        core.require(admin, "core.manage_agencies", agency)


def add_credential(
    admin,
    *,
    user=None,
    agency=None,
    label: str,
    pkcs12_bytes: bytes,
    passphrase: str,
    image_upload=None,
) -> SigningCredential:
    """Store a person's or an agency's PKCS#12 key after checking that it opens and is valid.

    The passphrase only opens the file here; it is never stored.
    """
    if (user is None) == (agency is None):
        raise ValidationError(_("A signing key belongs to either a person or an agency."))
    _require_manager(admin, user, agency)
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("Give the key a label.")})
    if not pkcs12_bytes:
        raise ValidationError({"pkcs12": _("Choose the PKCS#12 key file.")})
    try:
        key = pdfsign.open_pkcs12(pkcs12_bytes, passphrase or "")
        pdfsign.check_validity(key.info)
    except ValidationError as exc:
        raise ValidationError({"pkcs12": exc.messages}) from exc
    with transaction.atomic():
        image = None
        if image_upload is not None:
            name = getattr(image_upload, "name", "") or "signature.png"
            image = core.store_file(admin, image_upload, name)
            if image.mime_type != PNG_MIME:
                raise ValidationError(
                    {"image": _("The signature or seal image must be a PNG with transparency.")}
                )
        credential = SigningCredential.objects.create(
            user=user,
            agency=agency,
            label=label[:150],
            pkcs12=bytes(pkcs12_bytes),
            certificate_subject=key.info.subject,
            certificate_serial=key.info.serial,
            not_before=key.info.not_before,
            not_after=key.info.not_after,
            image=image,
            created_by=admin,
        )
        core.audit_record(
            "eoffice.signing_credential.add", credential, after=_credential_snapshot(credential)
        )
    return credential


def revoke_credential(admin, credential: SigningCredential) -> SigningCredential:
    """Withdraw a key (lost token, staff change); documents it signed keep their signatures."""
    _require_manager(admin, credential.user, credential.agency)
    with transaction.atomic():
        credential = SigningCredential.objects.select_for_update().get(pk=credential.pk)
        if credential.revoked_at is not None:
            raise ValidationError(_("This signing key has already been revoked."))
        before = _credential_snapshot(credential)
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at"])
        core.audit_record(
            "eoffice.signing_credential.revoke",
            credential,
            before=before,
            after=_credential_snapshot(credential),
        )
    return credential


def place_name(agency) -> str:
    """The place in the date line: the agency's administrative unit without its kind."""
    unit = agency.administrative_unit
    if unit is None:
        return getattr(settings, "EOFFICE_PLACE_NAME", "Quảng Ngãi")
    for prefix in UNIT_PREFIXES:
        rest = unit.name.removeprefix(prefix)
        # "Phường 1" keeps its kind: a bare number is no place name.
        if rest != unit.name and not rest.isdigit():
            return rest
    return unit.name


def date_line(place: str, day: datetime.date) -> str:
    """ "Quảng Ngãi, ngày 05 tháng 3 năm 2026": days below 10 and months 1–2 get a leading 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(document: OutgoingDocument) -> str:
    # Party documents write "Số 19-CT/TU" without the colon (HD 36-HD/VPTW).
    text = document.number_text.strip()
    if text.startswith("Số"):
        return text
    return f"Số {text}" if document.agency.kind == AgencyKind.PARTY else f"Số: {text}"


def position_lines(document: OutgoingDocument, signer) -> list[str]:
    """ "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" from the authority and the position (one line per '/')."""
    position = document.signer_position or signer.position or ""
    lines = [p.strip().upper() for p in position.replace("\n", "/").split("/") if p.strip()]
    prefix = AUTHORITY_PREFIX.get(document.signing_authority)
    if prefix and lines and not lines[0].startswith(prefix.rstrip(".")):
        lines[0] = f"{prefix} {lines[0]}"
    return lines


def _approved_pdf(document: OutgoingDocument) -> StoredFile:
    version = document.versions.select_related("pdf_file", "source_file").last()
    if version is None:
        raise ValidationError(_("The document has no draft version to sign."))
    pdf = version.pdf_file or (version.source_file if version.source_file.mime_type == PDF_MIME
                               else None)  # fmt: skip
    if pdf is None:
        raise ValidationError(_("The approved version has no PDF to sign; convert it first."))
    return pdf


def _run(step, *args, **kwargs) -> bytes:
    try:
        return step(*args, **kwargs)
    except _PDF_ERRORS as exc:
        raise ValidationError(
            _("The PDF cannot be signed (%(reason)s).") % {"reason": str(exc)[:200]}
        ) from exc


def sign_as_person(user, document: OutgoingDocument, passphrase: str) -> StoredFile:
    """The chosen signer signs the approved version; the document becomes SIGNED."""
    with transaction.atomic():
        locked = (
            OutgoingDocument.objects.select_for_update()
            .select_related("agency")
            .get(pk=document.pk)
        )
        core.require(user, "eoffice.approve_outgoing", locked.agency)
        if locked.signer_id != user.pk:
            raise PermissionDenied(_("Only the signer chosen for this document can sign it."))
        if locked.status != OutgoingStatus.APPROVED:
            raise ValidationError(
                _("Only an approved document can be signed (this one is: %(status)s).")
                % {"status": locked.get_status_display()}
            )
        credential = active_credential(user=user)
        if credential is None:
            raise ValidationError(_("You have no signing key; ask the administrator for one."))
        signer = adapter().signer(credential, passphrase or "")
        seal_credential = active_credential(agency=locked.agency)
        seal = _read(seal_credential.image) if seal_credential and seal_credential.image else None
        source = _approved_pdf(locked)
        name = str(user)
        signed = _run(
            pdfsign.sign_as_person,
            _read(source),
            signer,
            name=name,
            position_lines=position_lines(locked, user),
            image=_read(credential.image) if credential.image else None,
            seal_size=pdfsign.seal_size(seal),
            place_sample=place_name(locked.agency),
            reason=_("Signed by the competent person"),
        )
        stored = core.store_file(user, signed, f"{source.original_name.rsplit('.', 1)[0]}-ky.pdf")
        before = {"status": locked.status, "final_file": locked.final_file_id}
        document.status = locked.status = OutgoingStatus.SIGNED
        document.final_file = locked.final_file = stored
        locked.save(update_fields=["status", "final_file", "updated_at"])
        OutgoingTrace.objects.create(
            document=locked, actor=user, action="signed", note=credential.certificate_subject
        )
        core.audit_record(
            "eoffice.outgoing.sign",
            locked,
            before=before,
            after={"status": locked.status, "final_file": stored.pk, "credential": credential.pk},
        )
    return stored


def sign_pdf_as_agency(
    agency, pdf: bytes, passphrase: str, *, label: str, reason: str, separator: str = " "
) -> tuple[bytes, SigningCredential, str]:
    """The agency's signature on any PDF it certifies (copies, results of public services).

    No image: a 10 pt line with `label` and the time (ISO 8601, +07:00) at the top right of page
    1 (Phụ lục I). The caller checks its own permission first; a wrong passphrase is reported on
    the `passphrase` field and nothing is signed. Returns (signed PDF, credential, printed line).
    """
    credential = active_credential(agency=agency)
    if credential is None:
        raise ValidationError(_("The agency has no signing key; ask the administrator for one."))
    try:
        signer = adapter().signer(credential, passphrase or "")
    except ValidationError as exc:
        raise ValidationError({"passphrase": exc.messages}) from exc
    now = timezone.localtime(timezone.now(), datetime.timezone(datetime.timedelta(hours=7)))
    line = f"{label}{separator}{now.isoformat(timespec='seconds')}"
    signed = _run(pdfsign.sign_attachment, pdf, signer, line=line, reason=reason)
    return signed, credential, line


def _agency_signer(user, document: OutgoingDocument, passphrase: str):
    core.require(user, "eoffice.issue_outgoing", document.agency)
    credential = active_credential(agency=document.agency)
    if credential is None:
        raise ValidationError(_("The agency has no signing key; ask the administrator for one."))
    return credential, adapter().signer(credential, passphrase or "")


def apply_issue_signature(user, document: OutgoingDocument, passphrase: str) -> StoredFile:
    """Stamp the number and date into the reserved fields and add the agency's signature.

    Called by the issue service inside its transaction once the number and date are set; the
    caller stores the returned file as the document's final file.
    """
    if document.status != OutgoingStatus.SIGNED or document.final_file_id is None:
        raise ValidationError(_("The document must be signed by the competent person first."))
    if not document.number_text or document.issued_date is None:
        raise ValidationError(_("The document needs its number and issued date first."))
    credential, signer = _agency_signer(user, document, passphrase)
    with transaction.atomic():
        signed = _run(
            pdfsign.sign_as_agency,
            _read(document.final_file),
            signer,
            number_line=number_line(document),
            date_line=date_line(place_name(document.agency), document.issued_date),
            seal=_read(credential.image) if credential.image else None,
            agency_name=document.agency.name,
            reason=_("Issued by the agency"),
        )
        stored = core.store_file(user, signed, f"{_file_stem(document)}.pdf")
        OutgoingTrace.objects.create(
            document=document, actor=user, action="agency_signed",
            note=credential.certificate_subject,
        )  # fmt: skip
        core.audit_record(
            "eoffice.outgoing.agency_sign",
            document,
            before={"final_file": document.final_file_id},
            after={"final_file": stored.pk, "credential": credential.pk},
        )
    return stored


def sign_attachment(
    user, document: OutgoingDocument, attachment: StoredFile, passphrase: str
) -> StoredFile:
    """The agency signs an attachment: no image, a 10 pt line with the number and the time."""
    if not document.number_text:
        raise ValidationError(_("The document needs its number before its attachments."))
    if attachment.mime_type != PDF_MIME:
        raise ValidationError(_("Only PDF attachments can be signed."))
    credential, signer = _agency_signer(user, document, passphrase)
    now = timezone.localtime(timezone.now(), datetime.timezone(datetime.timedelta(hours=7)))
    line = f"{document.number_text} {now.isoformat(timespec='seconds')}"
    with transaction.atomic():
        signed = _run(
            pdfsign.sign_attachment, _read(attachment), signer, line=line,
            reason=_("Attachment issued by the agency"),
        )  # fmt: skip
        stored = core.store_file(user, signed, attachment.original_name)
        OutgoingTrace.objects.create(
            document=document, actor=user, action="attachment_signed", note=attachment.original_name
        )
        core.audit_record(
            "eoffice.outgoing.sign_attachment",
            document,
            after={"attachment": attachment.pk, "signed": stored.pk, "credential": credential.pk},
        )
    return stored


def _file_stem(document: OutgoingDocument) -> str:
    return document.number_text.replace("/", "-").replace(" ", "") or f"van-ban-{document.pk}"


def verify(stored_file: StoredFile) -> list[SignatureResult]:
    """Check every signature in the PDF against the configured trust roots (offline)."""
    return verify_pdf_signatures(_read(stored_file), load_trust_roots(trust_root_directories()))
