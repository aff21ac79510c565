"""Pages of the QĐ 766 citizen-service index: public statistics (Excel too) and officers' detail."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import indicators
from ..indicators_sql import RUNNING
from ..models import ServiceDossier

OVERDUE_SHOWN = 200  # the officers' page lists the oldest overdue dossiers, not all of them


def _period(request) -> tuple[indicators.Period, list[str]]:
    get = request.GET
    try:
        return indicators.Period.parse(get.get("year"), get.get("quarter"), get.get("month")), []
    except ValidationError as exc:
        return indicators.Period.parse(None), exc.messages


def _cells(row: dict) -> dict:
    """A result row as ordered cells, because templates cannot look keys up by variable."""
    return {
        **row,
        "ratio_cells": [row["ratios"][key] for key in indicators.RATIOS],
        "point_cells": [row["points"][group.key] for group in indicators.GROUPS],
    }


def _context(period: indicators.Period, errors: list[str]) -> dict:
    result = indicators.indicators(period, by_agency=True)
    columns = [result["province"], *result["levels"]]
    group_of = {key: g for g in indicators.GROUPS for key, _weight in g.parts}
    return {
        "result": result,
        "province": _cells(result["province"]),
        "levels": [_cells(row) for row in result["levels"]],
        # Transposed for reading: one line per ratio or group, one column per scope.
        "ratio_table": [
            {"ratio": r, "group": group_of[key], "cells": [c["ratios"][key] for c in columns]}
            for key, r in indicators.RATIOS.items()
        ],
        "points_table": [
            {"group": g, "cells": [c["points"][g.key] for c in columns]} for g in indicators.GROUPS
        ],
        "agencies": [_cells(row) for row in result["agencies"]],
        "ratio_defs": list(indicators.RATIOS.values()),
        "groups": indicators.GROUPS,
        "period": period,
        "errors": errors,
        "quarters": [1, 2, 3, 4],
        "months": list(range(1, 13)),
    }


def _xlsx(context: dict) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Indicators")[:31])
    sheet.append(
        [_("Agency"), _("Level"), _("Dossiers received"), _("Average rating")]
        + [f"{r.label} (%)" for r in context["ratio_defs"]]
        + [f"{g.label} (/{g.points})" for g in context["groups"]]
        + [_("Total"), _("Of the measurable points"), _("Index (/100)")]
    )
    rows = [(_("Whole province"), "", context["province"])]
    rows += [(_("All agencies"), row["level_label"], row) for row in context["levels"]]
    rows += [(row["agency"], row["level_label"], row) for row in context["agencies"]]
    for name, level, row in rows:
        sheet.append(
            [name, level, row["counts"]["received"], row["average_rating"]]
            + row["ratio_cells"]
            + row["point_cells"]
            + [row["total"], row["total_max"], row["index"]]
        )
    period = context["period"]
    suffix = f"q{period.quarter}" if period.quarter else f"m{period.month}" if period.month else ""
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="chi-so-766-{period.year}{suffix}.xlsx"'
    )
    workbook.save(response)
    return response


def statistics(request):
    """Public: the province publishes its index (no login, aggregates only)."""
    period, errors = _period(request)
    context = _context(period, errors)
    if request.GET.get("export") == "xlsx" and not errors:
        return _xlsx(context)
    context["perms_detail"] = request.user.is_authenticated and core.has_perm(
        request.user, "services.view_indicators"
    )
    return render(request, "services/statistics.html", context, status=400 if errors else 200)


@login_required
def statistics_detail(request):
    """Officers and leaders: the raw counts of their agencies and the dossiers overdue now."""
    if not core.has_perm(request.user, "services.view_indicators"):
        raise PermissionDenied
    period, errors = _period(request)
    context = _context(period, errors)
    scope = core.agencies_with_perm(request.user, "services.view_indicators")
    ids = set(scope.values_list("pk", flat=True))
    context["agencies"] = [row for row in context["agencies"] if row["agency_id"] in ids]
    context["overdue"] = (
        ServiceDossier.objects.filter(
            agency__in=scope, status__in=RUNNING, due_date__lt=timezone.localdate()
        )
        .select_related("procedure", "agency")
        .only("code", "due_date", "status", "procedure__name", "agency__name")
        .order_by("due_date", "id")[:OVERDUE_SHOWN]
    )
    return render(
        request, "services/statistics_detail.html", context, status=400 if errors else 200
    )
