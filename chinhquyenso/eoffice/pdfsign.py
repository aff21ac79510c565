"""PAdES signing of outgoing documents with pyHanko: the person certifies, the agency approves.

The competent person's signature is a certification signature allowing form filling and signing
(DocMDP P=2). Empty text fields for the number and the issued date are created in the same
revision, so the clerk's later incremental update (fill both fields, add the agency's signature)
is a permitted change and the person's signature stays valid.
"""

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import pdfstamp

PERSON_FIELD = "ChuKyCaNhan"
AGENCY_FIELD = "ChuKyCoQuan"
NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"
ATTACHMENT_FIELD = "ChuKyCoQuanPhuLuc"
SEAL_DEFAULT_MM = 36  # a round seal of Nghị định 99/2016 when the image does not carry its DPI


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    serial: str
    not_before: datetime
    not_after: datetime


@dataclass(frozen=True)
class Pkcs12Key:
    certificate: asn1_x509.Certificate
    private_key: asn1_keys.PrivateKeyInfo
    chain: list[asn1_x509.Certificate]
    info: CertificateInfo


class SigningAdapter(Protocol):
    """Turns a stored credential and what the signer typed into a pyHanko signer.

    A remote signing service or an HSM plugs in here (docs/signing.md): its adapter returns a
    `pyhanko.sign.signers.Signer` whose `async_sign_raw` sends the digest away.
    """

    def signer(self, credential, passphrase: str) -> signers.Signer: ...


def open_pkcs12(data: bytes, passphrase: str) -> Pkcs12Key:
    """The key and certificate in a PKCS#12 file; ValidationError saying what is wrong."""
    try:
        asn1_pkcs12.Pfx.load(bytes(data)).native  # noqa: B018 - parse to reject other files
    except (ValueError, TypeError, KeyError) as exc:
        raise ValidationError(
            _("The file is not a PKCS#12 key file (.p12 or .pfx)."), code="not_pkcs12"
        ) from exc
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(
            bytes(data), passphrase.encode("utf-8")
        )
    except ValueError as exc:
        raise ValidationError(_("The PKCS#12 password is wrong."), code="wrong_passphrase") from exc
    if key is None or certificate is None:
        raise ValidationError(
            _("The PKCS#12 file must hold a private key and its certificate."), code="no_key"
        )
    der = serialization.Encoding.DER
    info = CertificateInfo(
        subject=certificate.subject.rfc4514_string()[:300],
        serial=format(certificate.serial_number, "X")[:80],
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )
    return Pkcs12Key(
        certificate=asn1_x509.Certificate.load(certificate.public_bytes(der)),
        private_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),  # fmt: skip
        chain=[asn1_x509.Certificate.load(c.public_bytes(der)) for c in extra or []],
        info=info,
    )


def check_validity(info: CertificateInfo, at: datetime | None = None) -> None:
    at = at or timezone.now()
    if info.not_after < at:
        raise ValidationError(
            _("The certificate expired on %(date)s; ask for a new one.")
            % {"date": timezone.localtime(info.not_after).strftime("%d/%m/%Y")},
            code="expired",
        )
    if info.not_before > at:
        raise ValidationError(
            _("The certificate is not valid before %(date)s.")
            % {"date": timezone.localtime(info.not_before).strftime("%d/%m/%Y")},
            code="not_yet_valid",
        )


class LocalPkcs12Adapter:
    """The key is the PKCS#12 file stored with the credential; the password unlocks it."""

    def signer(self, credential, passphrase: str) -> signers.Signer:
        key = open_pkcs12(credential.pkcs12, passphrase)
        check_validity(key.info)
        return signers.SimpleSigner(
            signing_cert=key.certificate,
            signing_key=key.private_key,
            cert_registry=SimpleCertificateStore.from_certs(key.chain),
        )


class _BytesPage(PdfContent):
    """Page 1 of an in-memory PDF as a stamp background (pyHanko's own variant wants a path)."""

    def __init__(self, pdf: bytes):
        super().__init__()
        self.pdf = pdf

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(
            PdfFileReader(io.BytesIO(self.pdf)), page_ix=0
        )
        self.resources.xobject["/Appearance"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return b"/Appearance Do"


def _stamp(appearance: bytes) -> StaticStampStyle:
    return StaticStampStyle(background=_BytesPage(appearance), border_width=0,
                            background_opacity=1.0)  # fmt: skip


def _acroform(writer: IncrementalPdfFileWriter) -> generic.DictionaryObject:
    root = writer.root
    if "/AcroForm" not in root:
        root["/AcroForm"] = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    if "/Fields" not in form:
        form["/Fields"] = generic.ArrayObject()
    return form


def _add_text_field(writer, name: str, page_index: int, box: pdfstamp.Box) -> None:
    page_ref = writer.find_page_for_modification(page_index)[0]
    page = page_ref.get_object()
    field = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): generic.TextStringObject(name),
                pdf_name("/Ff"): generic.NumberObject(1),  # read-only for viewers
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/F"): generic.NumberObject(4),
                pdf_name("/P"): page_ref,
                pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in box),
                pdf_name("/DA"): generic.TextStringObject("/Helv 0 Tf 0 g"),
            }
        )
    )
    annots = page.get("/Annots")
    if annots is None:
        page["/Annots"] = generic.ArrayObject([field])
        writer.update_container(page)
    else:
        annots.get_object().append(field)
        writer.update_container(annots if isinstance(annots, generic.IndirectObject) else page)
    form = _acroform(writer)
    form["/Fields"].append(field)
    writer.update_container(form)


