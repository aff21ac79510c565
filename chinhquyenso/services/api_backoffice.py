"""JSON API of the one-stop-shop back office under /api/v1/services/backoffice: queues, reception,
supplement, refusal, steps, approval, signed result, return, apology letters and the printed forms
of reception (mẫu 01–03 of Thông tư 01/2018)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chinhquyenso.core.models import Agency

from . import services
from .choices import DossierStatus
from .models import DossierStep, Procedure, RequiredDocument, ServiceDossier
from .reception_pdf import issued_refusal, issued_supplement_request, pdf_response
from .services.backoffice_common import today
from .slips import slip_filename, slip_pdf

router = Router(tags=["services back office"])
User = get_user_model()
S = DossierStatus
QUEUE_STATUSES = {
    "new": (S.SUBMITTED,),
    "supplement": (S.SUPPLEMENT,),
    "processing": (S.PROCESSING, S.AWAITING_APPROVAL),
    "result": (S.RESULT_READY,),
    "closed": (S.RETURNED, S.REFUSED),
}
MAX_LIMIT = 200


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class StepOut(Schema):
    id: int
    order: int
    name: str
    role: str
    agency_id: int
    assignee_id: int | None
    status: str
    due_date: datetime.date | None
    started_at: datetime.datetime | None
    completed_at: datetime.datetime | None

    @staticmethod
    def resolve_order(obj) -> int:
        return obj.step.order

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.step.name

    @staticmethod
    def resolve_role(obj) -> str:
        return obj.step.role


class EventOut(Schema):
    at: datetime.datetime
    action: str
    from_unit: str
    to_unit: str
    note: str


class DossierOut(Schema):
    id: int
    code: str
    procedure_code: str
    agency_id: int
    applicant_name: str
    channel: str
    status: str
    submitted_at: datetime.datetime | None
    received_at: datetime.datetime | None
    due_date: datetime.date | None
    completed_at: datetime.datetime | None
    digitised: bool
    result_signed: bool
    overdue: bool

    @staticmethod
    def resolve_procedure_code(obj) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(
            obj.due_date
            and obj.status in (S.PROCESSING, S.AWAITING_APPROVAL)
            and obj.due_date < today()
        )


class DossierDetailOut(DossierOut):
    refusal_reason: str
    steps: list[StepOut]
    events: list[EventOut]
    printed_forms: dict[str, str]

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.select_related("step").order_by("step__order"))

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_printed_forms(obj) -> dict[str, str]:
        """Where to download the forms of Thông tư 01/2018 issued for this dossier."""
        forms = {"receipt": reverse("api:services_backoffice_receipt", args=[obj.pk])}
        if obj.supplement_requests.exists():
            forms["supplement_request"] = reverse(
                "api:services_backoffice_supplement_request", args=[obj.pk]
            )
        if obj.status == S.REFUSED:
            forms["refusal"] = reverse("api:services_backoffice_refusal", args=[obj.pk])
        return forms


class ItemsIn(Schema):
    items: list[str]


class ReasonIn(Schema):
    reason: str = ""


class NoteIn(Schema):
    note: str = ""


class AssigneeIn(Schema):
    assignee_id: int


class CompleteIn(Schema):
    note: str = ""
    next_assignee_id: int | None = None


class PassphraseIn(Schema):
    passphrase: str = ""


class ReturnIn(Schema):
    at_counter: bool = False


class ApologyIn(Schema):
    reason: str = ""
    new_date: datetime.date


def _dossier(request, pk: int) -> ServiceDossier:
    dossier = (
        services.handled_dossiers(request.auth)
        .select_related("procedure", "agency", "applicant")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def _step(request, pk: int) -> DossierStep:
    step = DossierStep.objects.select_related("step", "agency", "dossier").filter(pk=pk).first()
    if step is None:
        raise Http404
    _dossier(request, step.dossier_id)
    return step


def _user(pk: int | None, field: str):
    user = User.objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None:
        raise ValidationError({field: [_("Choose a person from the list.")]})
    return user


@router.get("/backoffice", response=list[DossierOut])
def queue(request, queue: str = "new", limit: int = 50, offset: int = 0):
    """The dossiers the caller handles, by queue (new, supplement, processing, result, closed,
    overdue), oldest appointment first."""
    qs = services.handled_dossiers(request.auth).select_related("procedure")
    if queue == "overdue":
        qs = qs.filter(
            status__in=QUEUE_STATUSES["processing"],
            due_date__lt=today(),
        )
    elif queue in QUEUE_STATUSES:
        qs = qs.filter(status__in=QUEUE_STATUSES[queue])
    limit = max(1, min(limit, MAX_LIMIT))
    return list(qs.order_by("due_date", "submitted_at", "pk")[max(offset, 0) : offset + limit])


@router.get("/backoffice/{int:pk}", response=DossierDetailOut)
def dossier_detail(request, pk: int):
    return _dossier(request, pk)


@router.post("/backoffice/walk-in", response={201: DossierDetailOut, 422: ErrorOut})
def walk_in(
    request,
    agency_id: Form[int],
    procedure_id: Form[int],
    full_name: Form[str],
    citizen_id: Form[str],
    phone: Form[str] = "",
    email: Form[str] = "",
    address: Form[str] = "",
    required_document_ids: Form[str] = "",
    scans: File[list[UploadedFile]] = None,
):
    """Reception at the counter; `required_document_ids` (comma-separated, one per scan, empty
    for an extra paper) says which listed paper each scan is."""
    agency = Agency.objects.filter(pk=agency_id).first()
    procedure = Procedure.objects.filter(pk=procedure_id).first()
    if agency is None or procedure is None:
        raise ValidationError(_("Unknown agency or procedure."))
    ids = [part.strip() for part in required_document_ids.split(",")] if scans else []
    documents = {d.pk: d for d in RequiredDocument.objects.filter(procedure=procedure)}
    scan_list = []
    for index, upload in enumerate(scans or []):
        raw = ids[index] if index < len(ids) else ""
        document = documents.get(int(raw)) if raw.isdigit() else None
        if raw and document is None:
            raise ValidationError({"required_document_ids": [_("Unknown paper of the procedure.")]})
        scan_list.append(services.Scan(upload, "", document))
    data = services.WalkIn(
        applicant=services.ApplicantData(full_name, citizen_id, phone, email, address),
        scans=scan_list,
    )
    dossier = services.receive_walk_in(request.auth, agency, procedure, data)
    return Status(201, dossier)


@router.post("/backoffice/{int:pk}/accept", response={200: DossierDetailOut, 422: ErrorOut})
def accept(request, pk: int):
    return services.check_and_accept(request.auth, _dossier(request, pk))


@router.post("/backoffice/{int:pk}/supplement", response={200: DossierDetailOut, 422: ErrorOut})
def supplement(request, pk: int, body: ItemsIn):
    dossier = _dossier(request, pk)
    services.request_supplement(request.auth, dossier, body.items)
    return _dossier(request, pk)


@router.post("/backoffice/{int:pk}/refuse", response={200: DossierDetailOut, 422: ErrorOut})
def refuse(request, pk: int, body: ReasonIn):
    return services.refuse(request.auth, _dossier(request, pk), body.reason)


@router.post("/backoffice/steps/{int:pk}/hand-over", response={200: StepOut, 422: ErrorOut})
def hand_over(request, pk: int, body: AssigneeIn):
    step = _step(request, pk)
    return services.hand_over(request.auth, step, _user(body.assignee_id, "assignee_id"))


@router.post("/backoffice/steps/{int:pk}/start", response={200: StepOut, 422: ErrorOut})
def start(request, pk: int):
    return services.start_step(request.auth, _step(request, pk))


@router.post("/backoffice/steps/{int:pk}/complete", response={200: StepOut, 422: ErrorOut})
def complete(request, pk: int, body: CompleteIn):
    step = _step(request, pk)
    following = _user(body.next_assignee_id, "next_assignee_id") if body.next_assignee_id else None
    return services.complete_step(request.auth, step, body.note, following)


@router.post("/backoffice/{int:pk}/approve", response={200: DossierDetailOut, 422: ErrorOut})
def approve(request, pk: int, body: NoteIn):
    return services.approve(request.auth, _dossier(request, pk), body.note)


@router.post("/backoffice/{int:pk}/result", response={200: DossierDetailOut, 422: ErrorOut})
def upload_result(request, pk: int, file: File[UploadedFile]):
    dossier = _dossier(request, pk)
    services.upload_result(request.auth, dossier, file)
    return _dossier(request, pk)


@router.post("/backoffice/{int:pk}/sign", response={200: DossierDetailOut, 422: ErrorOut})
def sign(request, pk: int, body: PassphraseIn):
    """The agency signs the uploaded result with its key; the password is never stored."""
    return services.sign_result(request.auth, _dossier(request, pk), body.passphrase)


@router.post("/backoffice/{int:pk}/return", response={200: DossierDetailOut, 422: ErrorOut})
def return_result(request, pk: int, body: ReturnIn):
    return services.return_result(request.auth, _dossier(request, pk), body.at_counter)


@router.post("/backoffice/{int:pk}/apology", response={201: DossierDetailOut, 422: ErrorOut})
def apology(request, pk: int, body: ApologyIn):
    dossier = _dossier(request, pk)
    services.issue_apology(request.auth, dossier, body.reason, body.new_date)
    return Status(201, _dossier(request, pk))


PDF = {200: None, 404: ErrorOut}


@router.get(
    "/backoffice/{int:pk}/receipt.pdf", response=PDF, url_name="services_backoffice_receipt"
)
def receipt(request, pk: int):
    """The receipt-and-appointment slip (mẫu 01) once accepted; before, the submission receipt."""
    dossier = _dossier(request, pk)
    return pdf_response(slip_pdf(dossier), slip_filename(dossier))


@router.get(
    "/backoffice/{int:pk}/supplement-request.pdf",
    response=PDF,
    url_name="services_backoffice_supplement_request",
)
def supplement_request_form(request, pk: int):
    """The supplement request as issued (mẫu 02); 404 when none was requested."""
    dossier = _dossier(request, pk)
    content = issued_supplement_request(dossier)
    if content is None:
        raise Http404
    return pdf_response(content, f"phieu-yeu-cau-bo-sung-{dossier.code}.pdf")


@router.get(
    "/backoffice/{int:pk}/refusal.pdf", response=PDF, url_name="services_backoffice_refusal"
)
def refusal_form(request, pk: int):
    """The refusal notice as issued (mẫu 03); 404 unless the dossier was refused."""
    dossier = _dossier(request, pk)
    content = issued_refusal(dossier)
    if content is None:
        raise Http404
    return pdf_response(content, f"phieu-tu-choi-{dossier.code}.pdf")
