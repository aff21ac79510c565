"""Copies (bản sao: sao y, trích sao, sao lục; Party "BS") with their own series (Điều 25–27).

A copy is made by the clerk of the agency that holds the original, from an issued outgoing
document or a registered incoming one; a paper original is scanned, and the scan signed by the
agency (sign_copy) becomes the electronic copy.
"""

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageSequence, UnidentifiedImageError

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import AgencyKind
from chinhquyenso.core.models import Agency, StoredFile
from chinhquyenso.core.services.sequences import next_value

from .. import pdfsign, selectors
from ..choices import ArrivalChannel, DocumentSystem, OutgoingStatus, Secrecy
from ..models import CopyDocument, CopyType, IncomingDocument, OutgoingDocument
from ..signatures import open_pdf
from . import signing

COPY_SERIES = "eoffice.copy"
# Scans come as PDF or as images; the agency signature is put on a PDF (see sign_copy).
SCAN_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/tiff"})
EXTRACT_CODE = "trich_sao"


def is_party(agency: Agency) -> bool:
    return agency.kind == AgencyKind.PARTY


def copy_notation(agency: Agency, copy_type: CopyType, number: int) -> str:
    """`12/SY-UBND` for State agencies; `24-BS/TU` for Party ones (HD 36-HD/VPTW).

    Numbers below 10 are written 01–09 (Phụ lục I).
    """
    if is_party(agency):
        return f"{number:02d}-{copy_type.abbreviation}/{agency.notation_abbr}"
    return f"{number:02d}/{copy_type.abbreviation}-{agency.notation_abbr}"


def number_line(copy: CopyDocument) -> str:
    """The line printed on the copy: "Số: 12/SY-UBND", or "Số 24-BS/TU" (Party: no colon)."""
    if is_party(copy.agency):
        return f"Số {copy.number_text}"
    return f"Số: {copy.number_text}"


def resolve_copy_type(value: CopyType | str) -> CopyType:
    if isinstance(value, CopyType):
        return value
    text = (value or "").strip()
    match = CopyType.objects.filter(Q(code=text) | Q(abbreviation=text)).order_by("id").first()
    if match is None:
        raise ValidationError({"copy_type": _("Unknown copy type “%(value)s”.") % {"value": text}})
    return match


def copy_types_for(agency: Agency):
    """The forms an agency may use: sao y, trích sao, sao lục (State) or BS (Party)."""
    systems = [DocumentSystem.PARTY] if is_party(agency) else [DocumentSystem.STATE]
    return CopyType.objects.filter(system__in=[*systems, DocumentSystem.BOTH]).order_by("name")


def _source_errors(
    user, agency: Agency, outgoing: OutgoingDocument | None, incoming: IncomingDocument | None
) -> dict[str, str]:
    if (outgoing is None) == (incoming is None):
        return {"source": _("Choose the document to copy: one outgoing or one incoming document.")}
    if outgoing is not None:
        # Only what the agency itself issued; a draft or a recalled document has no valid original.
        if outgoing.agency_id != agency.pk or outgoing.status != OutgoingStatus.ISSUED:
            return {"source": _("Only documents your agency has issued can be copied.")}
        secret = outgoing.secrecy != Secrecy.NORMAL
    else:
        if incoming.agency_id != agency.pk or not selectors.can_view(user, incoming):
            return {"source": _("Only documents registered at your agency can be copied.")}
        secret = incoming.secrecy != Secrecy.NORMAL
    if secret:
        return {
            "source": _(
                "Secret documents are copied under the state-secrets rules, not on the platform."
            )
        }
    return {}


def _original_file(outgoing: OutgoingDocument | None, incoming: IncomingDocument | None):
    """The electronic original, or None when the original is on paper."""
    if outgoing is not None:
        return outgoing.final_file
    if incoming.channel == ArrivalChannel.PAPER:
        return None
    return incoming.file


def _signer_errors(agency: Agency, signer) -> dict[str, str]:
    if signer is None:
        return {}
    signer_agency = signer.agency_id or (signer.department.agency_id if signer.department else None)
    if signer_agency != agency.pk:
        return {"signer": _("The signer of a copy must be an official of your agency.")}
    return {}


def _store_scan(user, upload, file_name: str) -> StoredFile:
    stored = core.store_file(user, upload, file_name or "ban-sao.pdf")
    if stored.mime_type not in SCAN_TYPES:
        raise ValidationError({"file": _("The scan must be a PDF or an image (PNG, JPEG, TIFF).")})
    return stored


