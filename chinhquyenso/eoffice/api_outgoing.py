"""JSON API of outgoing documents under /api/v1/eoffice/: drafts, review, approval, issue, recall,
correction, and the electronic arrivals an agency receives."""

import datetime

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency, Department

from . import selectors_outgoing as selectors
from . import services
from .api import ErrorOut
from .choices import Secrecy, Urgency
from .models import ElectronicArrival, OutgoingDocument

router = Router(tags=["e-office: outgoing"])
User = get_user_model()
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OutgoingOut(Schema):
    id: int
    agency_id: int
    department_id: int | None
    doc_type: str
    subject: str
    is_legal_normative: bool
    proposed_urgency: int
    urgency: int
    secrecy: int
    status: str
    drafter_id: int
    reviewer_id: int | None
    signer_id: int | None
    signing_authority: str
    signer_position: str
    number: int | None
    number_year: int | None
    notation: str
    number_text: str
    issued_date: datetime.date | None
    recipients_text: str
    filing_line: str
    copies_count: int
    corrects_id: int | None
    recalled_at: datetime.datetime | None
    recall_reason: str
    has_final_file: bool

    @staticmethod
    def resolve_doc_type(obj) -> str:
        return obj.doc_type.name

    @staticmethod
    def resolve_has_final_file(obj) -> bool:
        return obj.final_file_id is not None


class VersionOut(Schema):
    id: int
    version: int
    note: str
    created_by_id: int
    created_at: datetime.datetime
    source_name: str
    source_sha256: str
    pdf_sha256: str | None

    @staticmethod
    def resolve_source_name(obj) -> str:
        return obj.source_file.original_name

    @staticmethod
    def resolve_source_sha256(obj) -> str:
        return obj.source_file.sha256

    @staticmethod
    def resolve_pdf_sha256(obj) -> str | None:
        return obj.pdf_file.sha256 if obj.pdf_file_id else None


class CommentOut(Schema):
    id: int
    author: str
    text: str
    version_id: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return str(obj.author)


class ApprovalOut(Schema):
    stage: str
    actor: str
    decision: str
    note: str
    version: int
    decided_at: datetime.datetime

    @staticmethod
    def resolve_actor(obj) -> str:
        return str(obj.actor)

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.version.version


class TraceOut(Schema):
    at: datetime.datetime
    actor: str | None
    action: str
    note: str

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class RecipientOut(Schema):
    name: str
    status: str
    label: str
    agency_id: int | None
    arrival_id: int | None
    note: str


class OutgoingDetailOut(Schema):
    document: OutgoingOut
    versions: list[VersionOut]
    comments: list[CommentOut]
    approvals: list[ApprovalOut]
    trace: list[TraceOut]
    recipients: list[RecipientOut]


class OutgoingPage(Schema):
    items: list[OutgoingOut]
    next_offset: int | None


class ArrivalOut(Schema):
    id: int
    agency_id: int
    sender_name: str
    number_text: str
    issued_date: datetime.date
    doc_type: str
    subject: str
    signer: str
    urgency: int
    state: str
    note: str
    incoming_id: int | None
    arrived_at: datetime.datetime

    @staticmethod
    def resolve_doc_type(obj) -> str:
        return obj.doc_type.name


class CommentIn(Schema):
    text: str
    version_id: int | None = None


class SubmitIn(Schema):
    to: str = "review"  # "review" or "approval"
    note: str = ""


class DecisionIn(Schema):
    decision: str  # "approve" or "return"
    note: str = ""
    signer_id: int | None = None
    urgency: int | None = None


class IssueIn(Schema):
    passphrase: str
    issued_date: datetime.date | None = None


class ReasonIn(Schema):
    reason: str


class CorrectIn(Schema):
    subject: str
    doc_type: str = "cong_van"
    signer_id: int | None = None


class RegisterIn(Schema):
    confirm_duplicate: bool = False


def _visible(request, document_id: int) -> OutgoingDocument:
    document = get_object_or_404(selectors.visible_outgoing(request.user), pk=document_id)
    return document


