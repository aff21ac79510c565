"""The reporting home page: the parts of the reporting system the user may open."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core import services as core


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    perm: str
    description: str = ""


# Each lane adds its pages here; a page whose URL is not installed yet is left out.
LINKS = [
    Link(
        _("My reports"),
        "reporting:my_reports",
        "reporting.enter_data",
        _("The forms my units must send, period by period: enter, submit, approve."),
    ),
    Link(
        _("Import from a workbook"),
        "reporting:import",
        "reporting.enter_data",
        _("Download a form's Excel template, fill it in and upload it."),
    ),
    Link(
        _("Completeness and timeliness"),
        "reporting:completeness",
        "reporting.view",
        _("Which units reported a form for a period: on time, late, missing."),
    ),
    Link(
        _("Resolution on digital transformation"),
        "reporting:dashboard",
        "reporting.view",
        _("Every target of the resolution for 2025 and 2030: latest value, status, trend."),
    ),
    Link(
        _("Pivot table"),
        "reporting:pivot",
        "reporting.view",
        _("Indicators by period and unit, exported to Excel, PDF or PNG."),
    ),
    Link(
        _("Report metadata"),
        "reporting:metadata",
        "reporting.manage_metadata",
        _("Data elements, disaggregations, report forms, indicators, targets, reporting units."),
    ),
    Link(
        _("Report on the resolution"),
        "reporting:resolution_report",
        "reporting.view",
        _("The six-monthly and yearly report on the resolution on digital transformation."),
    ),
]


def links_for(user) -> list[dict]:
    found = []
    for link in LINKS:
        if not core.has_perm(user, link.perm):
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        found.append({"label": link.label, "url": url, "description": link.description})
    return found


@login_required
def home(request):
    if not core.has_perm(request.user, "reporting.view"):
        raise PermissionDenied
    return render(request, "reporting/home.html", {"links": links_for(request.user)})
