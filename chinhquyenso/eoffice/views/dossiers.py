"""Pages of the file plan, the work dossiers (list, detail, actions, export) and the KPI."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list
from chinhquyenso.core.models import Department

from .. import dossier_selectors, kpi, selectors, services
from ..choices import DossierStatus
from ..dossier_export import export_dossier, maintenance
from ..models import DossierItem, FilePlan, FilePlanEntry, IncomingDocument, OutgoingDocument

User = get_user_model()
CANDIDATES = 50  # documents offered in the "add" form; older ones are filed through the API


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _fail(request, exc: Exception) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


def _entry_data(request, agency) -> services.EntryData:
    post = request.POST
    retention = post.get("retention_years", "").strip()
    if retention and _int(retention) is None:
        raise ValidationError({"retention_years": [_("Enter a number of years, or leave empty "
                                                     "for permanent retention.")]})  # fmt: skip
    department_id, responsible_id = _int(post.get("department")), _int(post.get("responsible"))
    return services.EntryData(
        notation=post.get("notation", ""),
        title=post.get("title", ""),
        retention_years=_int(retention),
        department=Department.objects.filter(pk=department_id, agency=agency).first()
        if department_id
        else None,
        responsible=User.objects.filter(pk=responsible_id).first() if responsible_id else None,
        construction=post.get("construction") == "on",
    )


@login_required
def fileplan(request):
    """The plan of one agency and year: entries, their dossiers, and the actions allowed now."""
    agencies = list(dossier_selectors.plan_agencies(request.user).order_by("name"))
    if not agencies:
        raise PermissionDenied
    agency_id = _int(request.GET.get("agency") or request.POST.get("agency"))
    agency = next((a for a in agencies if a.pk == agency_id), agencies[0])
    year = _int(request.GET.get("year") or request.POST.get("year")) or timezone.localdate().year
    plan = FilePlan.objects.filter(agency=agency, year=year).select_related("approved_by").first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                plan = services.create_file_plan(request.user, agency, year)
            elif action == "add" and plan:
                services.add_entry(request.user, plan, _entry_data(request, agency))
            elif action == "remove" and plan:
                entry = get_object_or_404(FilePlanEntry, pk=request.POST.get("entry"), plan=plan)
                services.remove_entry(request.user, entry)
            elif action == "import" and plan and request.FILES.get("file"):
                upload = request.FILES["file"]
                added = services.import_entries(request.user, plan, upload.read(), upload.name)
                messages.success(request, _("%(count)s entries imported.") % {"count": added})
            elif action == "approve" and plan:
                services.approve_file_plan(request.user, plan)
            elif action == "reopen" and plan:
                services.reopen_file_plan(request.user, plan, request.POST.get("reason", ""))
            elif action == "open" and plan:
                entry = get_object_or_404(FilePlanEntry, pk=request.POST.get("entry"), plan=plan)
                dossier = services.open_dossier(request.user, entry)
                return redirect(dossier)
            else:
                raise ValidationError(_("Choose an action."))
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        return redirect(f"{request.path}?agency={agency.pk}&year={year}")
    entries = []
    if plan is not None:
        entries = list(
            plan.entries.select_related("department", "responsible").prefetch_related(
                Prefetch("dossiers", to_attr="opened")
            )
        )
    context = {
        "agencies": agencies,
        "agency": agency,
        "year": year,
        "plan": plan,
        "entries": entries,
        "departments": Department.objects.filter(agency=agency, valid_to__isnull=True),
        "staff": User.objects.filter(agency=agency, is_active=True).order_by("username"),
        "can_manage": core.has_perm(request.user, dossier_selectors.MANAGE, agency),
        "can_approve": core.has_perm(request.user, dossier_selectors.APPROVE, agency),
    }
    return render(request, "eoffice/fileplan_detail.html", context)


@login_required
def fileplan_entry(request, pk: int):
    entry = get_object_or_404(FilePlanEntry.objects.select_related("plan__agency"), pk=pk)
    if not dossier_selectors.visible_plans(request.user).filter(pk=entry.plan_id).exists():
        raise Http404
    agency = entry.plan.agency
    back = f"{reverse('eoffice:fileplan')}?agency={agency.pk}&year={entry.plan.year}"
    status = 200
    if request.method == "POST":
        try:
            services.update_entry(request.user, entry, _entry_data(request, agency))
            return redirect(back)
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
            status = 400
    context = {
        "entry": entry,
        "back": back,
        "departments": Department.objects.filter(agency=agency, valid_to__isnull=True),
        "staff": User.objects.filter(agency=agency, is_active=True).order_by("username"),
    }
    return render(request, "eoffice/fileplan_entry.html", context, status=status)


@login_required
def dossier_list(request):
    spec = ListSpec(
        title=_l("Work dossiers"),
        queryset=dossier_selectors.visible_dossiers(request.user).order_by("-opened_at", "-id"),
        columns=[
            Column(_l("File code"), services.file_code),
            Column(_l("Title"), lambda d: d.title, link=True),
            Column(_l("Status"), lambda d: d.get_status_display()),
            Column(_l("Opened"), lambda d: d.opened_at),
            Column(_l("Closed"), lambda d: d.closed_at),
            Column(_l("Hand-over due"), lambda d: d.handover_due),
        ],
        filters=[
            Filter(
                "status",
                _l("Status"),
                lambda qs, v: qs.filter(status=v),
                choices=DossierStatus.choices,
            ),  # fmt: skip
            Filter(
                "year",
                _l("Year"),
                lambda qs, v: qs.filter(entry__plan__year=v) if v.isdigit() else qs.none(),
                input_type="number",
            ),  # fmt: skip
        ],
        export_name="ho-so-cong-viec",
    )
    return render_list(request, spec, "eoffice/dossier_list.html")


def _visible_dossier(user, pk: int):
    dossier = dossier_selectors.visible_dossiers(user).filter(pk=pk).first()
    if dossier is None:
        raise Http404  # a dossier the user may not see does not exist for them
    return dossier


def _candidates(user, dossier) -> tuple[list, list]:
    incoming = (
        selectors.visible_documents(user)
        .exclude(dossier_items__dossier=dossier)
        .order_by("-arrival_date", "-arrival_number")[:CANDIDATES]
    )
    outgoing = (
        dossier_selectors.visible_outgoing(user)
        .exclude(dossier_items__dossier=dossier)
        .order_by("-issued_date", "-number")[:CANDIDATES]
    )
    return list(incoming), list(outgoing)


@login_required
def dossier_detail(request, pk: int):
    dossier = _visible_dossier(request.user, pk)
    items = dossier.items.select_related(
        "incoming__doc_type", "outgoing__doc_type", "added_by"
    ).order_by("added_at", "id")
    scope = dossier_selectors.entry_scope(dossier.entry)
    can_manage = core.has_perm(request.user, dossier_selectors.MANAGE, scope)
    is_open = dossier.status == DossierStatus.OPEN
    incoming, outgoing = _candidates(request.user, dossier) if can_manage and is_open else ([], [])
    context = {
        "dossier": dossier,
        "file_code": services.file_code(dossier),
        "maintenance": maintenance(dossier),
        "items": items,
        "can_manage": can_manage,
        "is_open": is_open,
        "can_hand_over": dossier.status == DossierStatus.CLOSED
        and core.has_perm(request.user, dossier_selectors.MANAGE, dossier.entry.plan.agency),
        "incoming_candidates": incoming,
        "outgoing_candidates": outgoing,
    }
    return render(request, "eoffice/dossier_detail.html", context)


@login_required
@require_POST
def dossier_action(request, pk: int):
    dossier = _visible_dossier(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "add":
            kind, _sep, document_id = request.POST.get("document", "").partition(":")
            incoming = outgoing = None
            if kind == "in":
                incoming = get_object_or_404(IncomingDocument, pk=_int(document_id))
            elif kind == "out":
                outgoing = get_object_or_404(OutgoingDocument, pk=_int(document_id))
            services.add_document(request.user, dossier, incoming=incoming, outgoing=outgoing)
        elif action == "remove":
            item = get_object_or_404(
                DossierItem, pk=_int(request.POST.get("item")), dossier=dossier
            )
            services.remove_document(request.user, item)
        elif action == "close":
            services.close_dossier(request.user, dossier)
        elif action == "hand_over":
            services.hand_over(request.user, dossier)
        else:
            raise ValidationError(_("Choose an action."))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect(dossier)


@login_required
def dossier_export(request, pk: int):
    dossier = _visible_dossier(request.user, pk)
    fmt = request.GET.get("format", "zip")
    if fmt not in {"pdf", "xml", "zip"}:
        return HttpResponse(
            _("The format is pdf, xml or zip."), status=400, content_type="text/plain"
        )
    exported = export_dossier(dossier, fmt)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response


@login_required
def kpi_page(request):
    if not core.has_perm(request.user, "eoffice.view_kpi"):
        raise PermissionDenied
    errors: list[str] = []
    try:
        period = kpi.Period.parse(request.GET.get("year"), request.GET.get("quarter"))
    except ValidationError as exc:
        errors, period = exc.messages, kpi.Period.parse(None)
    agencies = core.agencies_with_perm(request.user, "eoffice.view_kpi")
    result = kpi.online_processing(period, agencies, by_agency=True)
    context = {"result": result, "period": period, "errors": errors, "quarters": [1, 2, 3, 4]}
    return render(request, "eoffice/kpi.html", context, status=400 if errors else 200)
