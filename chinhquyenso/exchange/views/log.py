"""Pages of the exchange log: the list with filters and export, an entry with its verification,
a sent message with its per-recipient statuses, a received document and its recall decision."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import edxml, selectors, services
from ..choices import STATUS_CHOICES, Direction, InboundState, Outcome
from ..models import MessageLogEntry, Partner
from ..services.log import GENESIS_HASH, check_entry


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _require_view(user) -> None:
    if not core.has_perm(user, selectors.VIEW):
        raise PermissionDenied


@login_required
def log_list(request):
    _require_view(request.user)
    partners = [(str(p.pk), p.name) for p in Partner.objects.order_by("name")]
    spec = ListSpec(
        title=_l("Document exchange log"),
        queryset=selectors.visible_log(request.user).order_by("-id"),
        columns=[
            Column(_l("Entry"), lambda e: f"#{e.pk}", link=True),
            Column(_l("Time"), lambda e: e.created_at),
            Column(_l("Direction"), lambda e: e.get_direction_display()),
            Column(_l("Kind"), lambda e: e.get_kind_display()),
            Column(_l("DocumentId"), lambda e: e.document_id),
            Column(_l("Status"), lambda e: e.status_code),
            Column(_l("Partner"), lambda e: e.partner_name),
            Column(_l("From"), lambda e: e.from_organ_id),
            Column(_l("To"), lambda e: e.to_organ_ids),
            Column(_l("Outcome"), lambda e: e.get_outcome_display()),
            Column(_l("Reason"), lambda e: e.reason),
            Column(_l("SHA-256"), lambda e: e.sha256),
        ],
        filters=[
            Filter("document", _l("Document"), lambda q, v: q.filter(document_id__icontains=v)),
            Filter(
                "partner",
                _l("Partner"),
                lambda q, v: selectors.search_log(q, partner=v),
                choices=partners,
            ),  # fmt: skip
            Filter(
                "status",
                _l("Status"),
                lambda q, v: q.filter(status_code=v),
                choices=[(c, str(label)) for c, label in STATUS_CHOICES],
            ),  # fmt: skip
            Filter(
                "outcome", _l("Outcome"), lambda q, v: q.filter(outcome=v), choices=Outcome.choices
            ),  # fmt: skip
            Filter(
                "direction",
                _l("Direction"),
                lambda q, v: q.filter(direction=v),
                choices=Direction.choices,
            ),  # fmt: skip
            Filter(
                "from",
                _l("From date"),
                lambda q, v: selectors.search_log(q, date_from=_date(v)),
                input_type="date",
            ),
            Filter(
                "to",
                _l("To date"),
                lambda q, v: selectors.search_log(q, date_to=_date(v)),
                input_type="date",
            ),
        ],  # fmt: skip
        export_name="nhat-ky-lien-thong",
        count_free=True,
    )
    return render_list(request, spec, "exchange/log_list.html")


def _verification(entry: MessageLogEntry) -> dict:
    previous = MessageLogEntry.objects.filter(pk__lt=entry.pk).order_by("-pk").first()
    problem = check_entry(entry, previous.entry_hash if previous else GENESIS_HASH)
    result = {"chain_ok": not problem, "problem": problem, "previous": previous}
    if entry.payload is None:
        return result
    payload = bytes(entry.payload)
    certs = []
    if entry.direction == Direction.IN and entry.partner and entry.partner.certificate_pem:
        certs = [entry.partner.certificate_pem.encode("ascii")]
    elif entry.direction == Direction.OUT:
        certs = [entry.certificate.pem.encode("ascii")]
    try:
        decoded = edxml.decode(payload, certs or None)
        result.update(message=decoded.message, kind=decoded.kind, signature_ok=decoded.signed)
    except edxml.EdxmlError as exc:
        result.update(signature_ok=False, message_error=f"{exc.code}: {exc.message}")
    return result


@login_required
def log_detail(request, pk: int):
    _require_view(request.user)
    entry = get_object_or_404(
        selectors.visible_log(request.user).select_related("partner", "certificate"), pk=pk
    )
    if request.GET.get("download") and entry.payload is not None:
        response = HttpResponse(bytes(entry.payload), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="message-{entry.pk}.xml"'
        return response
    return render(
        request, "exchange/log_detail.html", {"entry": entry, "check": _verification(entry)}
    )


@login_required
def outgoing_detail(request, pk: int):
    _require_view(request.user)
    message = get_object_or_404(selectors.visible_outgoing(request.user), pk=pk)
    deliveries = message.deliveries.select_related("partner").prefetch_related("statuses")
    entries = selectors.visible_log(request.user).filter(document_id=message.document_id)
    return render(
        request,
        "exchange/outgoing_detail.html",
        {"message": message, "deliveries": deliveries, "entries": entries.order_by("id")[:200]},
    )


@login_required
def inbound_detail(request, pk: int):
    _require_view(request.user)
    inbound = get_object_or_404(selectors.visible_inbound(request.user), pk=pk)
    entries = selectors.visible_log(request.user).filter(document_id=inbound.document_id)
    return render(
        request,
        "exchange/inbound_detail.html",
        {
            "inbound": inbound,
            "attachments": inbound.attachments.select_related("file"),
            "entries": entries.order_by("id")[:200],
            "can_decide": inbound.state == InboundState.RECALL_REQUESTED
            and core.has_perm(request.user, "exchange.decide_recall", inbound.agency),
        },
    )


@login_required
@require_POST
def recall_decision(request, pk: int):
    inbound = get_object_or_404(selectors.visible_inbound(request.user), pk=pk)
    try:
        if request.POST.get("decision") == "accept":
            services.accept_recall(request.user, inbound)
            messages.success(request, _("The recall was accepted and the document removed."))
        else:
            services.refuse_recall(request.user, inbound, request.POST.get("reason", ""))
            messages.success(request, _("The recall was refused; the sender was told."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(inbound.get_absolute_url())


@login_required
def verify(request):
    core.require(request.user, "exchange.manage_partners")
    problem = services.verify_chain()
    return render(
        request,
        "exchange/verify.html",
        {"problem": problem, "count": MessageLogEntry.objects.count()},
    )
