"""The page of the report on the resolution: choose the period and the unit, read the indicator
table, download the DOCX or PDF, or open an outgoing draft in e-office with it."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.models import RoleAssignment, User

from .. import services
from ..choices import Periodicity
from ..models import OrgUnit
from ..periods import Period
from ..report_document import build_report, generate_resolution_report, period_phrase

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def period_choices(today: datetime.date | None = None) -> list[tuple[str, str]]:
    """The current and three previous half-years, then the current and two previous years."""
    today = today or timezone.localdate()
    half = Period.of(Periodicity.SIX_MONTHLY, today)
    halves = [half]
    for _i in range(3):
        halves.append(halves[-1].previous())
    years = [Period(today.year - i, Periodicity.YEARLY, 0) for i in range(3)]
    return [(p.id, period_phrase(p)) for p in halves + years]


def report_units(user) -> list[OrgUnit]:
    """The units the user may report on, the highest first (a province before its communes)."""
    return list(
        services.units_with_perm(user, "reporting.view")
        .filter(is_active=True)
        .order_by("depth", "path")[:300]
    )


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    unit = forms.ChoiceField(label=gettext_lazy("Reporting unit"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.units = {u.code: u for u in report_units(user)}
        self.fields["unit"].choices = [(u.code, u.name) for u in self.units.values()]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


def signers_for(agency) -> list[User]:
    """The agency's leaders who may approve and sign an outgoing document."""
    assignments = (
        RoleAssignment.objects.active(timezone.localdate())
        .filter(department__isnull=True)
        .filter(Q(agency=agency) | Q(include_descendants=True) | Q(agency__isnull=True))
        .select_related("user")
    )
    users = {a.user_id: a.user for a in assignments if a.user.is_active}
    found = [u for u in users.values() if core.has_perm(u, "eoffice.approve_outgoing", agency)]
    return sorted(found, key=lambda u: (u.full_name, u.username))


def _chosen(request, data) -> ReportForm:
    if not core.has_perm(request.user, "reporting.view"):
        raise PermissionDenied
    form = ReportForm(request.user, data)
    if not form.fields["unit"].choices:
        raise PermissionDenied(_("No reporting unit is open to you."))
    return form


@login_required
def resolution_report(request):
    data = request.GET if "period" in request.GET else None
    form = _chosen(request, data)
    if data is None:
        form = ReportForm(
            request.user,
            initial={"period": form.fields["period"].choices[0][0]},
        )
    report = None
    if data is not None and form.is_valid():
        report = build_report(form.cleaned_data["period"], form.cleaned_data["unit"])
    agency = request.user.agency
    can_draft = agency is not None and core.has_perm(request.user, "eoffice.draft_outgoing")
    context = {
        "form": form,
        "report": report,
        "can_draft": can_draft and report is not None,
        "signers": signers_for(agency) if can_draft and report is not None else [],
        "querystring": request.GET.urlencode(),
    }
    return render(request, "reporting/resolution_report.html", context)


def file_response(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def resolution_report_download(request, kind: str):
    if kind not in ("docx", "pdf"):
        raise Http404
    form = _chosen(request, request.GET)
    if not form.is_valid():
        raise PermissionDenied(_("Choose a period and a reporting unit that are open to you."))
    generated = generate_resolution_report(form.cleaned_data["period"], form.cleaned_data["unit"])
    if kind == "docx":
        return file_response(generated.docx, f"{generated.file_stem}.docx", DOCX_TYPE)
    return file_response(generated.pdf, f"{generated.file_stem}.pdf", "application/pdf")


@login_required
@require_POST
def resolution_report_draft(request):
    form = _chosen(request, request.POST)
    back = f"{reverse('reporting:resolution_report')}?{request.POST.get('querystring', '')}"
    if not form.is_valid():
        messages.error(request, _("Choose a period and a reporting unit that are open to you."))
        return redirect(back)
    agency = request.user.agency
    signers = {str(u.pk): u for u in signers_for(agency)} if agency else {}
    signer = signers.get(request.POST.get("signer", ""))
    try:
        document = services.create_report_draft(
            request.user, form.cleaned_data["period"], form.cleaned_data["unit"], signer=signer
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("The outgoing draft was created with the report attached."))
    try:
        return redirect(reverse("eoffice:outgoing_detail", args=[document.pk]))
    except NoReverseMatch:
        return redirect(back)
