"""The citizen's pages: report a problem, my reports, one report with its timeline, answer and
the rating form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import services as feedback
from ..choices import ReportChannel, ReportStatus
from .common import photo_response, photos, timeline
from .forms import RateForm, ReportForm, add_errors


def _reporter(request):
    if not core.has_perm(request.user, "feedback.report"):
        raise PermissionDenied
    return request.user


def new_report_data(form: ReportForm, files: list) -> feedback.NewReport:
    data = form.cleaned_data
    return feedback.NewReport(
        category=data["category"],
        description=data["description"],
        address=data["address"],
        admin_unit=data["admin_unit"] or None,
        latitude=data["latitude"],
        longitude=data["longitude"],
        public=data["public"],
        consent=data["consent"],
        reporter_name=data.get("reporter_name", ""),
        reporter_phone=data.get("reporter_phone", ""),
        reporter_email=data.get("reporter_email", ""),
        client_key=data["client_key"],
        photos=files,
    )


@login_required
def new_report(request):
    user = _reporter(request)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = feedback.submit(
                user, new_report_data(form, form.cleaned_data["photos"]), ReportChannel.WEB
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your report was sent. Its code is %(code)s; keep it to look the report up.")
                % {"code": report.code},
            )
            return redirect("feedback:my_report", pk=report.pk)
    status = 422 if form.is_bound else 200
    return render(request, "feedback/report_form.html", {"form": form}, status=status)


@login_required
def my_reports(request):
    user = _reporter(request)
    spec = ListSpec(
        title=pgettext_lazy("feedback", "My reports"),
        queryset=feedback.own_reports(user).order_by("-received_at", "-id"),
        columns=[
            Column(gettext_lazy("Code"), lambda r: r.code),
            Column(gettext_lazy("Category"), lambda r: r.category.name),
            Column(gettext_lazy("Place"), lambda r: r.admin_unit.name if r.admin_unit else ""),
            Column(gettext_lazy("Received"), lambda r: r.received_at),
            Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
            Column(gettext_lazy("Answer due"), lambda r: r.due_date),
        ],
        filters=[
            Filter(
                "status",
                gettext_lazy("Status"),
                lambda qs, v: feedback.filtered(qs, status=v),
                choices=ReportStatus.choices,
            ),
        ],
        export_name="phan-anh-cua-toi",
        count_free=True,
    )
    return render_list(request, spec, "feedback/my_list.html")


def _detail(request, report, rate_form=None, status=200):
    asked, answered = photos(report)
    context = {
        "report": report,
        "events": timeline(report),
        "photos": asked,
        "answer_photos": answered,
        "rate_form": rate_form or RateForm(),
        "can_rate": report.status == ReportStatus.RESOLVED and report.satisfied is None,
    }
    return render(request, "feedback/my_report.html", context, status=status)


@login_required
def my_report(request, pk: int):
    return _detail(request, feedback.own_report(_reporter(request), pk))


@login_required
@require_POST
def my_report_rate(request, pk: int):
    user = _reporter(request)
    report = feedback.own_report(user, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            feedback.rate(
                user, report, form.cleaned_data["satisfied"], form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("feedback:my_report", pk=report.pk)
    return _detail(request, report, rate_form=form, status=422)


@login_required
def my_photo(request, pk: int, photo: int):
    return photo_response(feedback.own_report(_reporter(request), pk), photo)
