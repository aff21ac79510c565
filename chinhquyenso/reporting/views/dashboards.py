"""The dashboard "Nghị quyết chuyển đổi số": every indicator of the resolution for a reporting unit
(and its subtree), computed when the page is opened; exports to XLSX, PDF and PNG."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import analytics_dashboard, charts, services
from ..exports import Sheet, respond
from ..models import OrgUnit

VIEW = "reporting.view"


def unit_in_scope(request, code: str | None = None) -> OrgUnit:
    """The unit asked for (?unit=CODE), or the highest unit the user may view; viewing covers
    the whole subtree of the units where the user holds reporting.view."""
    allowed = services.units_with_perm(request.user, VIEW)
    code = (code if code is not None else request.GET.get("unit", "")).strip()
    if not code:
        unit = allowed.order_by("depth", "name").first()
        if unit is None:
            raise PermissionDenied(_("No reporting unit is open to you."))
        return unit
    unit = allowed.filter(code=code).first()
    if unit is None:
        if OrgUnit.objects.filter(code=code).exists():
            raise PermissionDenied(
                _("You may not view the reporting unit “%(code)s”.") % {"code": code}
            )
        raise Http404(_("There is no reporting unit “%(code)s”.") % {"code": code})
    return unit


def navigation(request, unit: OrgUnit, keep: dict | None = None) -> dict:
    """Breadcrumbs up to the highest unit the user may view, and the units just below; `keep`
    are the other query parameters the links carry."""
    allowed = services.units_with_perm(request.user, VIEW)
    ids = [int(i) for i in unit.path.strip("/").split("/")]
    ancestors = list(allowed.filter(pk__in=ids).order_by("depth"))
    children = list(OrgUnit.objects.filter(parent=unit, is_active=True).order_by("name"))
    keep = {k: v for k, v in (keep or {}).items() if v}
    return {
        "unit": unit,
        "ancestors": ancestors,
        "children": children,
        "keep": list(keep.items()),
        "extra_query": f"&{urlencode(keep)}" if keep else "",
    }


def dashboard_sheet(unit: OrgUnit, rows: list) -> Sheet:
    header = [
        _("Indicator"),
        _("Latest value"),
        _("Period"),
        _("Target 2025"),
        _("Target 2030"),
        _("Status"),
        _("Source"),
    ]
    lines = []
    for row in rows:
        lines.append(_sheet_row(row.indicator.name, row, row.latest))
        for level in row.levels:
            name = f"    {row.indicator.name} — {level.label}"
            lines.append(_sheet_row(name, row, level.latest, level.assessment.label))

    def chart() -> bytes:
        # Where each indicator stands: the share of its latest value in its nearest target.
        bars = []
        for row in rows:
            target = row.assessment.target
            if row.latest and target and target.value:
                bars.append((row.indicator.code, 100 * row.latest.value / target.value))
        return charts.comparison(
            _("Latest value as a share of the target"), bars, 100, "%", fmt="png"
        )

    return Sheet(
        title=_("Resolution on digital transformation — %(unit)s") % {"unit": unit.name},
        name=f"nghi-quyet-chuyen-doi-so-{unit.code}",
        header=header,
        rows=lines,
        subtitle=[
            _("Computed on %(when)s from the values stored at that moment.")
            % {"when": timezone.localtime().strftime("%d/%m/%Y %H:%M")}
        ],
        chart=chart,
    )


def _sheet_row(name, row, latest, status=None) -> list:
    return [
        name,
        analytics_dashboard.show(row.indicator, latest.value) if latest else "—",
        latest.period.label() if latest else "",
        row.target_label(2025),
        row.target_label(2030),
        status if status is not None else row.assessment.label,
        _("automatic") if row.automatic else _("entered"),
    ]


@login_required
def dashboard(request):
    unit = unit_in_scope(request)
    rows = analytics_dashboard.rows(unit)
    exported = respond(request, dashboard_sheet(unit, rows))
    if exported is not None:
        return exported
    groups: list[tuple] = []
    for row in rows:
        group = row.indicator.group
        if not groups or groups[-1][0] != group:
            groups.append((group, []))
        groups[-1][1].append(row)
    context = {
        **navigation(request, unit),
        "groups": groups,
        "computed_at": timezone.localtime(),
        "levels_empty": _levels_empty(unit),
    }
    return render(request, "reporting/dashboard.html", context)


def _levels_empty(unit: OrgUnit) -> list[str]:
    """Administrative levels below the unit with no unit at all (no districts since 2025)."""
    from chinhquyenso.core.choices import UnitLevel

    present = set(
        OrgUnit.objects.filter(path__startswith=unit.path, is_active=True)
        .values_list("level", flat=True)
        .distinct()
    )
    return [str(level.label) for level in UnitLevel if level > unit.level and level not in present]
