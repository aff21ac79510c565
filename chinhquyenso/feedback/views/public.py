"""Public pages (no sign-in): the list of public reports with their answers, one report by its
code, the look-up by code. Never who reported: no name, phone or e-mail reaches these pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, ListSpec, render_list

from .. import services as feedback
from .common import photo_response, photos, place_of, timeline
from .filters import category_filter, commune_filter, search_filter, status_filter


def public_list(request):
    spec = ListSpec(
        title=gettext_lazy("Citizen feedback"),
        queryset=feedback.public_reports().order_by("-received_at", "-id"),
        # Exports and the page show these columns only: nothing about who reported.
        columns=[
            Column(gettext_lazy("Code"), lambda r: r.code),
            Column(gettext_lazy("Category"), lambda r: r.category.name),
            Column(gettext_lazy("Place"), place_of),
            Column(gettext_lazy("Received"), lambda r: r.received_at),
            Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
            Column(gettext_lazy("Answer"), lambda r: r.response if r.status == "resolved" else ""),
        ],
        filters=[category_filter(), status_filter(), commune_filter(), search_filter()],
        export_name="phan-anh-kien-nghi",
        count_free=True,
    )
    user = request.user
    can_report = user.is_authenticated and core.has_perm(user, "feedback.report")
    return render_list(request, spec, "feedback/public_list.html", {"perms_report": can_report})


def lookup(request):
    """The look-up ("tra cứu"): a code typed on the list opens that report when it is public."""
    code = request.GET.get("code", "").strip().upper()
    if code:
        try:
            report = feedback.public_report(code)
        except Http404:
            messages.error(
                request,
                _("No public report has the code %(code)s. Your own reports are under "
                  "“My reports”.") % {"code": code[:20]},
            )  # fmt: skip
        else:
            return redirect("feedback:public_report", code=report.code)
    return redirect("feedback:public_list")


def public_report(request, code: str):
    report = feedback.public_report(code)
    asked, answered = photos(report)
    context = {
        "report": report,
        "events": timeline(report),
        "photos": asked,
        "answer_photos": answered,
    }
    return render(request, "feedback/public_report.html", context)


def public_photo(request, code: str, photo: int):
    return photo_response(feedback.public_report(code), photo, public=True)