def _user(user_id: int | None):
    return get_object_or_404(User, pk=user_id) if user_id is not None else None


def _detail(document: OutgoingDocument) -> dict:
    return {
        "document": document,
        "versions": list(document.versions.select_related("source_file", "pdf_file")),
        "comments": list(document.comments.select_related("author")),
        "approvals": list(document.approvals.select_related("actor", "version")),
        "trace": list(document.trace.select_related("actor")),
        "recipients": [
            {**r.__dict__, "label": r.label} for r in selectors.recipient_statuses(document)
        ],
    }


@router.post("/outgoing", response={201: OutgoingOut, **ERRORS}, summary="Create a draft")
def create_draft(
    request,
    doc_type: Form[str],
    subject: Form[str],
    file: File[UploadedFile],
    agency_id: Form[int | None] = None,
    department_id: Form[int | None] = None,
    is_legal_normative: Form[bool] = False,
    proposed_urgency: Form[int] = Urgency.NORMAL,
    secrecy: Form[int] = Secrecy.NORMAL,
    reviewer_id: Form[int | None] = None,
    signer_id: Form[int | None] = None,
    signing_authority: Form[str] = "",
    signer_position: Form[str] = "",
    recipients_text: Form[str] = "",
    internal_recipient_ids: Form[list[int] | None] = None,
    external_recipients: Form[list[str] | None] = None,
    copies_count: Form[int] = 1,
    note: Form[str] = "",
):
    agency = (
        get_object_or_404(Agency, pk=agency_id) if agency_id is not None else request.user.agency
    )
    if agency is None:
        raise Http404
    document = services.create_draft(
        request.user,
        agency,
        doc_type=doc_type,
        subject=subject,
        department=get_object_or_404(Department, pk=department_id) if department_id else None,
        is_legal_normative=is_legal_normative,
        proposed_urgency=proposed_urgency,
        secrecy=secrecy,
        reviewer=_user(reviewer_id),
        signer=_user(signer_id),
        signing_authority=signing_authority,
        signer_position=signer_position,
        recipients_text=recipients_text,
        internal_recipients=list(Agency.objects.filter(pk__in=internal_recipient_ids or [])),
        external_recipients=external_recipients or [],
        copies_count=copies_count,
        upload=file,
        file_name=file.name,
        note=note,
    )
    return Status(201, document)


