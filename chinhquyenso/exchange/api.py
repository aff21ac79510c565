"""The exchange API under /api/v1/exchange: search the message log, sent and received documents,
answer a recall, verify the log, manage partners. (Partners POST edXML to /exchange/inbound/.)"""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from chinhquyenso.core import services as core

from . import selectors, services
from .models import Partner
from .services.log import GENESIS_HASH, check_entry

router = Router(tags=["document exchange"])
PAGE = 100


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class LogEntryOut(Schema):
    id: int
    created_at: datetime.datetime
    direction: str
    kind: str
    partner: str
    document_id: str
    status_code: str
    from_organ_id: str
    to_organ_ids: list[str]
    outcome: str
    reason: str
    sha256: str
    size: int
    entry_hash: str
    prev_hash: str

    @staticmethod
    def resolve_partner(obj) -> str:
        return obj.partner_name

    @staticmethod
    def resolve_to_organ_ids(obj) -> list[str]:
        return [o for o in obj.to_organ_ids.split(",") if o]


class LogEntryDetailOut(LogEntryOut):
    verified: bool
    problem: str
    payload_kept: bool


class StatusOut(Schema):
    code: str
    description: str
    received_at: datetime.datetime


class DeliveryOut(Schema):
    recipient_organ_id: str
    recipient_name: str
    partner: str
    state: str
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_error: str
    remote_status: str
    statuses: list[StatusOut]

    @staticmethod
    def resolve_partner(obj) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_statuses(obj) -> list:
        return list(obj.statuses.all())


class SentOut(Schema):
    id: int
    kind: str
    document_id: str
    code: str
    subject: str
    status_code: str
    created_at: datetime.datetime
    deliveries: list[DeliveryOut]

    @staticmethod
    def resolve_deliveries(obj) -> list:
        return list(obj.deliveries.all())


class ReceivedOut(Schema):
    id: int
    document_id: str
    sender_organ_id: str
    sender_name: str
    agency: str
    code: str
    subject: str
    state: str
    signature_verified: bool
    last_status_sent: str
    incoming_document_id: int | None
    received_at: datetime.datetime

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.electronic_id or obj.agency.name


class RecallIn(Schema):
    accept: bool
    reason: str = ""


class VerifyOut(Schema):
    intact: bool
    entry_id: int | None = None
    reason: str = ""


class PartnerOut(Schema):
    id: int
    name: str
    connector: str
    endpoint_url: str
    system_id: str
    is_active: bool
    organisations: list[str]

    @staticmethod
    def resolve_organisations(obj) -> list[str]:
        return [o.organ_id for o in obj.organisations.all()]


class PartnerIn(Schema):
    name: str
    system_id: str
    connector: str = "platform"
    endpoint_url: str = ""
    certificate_pem: str = ""
    outbound_system_id: str = ""
    outbound_secret_value: str = ""
    client_cert_fingerprint: str = ""


class PartnerCreatedOut(PartnerOut):
    secret: str


class OrganisationIn(Schema):
    organ_id: str
    name: str


def _viewer(request) -> None:
    if not core.has_perm(request.auth, selectors.VIEW):
        raise PermissionDenied


@router.get("/log", response={200: list[LogEntryOut], 403: ErrorOut},
            summary="Search the message log by document, partner, status and date")  # fmt: skip
def log_search(
    request,
    document: str = "",
    partner: str = "",
    status: str = "",
    outcome: str = "",
    direction: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    before_id: int | None = None,
):
    """Newest first, 100 per call; pass the last id as `before_id` for the next page."""
    _viewer(request)
    qs = selectors.search_log(
        selectors.visible_log(request.auth),
        document=document, partner=partner, status=status, outcome=outcome,
        direction=direction, date_from=date_from, date_to=date_to,
    )  # fmt: skip
    if before_id:
        qs = qs.filter(pk__lt=before_id)
    return list(qs.order_by("-id")[:PAGE])


@router.get("/log/{entry_id}", response={200: LogEntryDetailOut, 403: ErrorOut, 404: ErrorOut},
            summary="One log entry with its verification")  # fmt: skip
def log_entry(request, entry_id: int):
    _viewer(request)
    entry = get_object_or_404(
        selectors.visible_log(request.auth).select_related("certificate"), pk=entry_id
    )
    previous = type(entry).objects.filter(pk__lt=entry.pk).order_by("-pk").first()
    problem = check_entry(entry, previous.entry_hash if previous else GENESIS_HASH)
    entry.verified = not problem
    entry.problem = problem
    entry.payload_kept = entry.payload is not None
    return entry


@router.get("/sent", response={200: list[SentOut], 403: ErrorOut},
            summary="Messages sent, with each recipient's delivery state and statuses")  # fmt: skip
def sent(request, document: str = "", before_id: int | None = None):
    _viewer(request)
    qs = selectors.visible_outgoing(request.auth).prefetch_related(
        "deliveries__partner", "deliveries__statuses"
    )
    if document:
        qs = qs.filter(document_id__icontains=document)
    if before_id:
        qs = qs.filter(pk__lt=before_id)
    return list(qs.order_by("-id")[:PAGE])


@router.get("/received", response={200: list[ReceivedOut], 403: ErrorOut},
            summary="Documents received from partners")  # fmt: skip
def received(request, document: str = "", state: str = "", before_id: int | None = None):
    _viewer(request)
    qs = selectors.visible_inbound(request.auth)
    if document:
        qs = qs.filter(document_id__icontains=document)
    if state:
        qs = qs.filter(state=state)
    if before_id:
        qs = qs.filter(pk__lt=before_id)
    return list(qs.order_by("-id")[:PAGE])


@router.post("/received/{inbound_id}/recall",
             response={200: ReceivedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Accept (15) or refuse (16) the sender's recall")  # fmt: skip
def recall(request, inbound_id: int, data: RecallIn):
    inbound = get_object_or_404(selectors.visible_inbound(request.auth), pk=inbound_id)
    if data.accept:
        services.accept_recall(request.auth, inbound)
    else:
        services.refuse_recall(request.auth, inbound, data.reason)
    inbound.refresh_from_db()
    return inbound


@router.get("/verify", response={200: VerifyOut, 403: ErrorOut},
            summary="Verify the whole message log (chain and instance signatures)")  # fmt: skip
def verify(request):
    core.require(request.auth, "exchange.manage_partners")
    problem = services.verify_chain()
    if problem is None:
        return {"intact": True}
    return {"intact": False, "entry_id": problem.entry_id, "reason": problem.reason}


@router.get("/partners", response={200: list[PartnerOut], 403: ErrorOut},
            summary="Exchange partners and the agencies they reach")  # fmt: skip
def partners(request):
    core.require(request.auth, "exchange.manage_partners")
    return list(Partner.objects.prefetch_related("organisations").order_by("name"))


@router.post("/partners", response={201: PartnerCreatedOut, 403: ErrorOut, 422: ErrorOut},
             summary="Add a partner; the answer carries its secret, shown once")  # fmt: skip
def partner_create(request, data: PartnerIn):
    partner, secret = services.create_partner(request.auth, **data.dict())
    partner.secret = secret
    return Status(201, partner)


@router.post("/partners/{partner_id}/organisations",
             response={201: PartnerOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Add an agency (13-character id) reached through this partner")  # fmt: skip
def organisation_add(request, partner_id: int, data: OrganisationIn):
    core.require(request.auth, "exchange.manage_partners")
    partner = get_object_or_404(Partner, pk=partner_id)
    services.add_organisation(request.auth, partner, data.organ_id, data.name)
    return Status(201, partner)