def make_copy(
    user,
    *,
    agency: Agency,
    copy_type: CopyType | str,
    source_outgoing: OutgoingDocument | None = None,
    source_incoming: IncomingDocument | None = None,
    recipients_text: str = "",
    upload=None,
    file_name: str = "",
    signer=None,
) -> CopyDocument:
    """Number and record a copy; its number is the next of the agency's yearly copy series.

    `upload` is the scan (PDF or image): required when the original is on paper, and for an
    extract (trích sao), which is a new text; otherwise the copy carries the original's file.
    """
    core.require(user, "eoffice.make_copy", agency)
    errors: dict[str, str] = {}
    kind = None
    try:
        kind = resolve_copy_type(copy_type)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if kind is not None and not copy_types_for(agency).filter(pk=kind.pk).exists():
        errors["copy_type"] = (
            _("A Party agency makes copies of the form “BS”.")
            if is_party(agency)
            else _("Choose sao y (SY), trích sao (TrS) or sao lục (SL).")
        )
    if not agency.notation_abbr:
        errors["agency"] = _(
            "Your agency has no notation abbreviation yet; ask an administrator to set it."
        )
    errors.update(_source_errors(user, agency, source_outgoing, source_incoming))
    errors.update(_signer_errors(agency, signer))
    original = None if "source" in errors else _original_file(source_outgoing, source_incoming)
    if upload is None and "source" not in errors:
        if original is None:
            errors["file"] = _("The original is on paper: attach its scan to make the copy.")
        elif kind is not None and kind.code == EXTRACT_CODE:
            errors["file"] = _("An extract (trích sao) is a new text: attach the extract.")
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    with transaction.atomic():
        stored = _store_scan(user, upload, file_name) if upload is not None else original
        number = next_copy_number(agency, today.year)
        copy = CopyDocument.objects.create(
            agency=agency,
            copy_type=kind,
            source_outgoing=source_outgoing,
            source_incoming=source_incoming,
            number=number,
            number_year=today.year,
            number_text=copy_notation(agency, kind, number),
            copied_date=today,
            file=stored,
            recipients_text=recipients_text.strip(),
            signer=signer,
            created_by=user,
        )
        core.audit_record("eoffice.copy.make", copy, after=core.audit_snapshot(copy))
    return copy


def next_copy_number(agency: Agency, year: int) -> int:
    """One series for every copy form of the agency, from 01 each 1 January (Phụ lục I)."""
    return next_value(COPY_SERIES, f"agency:{agency.pk}", str(year))


SCAN_DPI = 300  # assumed for a scan that does not say its resolution


def _scan_as_pdf(stored: StoredFile) -> bytes:
    """The copy's file as PDF: an image scan (every page of a TIFF) becomes one page per image."""
    with core.open_file(stored) as content:
        data = content.read()
    if stored.mime_type == "application/pdf":
        return data
    try:
        with Image.open(io.BytesIO(data)) as image:
            dpi = float((image.info.get("dpi") or (SCAN_DPI,))[0]) or SCAN_DPI
            pages = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(_("The scan cannot be read as an image.")) from exc
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def _already_signed(pdf: bytes) -> bool:
    reader = open_pdf(pdf)
    return any(s.field_name == pdfsign.ATTACHMENT_FIELD for s in reader.embedded_signatures)


def sign_copy(user, copy: CopyDocument, passphrase: str) -> CopyDocument:
    """The agency signs the scanned copy (paper → electronic, Điều 25–26).

    As for attachments (Phụ lục I): no image, a 10 pt line "Số: 12/SY-UBND — <ISO 8601 time>" at
    the top right of page 1. The signed PDF replaces the copy's file.
    """
    core.require(user, "eoffice.make_copy", copy.agency)
    source = copy.source_outgoing or copy.source_incoming
    original = source.final_file_id if copy.source_outgoing_id else source.file_id
    if copy.file_id is None or copy.file_id == original:
        # The copy of an electronic original is printed and sealed on paper; nothing to sign.
        raise ValidationError(_("Only a scanned copy or an extract is signed by the agency."))
    pdf = _scan_as_pdf(copy.file)
    if _already_signed(pdf):
        raise ValidationError(_("This copy already carries the agency's signature."))
    signed, credential, line = signing.sign_pdf_as_agency(
        copy.agency, pdf, passphrase, label=number_line(copy), reason=_("Copy made by the agency"),
        separator=" — ",
    )  # fmt: skip
    with transaction.atomic():
        locked = CopyDocument.objects.select_for_update().get(pk=copy.pk)
        if locked.file_id != copy.file_id:
            raise ValidationError(_("The copy changed while it was being signed; sign it again."))
        stored = core.store_file(user, signed, f"{copy.number_text.replace('/', '-')}.pdf")
        locked.file = stored
        locked.save(update_fields=["file"])
        core.audit_record(
            "eoffice.copy.sign",
            locked,
            before={"file": copy.file_id},
            after={"file": stored.pk, "credential": credential.pk, "line": line},
        )
    return locked
