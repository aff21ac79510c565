"""JSON API of the e-office under /api/v1/eoffice/: registering, searching and reading incoming
documents (their handling: api_handling.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency

from . import selectors, selectors_api, services
from .choices import ArrivalChannel, Secrecy, Urgency
from .models import IncomingDocument

router = Router(tags=["e-office"])
User = get_user_model()


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class IncomingOut(Schema):
    id: int
    agency_id: int
    arrival_number: int
    arrival_year: int
    arrival_date: datetime.date
    channel: str
    issuer_name: str
    notation_raw: str
    notation_form: str
    code_number: int | None
    code_notation: str
    notation_warnings: list[str]
    issued_date: datetime.date
    doc_type: str
    subject: str
    signer: str
    urgency: int
    secrecy: int
    pages: int | None
    due_date: datetime.date | None
    status: str
    has_file: bool
    url: str

    @staticmethod
    def resolve_doc_type(obj) -> str:
        return obj.doc_type.name

    @staticmethod
    def resolve_has_file(obj) -> bool:
        return obj.file_id is not None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class AssignmentOut(Schema):
    id: int
    kind: str
    assignee_id: int | None
    assignee: str | None
    department_id: int | None
    department: str | None
    deadline: datetime.date | None
    direction: str
    status: str
    parent_id: int | None

    @staticmethod
    def resolve_assignee(obj) -> str | None:
        return str(obj.assignee) if obj.assignee_id else None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.name if obj.department_id else None


class TraceOut(Schema):
    at: datetime.datetime
    actor: str | None
    action: str
    note: str

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class IncomingDetailOut(Schema):
    document: IncomingOut
    assignments: list[AssignmentOut]
    trace: list[TraceOut]


class IncomingPage(Schema):
    items: list[IncomingOut]
    next_offset: int | None


class IncomingFilters(Schema):
    q: str | None = None
    status: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    urgency: int | None = None
    arrival_from: datetime.date | None = None
    arrival_to: datetime.date | None = None
    handler_id: int | None = None
    sort: str = "-arrival"
    limit: int = 50
    offset: int = 0


SORTS = {
    "-arrival": ("-arrival_year", "-arrival_number"),
    "arrival": ("arrival_year", "arrival_number"),
    "-urgency": ("-urgency", "-arrival_year", "-arrival_number"),
    "due": ("due_date", "-arrival_number"),
}


def _agency_for(user, agency_id: int | None) -> Agency:
    if agency_id is None and user.agency_id is None:
        raise Http404(_("Give agency_id: your account has no agency."))
    agency_id = user.agency_id if agency_id is None else agency_id
    # The agency of one of the user's roles was read with the roles in this request.
    loaded = next((a.agency for a in core.roles_of(user) if a.agency_id == agency_id), None)
    return loaded or get_object_or_404(Agency, pk=agency_id)


def visible_document(request, document_id: int) -> IncomingDocument:
    document = get_object_or_404(IncomingDocument, pk=document_id)
    if not selectors.can_view(request.user, document):
        raise Http404  # a document the caller may not see does not exist for them
    return document


@router.post(
    "/incoming",
    response={201: IncomingOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Register an incoming document",
)
def register(
    request,
    notation: Form[str],
    issuer: Form[str],
    issued_date: Form[datetime.date],
    doc_type: Form[str],
    subject: Form[str],
    file: File[UploadedFile] = None,
    channel: Form[str] = ArrivalChannel.PAPER,
    arrival_date: Form[datetime.date | None] = None,
    signer: Form[str] = "",
    urgency: Form[int] = Urgency.NORMAL,
    secrecy: Form[int] = Secrecy.NORMAL,
    pages: Form[int | None] = None,
    due_date: Form[datetime.date | None] = None,
    dossier: Form[str] = "",
    agency_id: Form[int | None] = None,
    confirm_duplicate: Form[bool] = False,
):
    data = services.IncomingData(
        issuer_name=issuer,
        notation=notation,
        issued_date=issued_date,
        doc_type=doc_type,
        subject=subject,
        channel=channel,
        arrival_date=arrival_date,
        signer=signer,
        urgency=urgency,
        secrecy=secrecy,
        pages=pages,
        due_date=due_date,
        dossier=dossier,
    )
    document = services.register_incoming(
        request.user,
        _agency_for(request.user, agency_id),
        data,
        upload=file,
        file_name=file.name if file else "",
        confirm_duplicate=confirm_duplicate,
    )
    return selectors_api.render(selectors_api.document_dict(document), status=201)


@router.get("/incoming", response=IncomingPage, summary="Search and filter incoming documents")
def list_incoming(request, filters: Query[IncomingFilters]):
    # The most called endpoint: rows are read with values() and serialised straight to JSON in
    # the shape of IncomingPage (selectors_api), not built as model instances and re-validated.
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    order = SORTS.get(filters.sort, SORTS["-arrival"])
    agencies, routed = selectors.visibility(request.user)
    unfiltered = not any(
        getattr(filters, name) not in (None, "")
        for name in ("q", "status", "doc_type", "issuer", "urgency", "arrival_from")
        + ("arrival_to", "handler_id")
    )
    if unfiltered:
        window = selectors_api.visible_page(agencies, routed, order, offset, offset + limit + 1)
        return _page(window, offset, limit)
    condition = Q()
    if agencies is not None:
        condition = Q(agency_id__in=agencies) if agencies else Q(pk__in=[])
        if routed:
            condition |= Q(pk__in=routed)
    qs = IncomingDocument.objects.filter(condition).order_by()
    ranked: list[int] | None = None
    if filters.q:
        # Ask for a few pages more than shown: some matches may be invisible to this user.
        wanted = min(1000, max(100, 4 * (filters.offset + limit + 1)))
        ranked = [int(i) for i in core.search(services.SEARCH_TYPE, filters.q, limit=wanted)]
        qs = qs.filter(pk__in=ranked)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.doc_type:
        qs = qs.filter(doc_type=services.resolve_doc_type(filters.doc_type))
    if filters.issuer:
        qs = qs.filter(issuer_name__icontains=filters.issuer)
    if filters.urgency is not None:
        qs = qs.filter(urgency=filters.urgency)
    if filters.arrival_from:
        qs = qs.filter(arrival_date__gte=filters.arrival_from)
    if filters.arrival_to:
        qs = qs.filter(arrival_date__lte=filters.arrival_to)
    if filters.handler_id:
        qs = qs.filter(assignments__assignee_id=filters.handler_id).distinct()
    if ranked is not None and not request.GET.get("sort"):
        # Best match first: keep the search ranking and page through it in Python.
        by_id = {d["id"]: d for d in selectors_api.document_rows(qs)}
        ordered = [by_id[i] for i in ranked if i in by_id]
        window = ordered[offset : offset + limit + 1]
    else:
        # One row more than asked tells whether there is a next page, without counting.
        window = selectors_api.document_rows(qs.order_by(*order)[offset : offset + limit + 1])
    return _page(window, offset, limit)


def _page(window: list[dict], offset: int, limit: int):
    has_next = len(window) > limit
    return selectors_api.render(
        {"items": window[:limit], "next_offset": offset + limit if has_next else None}
    )


@router.get(
    "/incoming/{document_id}",
    response={200: IncomingDetailOut, 404: ErrorOut},
    summary="One incoming document with its assignments and timeline",
)
def get_incoming(request, document_id: int):
    found = selectors_api.document_row(document_id)
    if found is None:
        raise Http404
    document, agency_id, presented_to_id = found
    if not selectors.can_view_row(request.user, document_id, agency_id, presented_to_id):
        raise Http404  # a document the caller may not see does not exist for them
    return selectors_api.render(
        {
            "document": document,
            "assignments": selectors_api.assignment_rows(document_id),
            "trace": selectors_api.trace_rows(document_id),
        }
    )


@router.get("/incoming/{document_id}/file", summary="Download the document's file")
def download(request, document_id: int):
    document = visible_document(request, document_id)
    if not document.file_id or not selectors.can_view_content(request.user, document):
        raise Http404
    handle = core.open_file(document.file)
    response = HttpResponse(handle.read(), content_type=document.file.mime_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file.original_name}"'
    return response
