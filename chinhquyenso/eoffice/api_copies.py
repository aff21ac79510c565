"""JSON API of copies (bản sao) under /api/v1/eoffice/copies: make, list, read, download, sign."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency

from .models import CopyDocument, IncomingDocument, OutgoingDocument
from .services import copies

router = Router(tags=["e-office copies"])
User = get_user_model()
# Copies are read by those who keep the agency's registers, and by the clerks who make them.
READ_PERMISSIONS = ("eoffice.view_all_outgoing", "eoffice.make_copy")


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class CopyOut(Schema):
    id: int
    agency_id: int
    copy_type: str
    copy_type_name: str
    number: int
    number_year: int
    number_text: str
    copied_date: datetime.date
    source_outgoing_id: int | None
    source_incoming_id: int | None
    recipients_text: str
    signer: str | None
    has_file: bool

    @staticmethod
    def resolve_copy_type(obj) -> str:
        return obj.copy_type.abbreviation

    @staticmethod
    def resolve_copy_type_name(obj) -> str:
        return obj.copy_type.name

    @staticmethod
    def resolve_signer(obj) -> str | None:
        return str(obj.signer) if obj.signer_id else None

    @staticmethod
    def resolve_has_file(obj) -> bool:
        return obj.file_id is not None


class SignIn(Schema):
    passphrase: str


def _readable(user):
    agencies = Q()
    for perm in READ_PERMISSIONS:
        agencies |= Q(agency__in=core.agencies_with_perm(user, perm))
    return CopyDocument.objects.filter(agencies).select_related("copy_type", "signer", "file")


def _visible(request, copy_id: int) -> CopyDocument:
    copy = _readable(request.user).filter(pk=copy_id).first()
    if copy is None:
        raise Http404  # a copy the caller may not see does not exist for them
    return copy


def _agency(user, agency_id: int | None) -> Agency:
    if agency_id is not None:
        return get_object_or_404(Agency, pk=agency_id)
    if user.agency_id is None:
        raise PermissionDenied(_("You do not have permission to do this."))
    return user.agency


def _one(model, pk: int | None, field: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("No such document.")})
    return found


@router.post(
    "/copies",
    response={201: CopyOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Make a copy (sao y SY, trích sao TrS, sao lục SL; Party BS) of one document",
    description="Give `source_outgoing_id` or `source_incoming_id`. `file` is the scan (PDF or "
    "image): required for a paper original and for an extract.",
)
def make(
    request,
    copy_type: Form[str],
    source_outgoing_id: Form[int | None] = None,
    source_incoming_id: Form[int | None] = None,
    recipients_text: Form[str] = "",
    signer_id: Form[int | None] = None,
    agency_id: Form[int | None] = None,
    file: File[UploadedFile] = None,
):
    copy = copies.make_copy(
        request.user,
        agency=_agency(request.user, agency_id),
        copy_type=copy_type,
        source_outgoing=_one(OutgoingDocument, source_outgoing_id, "source_outgoing_id"),
        source_incoming=_one(IncomingDocument, source_incoming_id, "source_incoming_id"),
        recipients_text=recipients_text,
        upload=file,
        file_name=file.name if file else "",
        signer=_one(User, signer_id, "signer_id"),
    )
    return Status(201, copy)


@router.get("/copies", response=list[CopyOut], summary="Copies of a year, newest first")
def list_copies(request, year: int | None = None, limit: int = 100, offset: int = 0):
    qs = _readable(request.user)
    if year is not None:
        qs = qs.filter(number_year=year)
    limit = max(1, min(limit, 500))
    return list(qs.order_by("-number_year", "-number")[offset : offset + limit])


@router.get("/copies/{copy_id}", response={200: CopyOut, 404: ErrorOut}, summary="One copy")
def get_copy(request, copy_id: int):
    return _visible(request, copy_id)


@router.get("/copies/{copy_id}/file", summary="Download the copy's file (the signed scan)")
def download(request, copy_id: int):
    copy = _visible(request, copy_id)
    if copy.file_id is None:
        raise Http404
    with core.open_file(copy.file) as handle:
        response = HttpResponse(handle.read(), content_type=copy.file.mime_type)
    response["Content-Disposition"] = f'attachment; filename="{copy.file.original_name}"'
    return response


@router.post(
    "/copies/{copy_id}/sign",
    response={200: CopyOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The agency signs a scanned copy (paper → electronic)",
)
def sign(request, copy_id: int, payload: SignIn):
    return copies.sign_copy(request.user, _visible(request, copy_id), payload.passphrase)
