"""The clerk's queue of electronic arrivals (urgent first): register as incoming, or refuse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, ListSpec, render_list

from .. import selectors_outgoing as selectors
from .. import services
from ..choices import ArrivalState
from ..models import ElectronicArrival
from .outgoing import file_response, nav_flags

STATES = [*ArrivalState.choices, ("all", gettext_lazy("All"))]


def _require_clerk(user) -> None:
    if not core.has_perm(user, "eoffice.register_incoming"):
        raise PermissionDenied


def _arrival(user, pk: int) -> ElectronicArrival:
    arrival = selectors.arrivals_for(user).filter(pk=pk).first()
    if arrival is None:
        raise Http404
    return arrival


def _page(request, problems: dict | None = None, status: int = 200):
    user = request.user
    state = request.GET.get("state") or ArrivalState.ARRIVED
    if state not in dict(STATES):
        state = ArrivalState.ARRIVED
    spec = ListSpec(
        title=gettext_lazy("Electronic arrivals"),
        queryset=selectors.arrivals_for(user, None if state == "all" else state).order_by(
            "-urgency", "arrived_at", "id"
        ),
        columns=[
            Column(gettext_lazy("Arrived at"), lambda a: a.arrived_at),
            Column(gettext_lazy("Sender"), lambda a: a.sender_name),
            Column(gettext_lazy("Number and notation"), lambda a: a.number_text),
            Column(gettext_lazy("Issued date"), lambda a: a.issued_date),
            Column(gettext_lazy("Document type"), lambda a: a.doc_type.name),
            Column(gettext_lazy("Subject"), lambda a: a.subject),
            Column(gettext_lazy("Urgency"), lambda a: a.get_urgency_display()),
            Column(gettext_lazy("Receiving agency"), lambda a: a.agency.name),
            Column(gettext_lazy("State"), lambda a: a.get_state_display()),
        ],
        export_name="electronic-arrivals",
        count_free=True,
    )
    response = render_list(
        request,
        spec,
        "eoffice/arrival_list.html",
        {"state": state, "states": STATES, "problems": problems or {}, **nav_flags(user)},
    )
    response.status_code = status
    return response


@login_required
def arrival_list(request):
    _require_clerk(request.user)
    return _page(request)


@login_required
def arrival_file(request, pk: int):
    _require_clerk(request.user)
    arrival = _arrival(request.user, pk)
    if arrival.file_id is None:
        raise Http404
    return file_response(request, arrival.file)


@require_POST
@login_required
def arrival_register(request, pk: int):
    _require_clerk(request.user)
    arrival = _arrival(request.user, pk)
    try:
        incoming = services.register_arrival(
            request.user, arrival, confirm_duplicate=request.POST.get("confirm_duplicate") == "1"
        )
    except services.DuplicateSuspected as exc:
        problem = {"message": exc.messages[0], "duplicates": exc.matches, "confirm": True}
        return _page(request, {arrival.pk: problem}, status=422)
    except ValidationError as exc:
        return _page(request, {arrival.pk: {"message": " ".join(exc.messages)}}, status=422)
    messages.success(
        request,
        _("Registered as incoming document number %(number)s.")
        % {"number": incoming.arrival_number},
    )
    return redirect(incoming.get_absolute_url())


@require_POST
@login_required
def arrival_refuse(request, pk: int):
    _require_clerk(request.user)
    arrival = _arrival(request.user, pk)
    try:
        services.refuse_arrival(request.user, arrival, request.POST.get("reason", ""))
    except ValidationError as exc:
        problem = {"message": " ".join(exc.messages), "refuse": True}
        return _page(request, {arrival.pk: problem}, status=422)
    messages.success(request, _("The document was refused; the sender was told why."))
    return redirect("eoffice:arrival_list")