@router.get("/outgoing", response=OutgoingPage, summary="Drafts and issued documents I can see")
def list_outgoing(request, status: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    qs = selectors.visible_outgoing(request.user).order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    limit = max(1, min(limit, 200))
    window = list(qs[offset : offset + limit + 1])
    has_next = len(window) > limit
    return {"items": window[:limit], "next_offset": offset + limit if has_next else None}


@router.get(
    "/outgoing/{document_id}",
    response={200: OutgoingDetailOut, 404: ErrorOut},
    summary="A draft or issued document with versions, comments, approvals, trail, recipients",
)
def get_outgoing(request, document_id: int):
    return _detail(_visible(request, document_id))


@router.get("/outgoing/{document_id}/file", summary="Download the signed (final) file")
def download_final(request, document_id: int):
    document = _visible(request, document_id)
    if document.final_file_id is None:
        raise Http404
    handle = core.open_file(document.final_file)
    response = HttpResponse(handle.read(), content_type=document.final_file.mime_type)
    response["Content-Disposition"] = f'attachment; filename="{document.final_file.original_name}"'
    return response


@router.post(
    "/outgoing/{document_id}/versions",
    response={201: VersionOut, **ERRORS},
    summary="Add a version (DOCX or PDF)",
)
def add_version(request, document_id: int, file: File[UploadedFile], note: Form[str] = ""):
    document = _visible(request, document_id)
    version = services.add_version(
        request.user, document, upload=file, file_name=file.name, note=note
    )
    return Status(201, version)


@router.post(
    "/outgoing/{document_id}/comments", response={201: CommentOut, **ERRORS}, summary="Comment"
)
def add_comment(request, document_id: int, payload: CommentIn):
    document = _visible(request, document_id)
    version = get_object_or_404(document.versions, pk=payload.version_id) if (
        payload.version_id
    ) else None  # fmt: skip
    return Status(201, services.comment(request.user, document, payload.text, version))


@router.post(
    "/outgoing/{document_id}/submit",
    response={200: OutgoingOut, **ERRORS},
    summary="Submit for review (to the head of department) or for approval (to the signer)",
)
def submit(request, document_id: int, payload: SubmitIn):
    document = _visible(request, document_id)
    if payload.to == "approval":
        return services.submit_for_approval(request.user, document, payload.note)
    return services.submit_for_review(request.user, document, payload.note)


@router.post(
    "/outgoing/{document_id}/review", response={200: OutgoingDetailOut, **ERRORS}, summary="Review"
)
def review(request, document_id: int, payload: DecisionIn):
    document = _visible(request, document_id)
    services.review(
        request.user, document, payload.decision, payload.note, signer=_user(payload.signer_id)
    )
    return _detail(_visible(request, document_id))


@router.post(
    "/outgoing/{document_id}/approve",
    response={200: OutgoingDetailOut, **ERRORS},
    summary="Approve (deciding the urgency) or return",
)
def approve(request, document_id: int, payload: DecisionIn):
    document = _visible(request, document_id)
    services.approve(
        request.user, document, payload.decision, payload.note, urgency=payload.urgency
    )
    return _detail(_visible(request, document_id))


@router.post(
    "/outgoing/{document_id}/issue",
    response={200: OutgoingDetailOut, **ERRORS},
    summary="Number, sign as the agency, register and deliver",
)
def issue(request, document_id: int, payload: IssueIn):
    document = _visible(request, document_id)
    services.issue(
        request.user, document, passphrase=payload.passphrase, issued_date=payload.issued_date
    )
    return _detail(_visible(request, document_id))


@router.post(
    "/outgoing/{document_id}/recall", response={200: OutgoingDetailOut, **ERRORS}, summary="Recall"
)
def recall(request, document_id: int, payload: ReasonIn):
    services.recall(request.user, _visible(request, document_id), payload.reason)
    return _detail(_visible(request, document_id))


@router.post(
    "/outgoing/{document_id}/correct",
    response={201: OutgoingOut, **ERRORS},
    summary="Start a correction letter for an issued document",
)
def correct(request, document_id: int, payload: CorrectIn):
    document = services.correct(
        request.user,
        _visible(request, document_id),
        payload.subject,
        doc_type=payload.doc_type,
        signer=_user(payload.signer_id),
    )
    return Status(201, document)


@router.get("/arrivals", response=list[ArrivalOut], summary="Electronic arrivals at my agencies")
def list_arrivals(request, state: str | None = "arrived", limit: int = 100, offset: int = 0):
    qs = selectors.arrivals_for(request.user, state or None)
    limit = max(1, min(limit, 200))
    return list(qs[offset : offset + limit])


def _arrival(request, arrival_id: int) -> ElectronicArrival:
    return get_object_or_404(selectors.arrivals_for(request.user), pk=arrival_id)


@router.post(
    "/arrivals/{arrival_id}/register",
    response={201: ArrivalOut, **ERRORS},
    summary="Register an arrival as an incoming document",
)
def register_arrival(request, arrival_id: int, payload: RegisterIn):
    arrival = _arrival(request, arrival_id)
    services.register_arrival(request.user, arrival, confirm_duplicate=payload.confirm_duplicate)
    arrival.refresh_from_db()
    return Status(201, arrival)


@router.post(
    "/arrivals/{arrival_id}/refuse", response={200: ArrivalOut, **ERRORS}, summary="Refuse"
)
def refuse_arrival(request, arrival_id: int, payload: ReasonIn):
    return services.refuse_arrival(request.user, _arrival(request, arrival_id), payload.reason)
