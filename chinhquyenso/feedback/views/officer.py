"""The officers' pages: the agency's queue (with its Excel export), one report with every action
(accept, transfer, answer, refuse), and the form to record a report received by phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import services as feedback
from ..choices import ReportStatus
from .citizen import new_report_data
from .common import photo_response, photos, place_of, timeline
from .filters import category_filter, search_filter, status_filter
from .forms import (
    AcceptForm,
    AnswerForm,
    PhoneReportForm,
    RejectForm,
    TransferForm,
    add_errors,
)

RECEIVE, HANDLE = "feedback.receive", "feedback.handle"
ACTIONS = {"accept": AcceptForm, "transfer": TransferForm, "answer": AnswerForm,
           "reject": RejectForm}  # fmt: skip


def _officer(request):
    if not (core.has_perm(request.user, RECEIVE) or core.has_perm(request.user, HANDLE)):
        raise PermissionDenied
    return request.user


def _overdue(qs, value: str):
    return feedback.filtered(qs, overdue=True) if value == "1" else qs


@login_required
def officer_list(request):
    """New reports first, the oldest on top; then those being handled, then the closed ones."""
    user = _officer(request)
    rank = Case(
        When(status=ReportStatus.NEW, then=Value(0)),
        When(status=ReportStatus.ACCEPTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    spec = ListSpec(
        title=gettext_lazy("Handle feedback"),
        queryset=feedback.officer_reports(user).order_by(rank, "received_at", "id"),
        columns=[
            Column(gettext_lazy("Code"), lambda r: r.code),
            Column(gettext_lazy("Category"), lambda r: r.category.name),
            Column(gettext_lazy("Place"), place_of),
            Column(gettext_lazy("Channel"), lambda r: r.get_channel_display()),
            Column(gettext_lazy("Received"), lambda r: r.received_at),
            Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
            Column(gettext_lazy("Answer due"), lambda r: r.due_date),
            Column(gettext_lazy("Handling agency"), lambda r: r.agency.name),
            Column(gettext_lazy("Handled by"), lambda r: str(r.handler) if r.handler else ""),
            Column(gettext_lazy("Reporter"), lambda r: r.reporter_name),
            Column(gettext_lazy("Phone"), lambda r: r.reporter_phone),
        ],
        filters=[
            status_filter(),
            category_filter(),
            Filter(
                "overdue",
                gettext_lazy("Overdue"),
                _overdue,
                choices=[("1", gettext_lazy("Overdue only"))],
            ),
            search_filter(),
        ],
        export_name="xu-ly-phan-anh",
        count_free=True,
    )
    extra = {"today": timezone.localdate(), "can_record": core.has_perm(user, RECEIVE)}
    return render_list(request, spec, "feedback/officer_list.html", extra)


def _act(request, report, action: str, form) -> None:
    user, data = request.user, form.cleaned_data
    if action == "accept":
        feedback.accept(user, report, department=data["department"], handler=data["handler"],
                        working_days=data["working_days"], note=data["note"])  # fmt: skip
    elif action == "transfer":
        feedback.transfer(user, report, data["agency"], data["reason"])
    elif action == "answer":
        feedback.answer(user, report, data["response"], data["photos"])
    elif action == "reject":
        duplicate = None
        if data["duplicate_of"].strip():
            code = data["duplicate_of"].strip().upper()
            duplicate = feedback.officer_reports(user).filter(code=code).first()
            if duplicate is None:
                raise ValidationError(
                    {"duplicate_of": _("No report with this code among your agency's.")}
                )
        feedback.reject(user, report, data["reason"], duplicate)


def _kwargs(form_class, report) -> dict:
    return {"report": report} if form_class in {AcceptForm, TransferForm} else {}


def _forms(report, bound: dict) -> dict:
    """Every action's form: the one just refused with its errors, the others empty."""
    return {
        name: bound.get(name) or form_class(**_kwargs(form_class, report))
        for name, form_class in ACTIONS.items()
    }


@login_required
def officer_report(request, pk: int):
    user = request.user
    report = feedback.officer_report(user, pk)
    bound, status = {}, 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ACTIONS:
        form_class = ACTIONS[action]
        form = form_class(request.POST, request.FILES, **_kwargs(form_class, report))
        if form.is_valid():
            try:
                _act(request, report, action, form)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Done: %(code)s.") % {"code": report.code})
                return redirect("feedback:officer_report", pk=report.pk)
        bound[action], status = form, 422
        report = feedback.officer_report(user, pk)
    elif request.method == "POST":
        messages.error(request, _("Choose an action."))
        status = 400
    receive = core.has_perm_in_agency(user, RECEIVE, report.agency_id)
    handle = core.has_perm_in_agency(user, HANDLE, report.agency_id)
    asked, answered = photos(report)
    context = {
        "report": report,
        "events": timeline(report, internal=True, actors=True),
        "photos": asked,
        "answer_photos": answered,
        "overdue": feedback.overdue(report),
        "forms": _forms(report, bound),
        "failed": action if bound else "",
        "can_accept": receive and report.status == ReportStatus.NEW,
        "can_transfer": receive and not report.is_closed,
        "can_reject": receive and not report.is_closed,
        "can_answer": handle and report.status == ReportStatus.ACCEPTED,
    }
    return render(request, "feedback/officer_report.html", context, status=status)


@login_required
def officer_photo(request, pk: int, photo: int):
    return photo_response(feedback.officer_report(request.user, pk), photo)


@login_required
def officer_new(request):
    """A report received by phone or at the counter, recorded with the caller's contact."""
    if not core.has_perm(request.user, RECEIVE):
        raise PermissionDenied
    form = PhoneReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = feedback.submit(
                request.user,
                new_report_data(form, form.cleaned_data["photos"]),
                form.cleaned_data["channel"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The report was recorded as %(code)s.")
                             % {"code": report.code})  # fmt: skip
            if feedback.officer_reports(request.user).filter(pk=report.pk).exists():
                return redirect("feedback:officer_report", pk=report.pk)
            return redirect("feedback:officer_list")
    status = 422 if form.is_bound else 200
    context = {"form": form, "officer": True}
    return render(request, "feedback/report_form.html", context, status=status)
