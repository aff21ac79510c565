"""The entry grid of one form, unit and period: rows are the form's elements by section, columns
their disaggregation cells; each cell saves on change through a small JSON endpoint."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..choices import ReportStatus, ValueSource, ValueType
from ..models import DataSet, DataValue, OrgUnit
from ..periods import Period
from ..services.entry_state import State, today
from ..services.entry_values import canonical
from ..services.metadata_combos import cells_of
from ..sources import PROVIDERS

ENTER, APPROVE, VIEW = "reporting.enter_data", "reporting.approve", "reporting.view"


def load(user, form: str, unit: str, period: str) -> tuple[DataSet, OrgUnit, Period]:
    """The form, unit and period named in the URL, when the user may see the unit."""
    data_set = DataSet.objects.filter(code=form).first()
    org_unit = OrgUnit.objects.filter(code=unit).first()
    try:
        parsed = Period.parse(period)
    except ValidationError:
        raise Http404 from None
    if data_set is None or org_unit is None or parsed.periodicity != data_set.periodicity:
        raise Http404
    if not services.can(user, VIEW, org_unit):
        raise PermissionDenied
    return data_set, org_unit, parsed


def _automatic(element, stored: DataValue | None, period: Period, unit: OrgUnit) -> dict:
    """An automatic element's figure: frozen into the report, or computed now by its source."""
    if stored is not None:
        return {"value": stored.value, "lineage": stored.lineage or {}, "frozen": True}
    provider = PROVIDERS.get(element.provider)
    if provider is None:
        return {"value": "", "lineage": {}, "frozen": False}
    figure = provider(period, unit)
    value = "" if figure.value is None else canonical(figure.value)
    return {"value": value, "lineage": figure.lineage(), "frozen": False}


def layout(data_set: DataSet, unit: OrgUnit, period: Period) -> list[dict]:
    """Sections → groups of consecutive elements sharing a disaggregation set → rows → cells."""
    stored = {
        (v.element_id, v.option_combo_id): v
        for v in DataValue.objects.filter(
            org_unit=unit, period=period.id, element__data_sets=data_set
        )
    }
    cells: dict[int, list] = {}
    sections: list[dict] = []
    row_index = 0
    rows = data_set.rows.select_related("element__combo").order_by("sort_order", "id")
    for form_row in rows:
        element = form_row.element
        if not element.is_active:
            continue
        if element.combo_id not in cells:
            cells[element.combo_id] = cells_of(element.combo)
        if not sections or sections[-1]["name"] != form_row.section:
            sections.append({"name": form_row.section, "groups": []})
        groups = sections[-1]["groups"]
        if not groups or groups[-1]["combo"].pk != element.combo_id:
            groups.append({"combo": element.combo, "cells": cells[element.combo_id], "rows": []})
        row = {"element": element, "index": row_index, "inputs": []}
        if element.source == ValueSource.AUTOMATIC:
            cell = cells[element.combo_id][0]
            row["automatic"] = _automatic(element, stored.get((element.pk, cell.pk)), period, unit)
        else:
            for column, cell in enumerate(cells[element.combo_id]):
                value = stored.get((element.pk, cell.pk))
                row["inputs"].append(
                    {
                        "cell": cell,
                        "column": column,
                        "id": f"v-{element.code}-{cell.code}",
                        "name": f"{element.code}.{cell.code}",
                        "value": value.value if value else "",
                        "comment": value.comment if value else "",
                    }
                )
        groups[-1]["rows"].append(row)
        row_index += 1
    return sections


@login_required
def grid(request, form: str, unit: str, period: str):
    data_set, org_unit, parsed = load(request.user, form, unit, period)
    state = services.entry_state(data_set, org_unit, parsed)
    if state.state == State.NOT_ASSIGNED:
        raise Http404
    enters = services.can(request.user, ENTER, org_unit)
    approves = services.can(request.user, APPROVE, org_unit)
    # After the lock date an approver may reopen entry (or extend a reopening).
    lock_passed = state.lock_date is not None and today() > state.lock_date
    reopenable = state.status in (ReportStatus.OPEN, ReportStatus.RETURNED) and lock_passed
    args = [data_set.code, org_unit.code, parsed.id]
    context = {
        "data_set": data_set,
        "unit": org_unit,
        "period": parsed,
        "state": state,
        "sections": layout(data_set, org_unit, parsed),
        "violations": services.run_rules(data_set, org_unit, parsed),
        "editable": enters and state.is_open,
        "can_submit": enters and state.is_open,
        "can_approve": approves and state.status == ReportStatus.SUBMITTED,
        "can_return": approves and state.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        "can_reopen": approves and reopenable,
        "save_url": reverse("reporting:entry_save", args=args),
        "previous": parsed.previous(),
        "next": parsed.next(),
        "ValueType": ValueType,
        "enters": enters,
    }
    context["urls"] = {
        action: reverse("reporting:report_action", args=[*args, action])
        for action in ("submit", "approve", "return", "reopen")
    }
    return render(request, "reporting/entry_grid.html", context)


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


@login_required
@require_POST
def save_cell(request, form: str, unit: str, period: str):
    """JSON in: {"element", "cell", "value"}; out: {"ok": true, "action", "value", "warnings",
    "violations"}, or {"ok": false, "error"} — status 200 when the value was refused (the error
    says why), 403 not allowed, 404 no such report, 400 not JSON."""
    try:
        data_set, org_unit, parsed = load(request.user, form, unit, period)
    except Http404:
        return _error(_("This report does not exist."), 404)
    except PermissionDenied:
        return _error(_("You may not enter data for this reporting unit."), 403)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _error(_("The request is not a JSON object."), 400)
    try:
        result = services.save_value(
            request.user,
            element=str(body.get("element") or ""),
            option_combo=str(body.get("cell") or "") or None,
            org_unit=org_unit,
            period=parsed,
            value=body.get("value"),
            data_set=data_set,
            enforce_rules=True,
        )
    except ValidationError as exc:
        # A refused value is an answer, not a failed request: the browser console stays clean.
        return _error(" ".join(exc.messages), 200)
    except PermissionDenied as exc:
        return _error(str(exc), 403)
    return JsonResponse(
        {
            "ok": True,
            "action": result.action,
            "value": result.value.value if result.value else "",
            "warnings": [w.message for w in result.warnings],
            "violations": [v.as_dict() for v in services.run_rules(data_set, org_unit, parsed)],
        }
    )
