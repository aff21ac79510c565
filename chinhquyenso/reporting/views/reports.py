"""The reports of my units (forms × periods, state, due date, overdue), the workflow buttons of a
report (submit, approve, return, reopen) and the completeness page of a form and period."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import services
from ..choices import ReportStatus
from ..models import DataSet
from ..periods import Period
from ..services.entry_state import State, report_dates, today
from ..services.workflow_completeness import SUBMITTED, Timeliness, recent_periods, timeliness
from .entry import load

VIEW = "reporting.view"
STATE_FILTERS = {
    "todo": {State.OPEN},
    "overdue": {State.OPEN},
    "submitted": {State.SUBMITTED},
    "approved": {State.APPROVED},
    "locked": {State.LOCKED},
}


def _state_choices() -> list[tuple[str, str]]:
    return [
        ("todo", _("To enter")),
        ("overdue", _("Overdue")),
        ("submitted", _("Waiting for approval")),
        ("approved", _("Approved")),
        ("locked", _("Locked")),
    ]


@login_required
def my_reports(request):
    if not core.has_perm(request.user, VIEW):
        raise PermissionDenied
    rows = services.my_reports(request.user)
    forms = sorted({(r.data_set.code, r.data_set.name) for r in rows}, key=lambda f: f[1])
    chosen_form = request.GET.get("form", "")
    chosen_state = request.GET.get("state", "")
    if chosen_form:
        rows = [r for r in rows if r.data_set.code == chosen_form]
    if chosen_state in STATE_FILTERS:
        rows = [r for r in rows if r.entry.state in STATE_FILTERS[chosen_state]]
        if chosen_state == "overdue":
            rows = [r for r in rows if r.entry.overdue]
    context = {
        "rows": rows,
        "forms": forms,
        "states": _state_choices(),
        "chosen_form": chosen_form,
        "chosen_state": chosen_state,
    }
    return render(request, "reporting/reports_mine.html", context)


def _until(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
@require_POST
def report_action(request, form: str, unit: str, period: str, action: str):
    """submit, approve, return (reason) or reopen (until); back to the grid with the outcome."""
    data_set, org_unit, parsed = load(request.user, form, unit, period)
    grid = reverse("reporting:entry", args=[data_set.code, org_unit.code, parsed.id])
    if action not in {"submit", "approve", "return", "reopen"}:
        raise Http404
    state = services.entry_state(data_set, org_unit, parsed)
    try:
        if state.state in (State.NOT_ASSIGNED, State.NOT_STARTED):
            raise ValidationError(state.reason)
        report = services.report_for(data_set, org_unit, parsed)
        if action == "submit":
            result = services.submit(request.user, report)
            messages.success(request, _("The report was submitted."))
            for warning in result.warnings:
                messages.warning(request, warning.message)
        elif action == "approve":
            services.approve(request.user, report)
            messages.success(request, _("The report was approved."))
        elif action == "return":
            services.return_report(request.user, report, request.POST.get("reason", ""))
            messages.success(request, _("The report was returned for correction."))
        else:
            until = _until(request.POST.get("until", ""))
            services.reopen(request.user, report, until)
            messages.success(
                request,
                _("Entry is reopened until %(date)s.") % {"date": until.strftime("%d/%m/%Y")},
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(grid)


def _timeliness_label(unit) -> str:
    return {
        Timeliness.ON_TIME: _("On time"),
        Timeliness.LATE: _("Late"),
        Timeliness.MISSING: _("Missing"),
    }[unit.timeliness]


def _status_label(unit) -> str:
    return str(ReportStatus(unit.report_status or ReportStatus.OPEN).label)


def _state_filter(due: datetime.date):
    submitted = Q(report_status__in=SUBMITTED)

    def apply(qs, value):
        if value == Timeliness.ON_TIME:
            return qs.filter(submitted, report_submitted_at__date__lte=due)
        if value == Timeliness.LATE:
            return qs.filter(submitted, report_submitted_at__date__gt=due)
        if value == Timeliness.MISSING:
            return qs.filter(Q(report_status__isnull=True) | ~submitted)
        return qs

    return apply


def _default_period(data_set: DataSet) -> str:
    """The latest period already due, else the current one."""
    periods = recent_periods(data_set.periodicity, 3)
    for period in periods:
        if report_dates(data_set, period)[0] <= today():
            return period.id
    return periods[0].id


@login_required
def completeness(request):
    """Who reported a form for a period: expected units, on time, late, missing; Excel export."""
    if not core.has_perm(request.user, VIEW):
        raise PermissionDenied
    visible = services.units_with_perm(request.user, VIEW)
    forms = DataSet.objects.filter(is_active=True, assignments__org_unit__in=visible).distinct()
    forms = list(forms.order_by("name"))
    if not forms:
        messages.info(request, _("No report form is assigned to the units you can see."))
        return redirect("reporting:home")
    data_set = next((f for f in forms if f.code == request.GET.get("form")), None)
    if data_set is None or not request.GET.get("period"):
        data_set = data_set or forms[0]
        query = request.GET.copy()
        query["form"] = data_set.code
        query.setdefault("period", _default_period(data_set))
        return redirect(f"{reverse('reporting:completeness')}?{query.urlencode()}")
    try:
        period = Period.parse(request.GET["period"])
        if period.periodicity != data_set.periodicity:
            raise ValidationError(_("Choose a period of the form's periodicity."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('reporting:completeness')}?form={data_set.code}")
    within = None
    if request.GET.get("unit"):
        within = visible.filter(code=request.GET["unit"]).first()
        if within is None:
            raise PermissionDenied
    summary = services.completeness(data_set, period, within=within, visible_to=request.user)
    due = summary.due_date
    periods = recent_periods(data_set.periodicity, 24)
    if period not in periods:
        periods.insert(0, period)

    def state_of(unit):
        unit.timeliness = timeliness(unit, due)
        return unit

    spec = ListSpec(
        title=gettext_lazy("Completeness and timeliness"),
        queryset=services.expected_units(data_set, period, within, visible_to=request.user),
        columns=[
            Column(gettext_lazy("Code"), lambda u: u.code),
            Column(gettext_lazy("Reporting unit"), lambda u: u.name),
            Column(gettext_lazy("Level"), lambda u: u.get_level_display()),
            Column(gettext_lazy("Status"), _status_label),
            Column(gettext_lazy("Submitted at"), lambda u: u.report_submitted_at),
            Column(gettext_lazy("Timeliness"), lambda u: _timeliness_label(state_of(u))),
        ],
        filters=[
            Filter(
                "form",
                gettext_lazy("Report form"),
                lambda qs, v: qs,
                choices=[(f.code, f.name) for f in forms],
            ),
            Filter(
                "period",
                gettext_lazy("Period"),
                lambda qs, v: qs,
                choices=[(p.id, p.label()) for p in periods],
            ),
            Filter(
                "state",
                gettext_lazy("Timeliness"),
                _state_filter(due),
                choices=[
                    (Timeliness.ON_TIME, _("On time")),
                    (Timeliness.LATE, _("Late")),
                    (Timeliness.MISSING, _("Missing")),
                ],
            ),
            Filter("unit", gettext_lazy("Below unit (code)"), lambda qs, v: qs),
        ],
        export_name=f"hoan-thanh-{data_set.code}-{period.id}",
    )
    extra = {"summary": summary, "data_set": data_set, "period": period, "within": within}
    return render_list(request, spec, "reporting/report_completeness.html", extra)
