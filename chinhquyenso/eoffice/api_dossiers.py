"""JSON API of file plans, work dossiers and the online-processing KPI under /api/v1/eoffice/."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency, Department

from . import dossier_selectors, kpi, services
from .dossier_export import export_dossier
from .models import DossierItem, FilePlanEntry, IncomingDocument, OutgoingDocument

router = Router(tags=["e-office dossiers"])
User = get_user_model()


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class EntryOut(Schema):
    id: int
    notation: str
    title: str
    retention_years: int | None
    department_id: int | None
    responsible_id: int | None
    construction: bool
    dossier_id: int | None = None


class PlanOut(Schema):
    id: int
    agency_id: int
    year: int
    approved: bool
    approved_by_id: int | None
    approved_at: datetime.datetime | None
    entries: list[EntryOut]

    @staticmethod
    def resolve_approved(obj) -> bool:
        return obj.approved_at is not None

    @staticmethod
    def resolve_entries(obj) -> list:
        entries = list(obj.entries.prefetch_related("dossiers"))
        for entry in entries:
            entry.dossier_id = next((d.pk for d in entry.dossiers.all()), None)
        return entries


class PlanIn(Schema):
    agency_id: int
    year: int


class EntryIn(Schema):
    notation: str
    title: str
    retention_years: int | None = None
    department_id: int | None = None
    responsible_id: int | None = None
    construction: bool = False


class ReopenIn(Schema):
    reason: str


class ItemOut(Schema):
    id: int
    incoming_id: int | None
    outgoing_id: int | None
    added_at: datetime.datetime


class DossierOut(Schema):
    id: int
    entry_id: int
    file_code: str
    title: str
    status: str
    opened_by_id: int
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    processed_online: bool | None
    handover_due: datetime.date | None
    handed_over_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_file_code(obj) -> str:
        return services.file_code(obj)

    @staticmethod
    def resolve_processed_online(obj) -> bool | None:
        return obj.processed_online if obj.closed_at else None  # decided at close

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class DossierDetailOut(Schema):
    dossier: DossierOut
    items: list[ItemOut]


class DossierIn(Schema):
    entry_id: int
    title: str = ""


class DocumentIn(Schema):
    incoming_id: int | None = None
    outgoing_id: int | None = None


class KpiRowOut(Schema):
    level: int
    level_label: str
    dossiers: int
    processed_online: int
    share: float | None
    target: int
    next_target: int | None
    met: bool


class KpiAgencyOut(KpiRowOut):
    agency_id: int
    agency: str


class KpiOut(Schema):
    year: int
    quarter: int | None
    milestone: int
    next_milestone: int | None
    levels: list[KpiRowOut]
    agencies: list[KpiAgencyOut] | None = None


class KpiQuery(Schema):
    year: int | None = None
    quarter: int | None = None
    by: str = ""


def _plan(request, plan_id: int):
    plan = dossier_selectors.visible_plans(request.user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def _entry(request, entry_id: int) -> FilePlanEntry:
    entry = get_object_or_404(FilePlanEntry.objects.select_related("plan__agency"), pk=entry_id)
    _plan(request, entry.plan_id)
    return entry


def _dossier(request, dossier_id: int):
    dossier = dossier_selectors.visible_dossiers(request.user).filter(pk=dossier_id).first()
    if dossier is None:
        raise Http404  # a dossier the caller may not see does not exist for them
    return dossier


def _entry_data(plan, payload: EntryIn) -> services.EntryData:
    department = responsible = None
    if payload.department_id is not None:
        department = get_object_or_404(Department, pk=payload.department_id)
    if payload.responsible_id is not None:
        responsible = get_object_or_404(User, pk=payload.responsible_id)
    return services.EntryData(
        payload.notation, payload.title, payload.retention_years, department, responsible,
        payload.construction,
    )  # fmt: skip


@router.get("/file-plans", response=list[PlanOut], summary="File plans the caller may see")
def list_plans(request, year: int | None = None):
    plans = dossier_selectors.visible_plans(request.user).order_by("-year", "agency__name")
    return list(plans.filter(year=year) if year else plans)


@router.post("/file-plans", response={201: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Create the file plan of an agency for a year")  # fmt: skip
def create_plan(request, payload: PlanIn):
    agency = get_object_or_404(Agency, pk=payload.agency_id)
    return Status(201, services.create_file_plan(request.user, agency, payload.year))


@router.get("/file-plans/{plan_id}", response={200: PlanOut, 404: ErrorOut}, summary="One plan")
def get_plan(request, plan_id: int):
    return _plan(request, plan_id)


@router.post("/file-plans/{plan_id}/entries",
             response={201: EntryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Add an entry (file notation, title, retention, keeper)")  # fmt: skip
def add_entry(request, plan_id: int, payload: EntryIn):
    plan = _plan(request, plan_id)
    return Status(201, services.add_entry(request.user, plan, _entry_data(plan, payload)))


@router.post("/file-plans/{plan_id}/import",
             response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Add entries from a CSV or XLSX file (all or nothing)")  # fmt: skip
def import_entries(request, plan_id: int, file: File[UploadedFile]):
    plan = _plan(request, plan_id)
    services.import_entries(request.user, plan, file.read(), file.name or "")
    return plan


@router.put("/file-plan-entries/{entry_id}",
            response={200: EntryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            summary="Change an entry of a plan that is not approved")  # fmt: skip
def update_entry(request, entry_id: int, payload: EntryIn):
    entry = _entry(request, entry_id)
    return services.update_entry(request.user, entry, _entry_data(entry.plan, payload))


@router.delete("/file-plan-entries/{entry_id}",
               response={204: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
               summary="Remove an entry of a plan that is not approved")  # fmt: skip
def remove_entry(request, entry_id: int):
    services.remove_entry(request.user, _entry(request, entry_id))
    return Status(204, None)


@router.post("/file-plans/{plan_id}/approve",
             response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Approve the plan (head of the agency)")  # fmt: skip
def approve_plan(request, plan_id: int):
    return services.approve_file_plan(request.user, _plan(request, plan_id))


@router.post("/file-plans/{plan_id}/reopen",
             response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Reopen an approved plan for amendment (a new approval round)")  # fmt: skip
def reopen_plan(request, plan_id: int, payload: ReopenIn):
    return services.reopen_file_plan(request.user, _plan(request, plan_id), payload.reason)


@router.get("/dossiers", response=list[DossierOut], summary="Work dossiers the caller may see")
def list_dossiers(request, status: str = "", year: int | None = None):
    dossiers = dossier_selectors.visible_dossiers(request.user)
    if status:
        dossiers = dossiers.filter(status=status)
    if year:
        dossiers = dossiers.filter(entry__plan__year=year)
    return list(dossiers[:500])


@router.post("/dossiers", response={201: DossierOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Open the dossier of an approved plan entry")  # fmt: skip
def open_dossier(request, payload: DossierIn):
    entry = _entry(request, payload.entry_id)
    return Status(201, services.open_dossier(request.user, entry, payload.title))


@router.get("/dossiers/{dossier_id}", response={200: DossierDetailOut, 404: ErrorOut},
            summary="One dossier with its documents")  # fmt: skip
def get_dossier(request, dossier_id: int):
    dossier = _dossier(request, dossier_id)
    return {"dossier": dossier, "items": list(dossier.items.all())}


@router.post("/dossiers/{dossier_id}/documents",
             response={201: ItemOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="File an incoming or outgoing document (by reference)")  # fmt: skip
def add_document(request, dossier_id: int, payload: DocumentIn):
    dossier = _dossier(request, dossier_id)
    incoming = outgoing = None
    if payload.incoming_id is not None:
        incoming = get_object_or_404(IncomingDocument, pk=payload.incoming_id)
    if payload.outgoing_id is not None:
        outgoing = get_object_or_404(OutgoingDocument, pk=payload.outgoing_id)
    item = services.add_document(request.user, dossier, incoming=incoming, outgoing=outgoing)
    return Status(201, item)


@router.delete("/dossiers/{dossier_id}/documents/{item_id}",
               response={204: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
               summary="Take a document out of an open dossier")  # fmt: skip
def remove_document(request, dossier_id: int, item_id: int):
    dossier = _dossier(request, dossier_id)
    services.remove_document(request.user, get_object_or_404(DossierItem, pk=item_id,
                                                              dossier=dossier))  # fmt: skip
    return Status(204, None)


@router.post("/dossiers/{dossier_id}/close",
             response={200: DossierOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Close the dossier; fixes the hand-over due date")  # fmt: skip
def close_dossier(request, dossier_id: int):
    return services.close_dossier(request.user, _dossier(request, dossier_id))


@router.post("/dossiers/{dossier_id}/hand-over",
             response={200: DossierOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Record the hand-over to the agency archive")  # fmt: skip
def hand_over(request, dossier_id: int):
    return services.hand_over(request.user, _dossier(request, dossier_id))


@router.get("/dossiers/{dossier_id}/export", response={404: ErrorOut, 422: ErrorOut},
            summary="The dossier as PDF (contents, documents), XML or ZIP of both")  # fmt: skip
def export(request, dossier_id: int, format: str = "zip"):  # noqa: A002 - the query name
    dossier = _dossier(request, dossier_id)
    if format not in {"pdf", "xml", "zip"}:
        raise ValidationError({"format": [_("The format is pdf, xml or zip.")]})
    exported = export_dossier(dossier, format)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response


@router.get("/kpi/online-processing", response={200: KpiOut, 403: ErrorOut, 422: ErrorOut},
            summary="Share of work dossiers processed online, per level")  # fmt: skip
def online_processing(request, query: Query[KpiQuery]):
    """Over the agencies where the caller may read the KPI (platform-wide for administrators)."""
    if not core.has_perm(request.user, "eoffice.view_kpi"):
        raise PermissionDenied(_("You do not have permission to do this."))
    if query.by not in {"", "level", "agency"}:
        raise ValidationError({"by": [_("Group by level (default) or agency.")]})
    period = kpi.Period.parse(query.year, query.quarter)
    agencies = core.agencies_with_perm(request.user, "eoffice.view_kpi")
    return kpi.online_processing(period, agencies, by_agency=query.by == "agency")
