"""The year's feedback figures: received, answered, on time, overdue, satisfaction, by category;
for the whole province (platform-wide holders) or one agency the user may see."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import AgencyKind
from chinhquyenso.core.models import Agency

from .. import services as feedback

PERM = "feedback.view_statistics"
FIRST_YEAR = 2025


def _int(value: str, default: int | None) -> int | None:
    return int(value) if value.isdigit() else default


@login_required
def statistics(request):
    if not core.has_perm(request.user, PERM):
        raise PermissionDenied
    this_year = timezone.localdate().year
    years = list(range(this_year, FIRST_YEAR - 1, -1))
    year = _int(request.GET.get("year", ""), this_year)
    if year not in years:
        year = this_year
    ids = core.agency_ids_with_perm(request.user, PERM)
    whole_province = ids is None
    agencies = Agency.objects.filter(kind=AgencyKind.STATE, valid_to=None).order_by("name")
    if not whole_province:
        agencies = agencies.filter(pk__in=ids)
    agencies = list(agencies)
    chosen = _int(request.GET.get("agency", ""), None)
    agency = next((a for a in agencies if a.pk == chosen), None)
    if agency is None and not whole_province:
        if not agencies:
            raise PermissionDenied
        agency = agencies[0]
    context = {
        "years": years,
        "year": year,
        "agencies": agencies,
        "agency": agency,
        "whole_province": whole_province,
        "figures": feedback.statistics(year, agency.pk if agency else None),
    }
    return render(request, "feedback/statistics.html", context)
