"""JSON API of the citizen portal under /api/v1/services: applications and their printed forms,
the e-data warehouse and the public verification of a dossier code."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chinhquyenso.core import services as core

from . import services as portal
from .models import Procedure, ServiceDossier, WarehouseDocumentType, WarehouseItem
from .reception_pdf import issued_refusal, issued_supplement_request, pdf_response
from .slips import slip_filename, slip_pdf

router = Router(tags=["services portal"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class StartIn(Schema):
    procedure_code: str
    agency_id: int | None = None


class FormIn(Schema):
    data: dict


class RateIn(Schema):
    score: int
    comment: str = ""


class AttachmentOut(Schema):
    id: int
    name: str
    required_document_id: int | None
    warehouse_item_id: int | None
    file_sha256: str

    @staticmethod
    def resolve_file_sha256(obj) -> str:
        return obj.file.sha256


class EventOut(Schema):
    at: datetime.datetime
    action: str
    to_unit: str
    note: str


class DossierOut(Schema):
    id: int
    code: str
    procedure_code: str
    procedure_name: str
    agency_id: int
    status: str
    form_data: dict
    submitted_at: datetime.datetime | None
    received_at: datetime.datetime | None
    due_date: datetime.date | None
    result_ready: bool

    @staticmethod
    def resolve_procedure_code(obj) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_procedure_name(obj) -> str:
        return obj.procedure.name

    @staticmethod
    def resolve_result_ready(obj) -> bool:
        return obj.result_file_id is not None and obj.status in {"result_ready", "returned"}


class DossierDetailOut(DossierOut):
    attachments: list[AttachmentOut]
    timeline: list[EventOut]
    missing_documents: list[str]
    printed_forms: dict[str, str]

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.select_related("file"))

    @staticmethod
    def resolve_timeline(obj) -> list:
        return list(obj.events.filter(public=True).order_by("at", "id"))

    @staticmethod
    def resolve_missing_documents(obj) -> list[str]:
        return [required.name for required in portal.missing_documents(obj)]

    @staticmethod
    def resolve_printed_forms(obj) -> dict[str, str]:
        """The slip once the dossier has a code, and the supplement request or refusal notice."""
        forms = {}
        if obj.code:
            forms["slip"] = reverse("api:services_application_slip", args=[obj.pk])
        if obj.supplement_requests.exists():
            forms["supplement_request"] = reverse(
                "api:services_application_supplement_request", args=[obj.pk]
            )
        if obj.status == "refused":
            forms["refusal"] = reverse("api:services_application_refusal", args=[obj.pk])
        return forms


class WarehouseItemOut(Schema):
    id: int
    doc_type: str
    title: str
    source: str
    valid_until: datetime.date | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_doc_type(obj) -> str:
        return obj.doc_type.code


class UseOut(Schema):
    item_id: int
    item_title: str
    dossier_code: str
    used_by: str
    used_at: datetime.datetime

    @staticmethod
    def resolve_item_title(obj) -> str:
        return obj.item.title

    @staticmethod
    def resolve_dossier_code(obj) -> str:
        return obj.dossier.code

    @staticmethod
    def resolve_used_by(obj) -> str:
        return str(obj.used_by)


class VerifyOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    status: str
    due_date: datetime.date | None


def _applicant(request):
    if not core.has_perm(request.user, "services.apply"):
        raise PermissionDenied(_("Only citizens and businesses apply here."))
    return request.user


def _own(request, dossier_id: int) -> ServiceDossier:
    return portal.own_dossier(_applicant(request), dossier_id)


ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post("/applications", response={201: DossierOut, **ERRORS})
def start_application(request, payload: StartIn):
    user = _applicant(request)
    procedure = Procedure.objects.filter(code=payload.procedure_code).first()
    if procedure is None:
        raise ValidationError({"procedure_code": _("No procedure has this code.")})
    agency = None
    if payload.agency_id is not None:
        agency = procedure.agencies.filter(pk=payload.agency_id).first()
        if agency is None:
            raise ValidationError({"agency_id": _("This agency does not receive this procedure.")})
    return Status(201, portal.start_application(user, procedure, agency))


@router.get("/applications", response=list[DossierOut])
def list_applications(request, status: str = "", limit: int = 50, offset: int = 0):
    qs = portal.own_dossiers(_applicant(request)).order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    return list(qs[offset : offset + min(max(limit, 1), 200)])


@router.get("/applications/{dossier_id}", response={200: DossierDetailOut, **ERRORS})
def application_detail(request, dossier_id: int):
    return _own(request, dossier_id)


@router.put("/applications/{dossier_id}/form", response={200: DossierOut, **ERRORS})
def save_form(request, dossier_id: int, payload: FormIn):
    return portal.save_form(request.user, _own(request, dossier_id), payload.data)


@router.post("/applications/{dossier_id}/attachments", response={201: AttachmentOut, **ERRORS})
def attach(
    request,
    dossier_id: int,
    required_document_id: Form[int | None] = None,
    warehouse_item_id: Form[int | None] = None,
    name: Form[str] = "",
    file: File[UploadedFile] = None,
):
    dossier = _own(request, dossier_id)
    required = None
    if required_document_id is not None:
        required = dossier.procedure.required_documents.filter(pk=required_document_id).first()
        if required is None:
            raise ValidationError({"required_document_id": _("This paper is not asked for.")})
    item = None
    if warehouse_item_id is not None:
        item = WarehouseItem.objects.filter(pk=warehouse_item_id).first()
        if item is None:
            raise ValidationError({"warehouse_item_id": _("No such document.")})
    return Status(201, portal.attach(request.user, dossier, required, file, item, name))


@router.post("/applications/{dossier_id}/submit", response={200: DossierOut, **ERRORS})
def submit(request, dossier_id: int, idempotency_key: Form[str] = ""):
    """Send the `Idempotency-Key` header (or the form field): a repeated request returns the same
    dossier with the same code."""
    key = request.headers.get("Idempotency-Key") or idempotency_key
    return portal.submit(request.user, _own(request, dossier_id), key)


@router.post("/applications/{dossier_id}/withdraw", response={200: DossierOut, **ERRORS})
def withdraw(request, dossier_id: int, reason: Form[str] = ""):
    return portal.withdraw(request.user, _own(request, dossier_id), reason)


@router.post("/applications/{dossier_id}/supplement", response={200: DossierOut, **ERRORS})
def answer_supplement(
    request, dossier_id: int, note: Form[str] = "", files: File[list[UploadedFile]] = None
):
    dossier = _own(request, dossier_id)
    uploads = [portal.NewAttachment(None, upload=f) for f in files or []]
    return portal.answer_supplement(request.user, dossier, note, uploads)


@router.post("/applications/{dossier_id}/rating", response={201: dict, **ERRORS})
def rate(request, dossier_id: int, payload: RateIn):
    rating = portal.rate(request.user, _own(request, dossier_id), payload.score, payload.comment)
    return Status(201, {"score": rating.score, "comment": rating.comment})


PDF = {200: None, 403: ErrorOut, 404: ErrorOut}


@router.get(
    "/applications/{dossier_id}/slip.pdf", response=PDF, url_name="services_application_slip"
)
def slip(request, dossier_id: int):
    """The submission receipt, then the receipt-and-appointment slip (mẫu 01) once received."""
    dossier = _own(request, dossier_id)
    if not dossier.code:
        raise Http404
    return pdf_response(slip_pdf(dossier), slip_filename(dossier))


@router.get(
    "/applications/{dossier_id}/supplement-request.pdf",
    response=PDF,
    url_name="services_application_supplement_request",
)
def supplement_request_form(request, dossier_id: int):
    """The supplement request (mẫu 02) listing every missing item; 404 when none was made."""
    dossier = _own(request, dossier_id)
    content = issued_supplement_request(dossier)
    if content is None:
        raise Http404
    return pdf_response(content, f"phieu-yeu-cau-bo-sung-{dossier.code}.pdf")


@router.get(
    "/applications/{dossier_id}/refusal.pdf",
    response=PDF,
    url_name="services_application_refusal",
)
def refusal_form(request, dossier_id: int):
    """The refusal notice with its reason (mẫu 03); 404 unless the dossier was refused."""
    dossier = _own(request, dossier_id)
    content = issued_refusal(dossier)
    if content is None:
        raise Http404
    return pdf_response(content, f"phieu-tu-choi-{dossier.code}.pdf")


@router.get("/warehouse", response=list[WarehouseItemOut])
def warehouse(request):
    return list(portal.my_documents(_applicant(request)).order_by("-created_at")[:500])


@router.post("/warehouse", response={201: WarehouseItemOut, **ERRORS})
def warehouse_upload(
    request,
    doc_type: Form[str],
    title: Form[str],
    file: File[UploadedFile],
    valid_until: Form[datetime.date | None] = None,
):
    user = _applicant(request)
    kind = WarehouseDocumentType.objects.filter(code=doc_type).first()
    if kind is None:
        raise ValidationError({"doc_type": _("No document type has this code.")})
    return Status(201, portal.upload_document(user, kind, title, file, valid_until))


@router.get("/warehouse/uses", response=list[UseOut])
def warehouse_uses(request):
    return list(portal.usage_log(_applicant(request))[:500])


@router.get("/verify/{code}", response={200: VerifyOut, 404: ErrorOut}, auth=None)
def verify(request, code: str):
    """Public: what the QR code of a slip shows; no personal data."""
    dossier = (
        ServiceDossier.objects.exclude(code="")
        .filter(code=code)
        .select_related("procedure")
        .first()
    )
    if dossier is None:
        raise Http404
    return VerifyOut(
        code=dossier.code,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        status=dossier.status,
        due_date=dossier.due_date,
    )