def _add_blank_page(writer, like_index: int) -> None:
    media_box = writer.find_page_for_modification(like_index)[0].get_object()["/MediaBox"]
    blank = writer.add_object(generic.StreamObject())
    writer.insert_page(PageObject(blank, media_box=list(media_box)))


def sign_as_person(
    pdf: bytes,
    signer: signers.Signer,
    *,
    name: str,
    position_lines: list[str],
    image: bytes | None,
    seal_size: tuple[float, float],
    place_sample: str,
    reason: str,
) -> bytes:
    """Reserve the number, date and seal fields, then certify with the visible signature.

    The agency's signature field is created now, over the left third of the person's image:
    a certification signature lets later revisions fill fields but not add visible ones.
    """
    placement = pdfstamp.signature_placement(pdf, name, pdfstamp.image_aspect(image))
    number_box, date_box = pdfstamp.header_boxes(pdf, place_sample)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if placement.new_page:
        _add_blank_page(writer, placement.page - 1)
    _add_text_field(writer, NUMBER_FIELD, 0, number_box)
    _add_text_field(writer, DATE_FIELD, 0, date_box)
    aspect = pdfstamp.image_aspect(image)
    drawn = pdfstamp.image_box(placement, len(position_lines), aspect)
    seal_box = pdfstamp.seal_box(drawn, seal_size)
    fields.append_signature_field(writer, SigFieldSpec(AGENCY_FIELD, on_page=placement.page,
                                                       box=seal_box))  # fmt: skip
    appearance = pdfstamp.person_appearance(
        placement.box, full_block=placement.full_block, position_lines=position_lines,
        name=name, image=image,
    )  # fmt: skip
    meta = signers.PdfSignatureMetadata(
        field_name=PERSON_FIELD, certify=True, docmdp_permissions=MDPPerm.FILL_FORMS,
        subfilter=SigSeedSubFilter.PADES, reason=reason, name=name,
    )  # fmt: skip
    field = SigFieldSpec(PERSON_FIELD, on_page=placement.page, box=placement.box)
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=_stamp(appearance),
                                   new_field_spec=field)  # fmt: skip
    return pdf_signer.sign_pdf(writer).getvalue()


def seal_size(seal: bytes | None) -> tuple[float, float]:
    """The seal's real size in points (a default round seal when there is no image yet)."""
    if seal:
        return pdfstamp.image_size_points(seal, SEAL_DEFAULT_MM)
    side = SEAL_DEFAULT_MM / 25.4 * 72
    return side, side


def _fields(writer) -> dict[str, generic.DictionaryObject]:
    form = writer.root.get("/AcroForm")
    if form is None:
        return {}
    return {str(f.get_object().get("/T")): f for f in form.get_object().get("/Fields", [])}


def _fill(writer, field_ref, text: str, *, italic: bool) -> None:
    field = field_ref.get_object()
    box = tuple(float(v) for v in field["/Rect"])
    appearance = pdfstamp.text_appearance(box, text, italic=italic)
    xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(appearance)), page_ix=0)
    field["/V"] = generic.TextStringObject(text)
    field["/AP"] = generic.DictionaryObject({pdf_name("/N"): xobject})
    writer.update_container(field)


def sign_as_agency(
    pdf: bytes, signer: signers.Signer, *, number_line: str, date_line: str, seal: bytes | None,
    agency_name: str, reason: str,
) -> bytes:  # fmt: skip
    """Fill the reserved number and date, then add the agency's signature with its seal."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    existing = _fields(writer)
    missing = {NUMBER_FIELD, DATE_FIELD, PERSON_FIELD, AGENCY_FIELD} - existing.keys()
    if missing:
        raise ValidationError(
            _("The document was not signed on this platform, so its number cannot be added."),
            code="not_prepared",
        )
    _fill(writer, existing[NUMBER_FIELD], number_line, italic=False)
    _fill(writer, existing[DATE_FIELD], date_line, italic=True)
    meta = signers.PdfSignatureMetadata(
        field_name=AGENCY_FIELD, subfilter=SigSeedSubFilter.PADES, reason=reason,
        name=agency_name,
    )  # fmt: skip
    x1, y1, x2, y2 = (float(v) for v in existing[AGENCY_FIELD].get_object()["/Rect"])
    if seal:
        appearance = pdfstamp.image_appearance(seal, x2 - x1, y2 - y1)
    else:
        appearance = pdfstamp.text_appearance((x1, y1, x2, y2), agency_name, size=9)
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=_stamp(appearance))
    return pdf_signer.sign_pdf(writer).getvalue()


def sign_attachment(pdf: bytes, signer: signers.Signer, *, line: str, reason: str) -> bytes:
    """The agency's signature on an attachment: no image, one 10 pt line at page 1's top right."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from chinhquyenso.core.pdf import register_fonts

    width, height = pdfstamp.page_size(pdf, 0)
    text_width = stringWidth(line, register_fonts()[0], 10) + 6
    box = (width - pdfstamp.MARGIN / 2 - text_width, height - 28, width - pdfstamp.MARGIN / 2,
           height - 12)  # fmt: skip
    appearance = pdfstamp.text_appearance(box, line, size=10)
    meta = signers.PdfSignatureMetadata(
        field_name=ATTACHMENT_FIELD, subfilter=SigSeedSubFilter.PADES, reason=reason
    )
    field = SigFieldSpec(ATTACHMENT_FIELD, on_page=0, box=box)
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=_stamp(appearance),
                                   new_field_spec=field)  # fmt: skip
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return pdf_signer.sign_pdf(writer).getvalue()
