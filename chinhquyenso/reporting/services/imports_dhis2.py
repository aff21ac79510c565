"""DHIS2-compatible data value sets: import a payload shaped like DHIS2's `dataValueSets` and
answer with its importSummary; export a form's values for a period and unit (and its children).

Identifiers are our codes (data element, disaggregation cell, unit, form). Unlike DHIS2's default,
an import is atomic (atomicMode=ALL): one bad value and nothing is stored, every bad value listed
as a conflict; atomicMode=NONE gives DHIS2's partial import (docs/reporting.md, "dataValueSets")."""

import dataclasses
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DataSet, DataValue, OrgUnit, Report
from . import entry, workflow
from .entry_state import as_period, report_for
from .units import units_with_perm

MAX_VALUES = 50_000
ATOMIC_MODES = ("ALL", "NONE")


@dataclasses.dataclass
class Options:
    dry_run: bool = False
    strategy: str = entry.Strategy.CREATE_AND_UPDATE
    atomic_mode: str = "ALL"


def _summary(options: Options, counts: dict, conflicts: list, complete: str, status: str) -> dict:
    descriptions = {
        "SUCCESS": _("Import complete."),
        "WARNING": _("Import complete with conflicts: some values were ignored."),
        "ERROR": _("Nothing was imported: correct the conflicts and send the set again."),
    }
    return {
        "responseType": "ImportSummary",
        "status": status,
        "description": str(descriptions[status]),
        "importOptions": {
            "dryRun": options.dry_run,
            "importStrategy": options.strategy,
            "atomicMode": options.atomic_mode,
        },
        "importCount": counts,
        "conflicts": conflicts,
        "dataSetComplete": complete,
    }


def _conflict(error: entry.RowError) -> dict:
    return {
        "object": error.object,
        "value": error.message,
        "property": error.field,
        "indexes": [error.index],
    }


def _rows(payload: dict, data_set: DataSet | None) -> list[dict]:
    rows = []
    for value in payload.get("dataValues") or []:
        rows.append(
            {
                "element": value.get("dataElement") or "",
                "option_combo": value.get("categoryOptionCombo") or None,
                "org_unit": value.get("orgUnit") or payload.get("orgUnit") or "",
                "period": value.get("period") or payload.get("period") or "",
                "value": value.get("value"),
                "comment": value.get("comment"),
                "data_set": data_set,
            }
        )
    return rows


def _complete(user, payload: dict, data_set: DataSet | None) -> tuple[str, str]:
    """Submit the report named by dataSet/period/orgUnit (DHIS2's completeDate)."""
    if not (data_set and payload.get("period") and payload.get("orgUnit")):
        raise ValidationError(_("completeDate needs dataSet, period and orgUnit."))
    unit = OrgUnit.objects.filter(code=payload["orgUnit"], is_active=True).first()
    if unit is None:
        raise ValidationError(
            _("Unknown reporting unit “%(code)s”.") % {"code": payload["orgUnit"]}
        )
    report = report_for(data_set, unit, as_period(payload["period"]))
    submitted = workflow.submit(user, report).report
    return data_set.code, timezone.localdate(submitted.submitted_at).isoformat()


def import_data_value_set(user, payload: dict, options: Options | None = None) -> dict:
    """Import the set; returns DHIS2's importSummary (status SUCCESS, WARNING or ERROR)."""
    options = options or Options()
    if options.strategy not in entry.Strategy.ALL:
        raise ValidationError(
            _("Unknown import strategy “%(value)s”.") % {"value": options.strategy}
        )
    if options.atomic_mode not in ATOMIC_MODES:
        raise ValidationError(_("atomicMode is ALL or NONE."))
    if len(payload.get("dataValues") or []) > MAX_VALUES:
        raise ValidationError(_("At most %(max)s values at once.") % {"max": MAX_VALUES})
    total = len(payload.get("dataValues") or [])
    counts = {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0}
    data_set = None
    if payload.get("dataSet"):
        data_set = DataSet.objects.filter(code=payload["dataSet"], is_active=True).first()
        if data_set is None:
            message = _("Unknown report form “%(code)s”.") % {"code": payload["dataSet"]}
            conflict = {"object": payload["dataSet"], "value": message, "property": "dataSet"}
            return _summary(options, counts | {"ignored": total}, [conflict], "false", "ERROR")
    atomic = options.atomic_mode == "ALL"
    conflicts: list[dict] = []
    complete = "false"
    with transaction.atomic():
        try:
            batch = entry.save_values(
                user, _rows(payload, data_set), atomic=atomic, strategy=options.strategy
            )
        except entry.ValuesRefused as refused:
            conflicts = [_conflict(error) for error in refused.row_errors]
            return _summary(options, counts | {"ignored": total}, conflicts, "false", "ERROR")
        conflicts = [_conflict(error) for error in batch.errors]
        for result_index, result in enumerate(batch.results):
            if result is not None and result.action == "ignored":
                conflicts.append(
                    {
                        "object": payload["dataValues"][result_index].get("dataElement", ""),
                        "value": result.note,
                        "property": "importStrategy",
                        "indexes": [result_index],
                    }
                )
        if payload.get("completeDate") and not batch.errors:
            try:
                _code, complete = _complete(user, payload, data_set)
            except (ValidationError, PermissionDenied) as exc:
                message = " ".join(exc.messages) if hasattr(exc, "messages") else str(exc)
                conflicts.append(
                    {
                        "object": payload.get("dataSet", ""),
                        "value": message,
                        "property": "completeDate",
                    }
                )
                if atomic:
                    transaction.set_rollback(True)
                    return _summary(
                        options, counts | {"ignored": total}, conflicts, "false", "ERROR"
                    )
        if options.dry_run:
            transaction.set_rollback(True)
    counts["imported"] = batch.count("created")
    counts["updated"] = batch.count("updated")
    counts["deleted"] = batch.count("deleted")
    counts["ignored"] = total - counts["imported"] - counts["updated"] - counts["deleted"]
    if total and counts["ignored"] == total and batch.errors:
        status = "ERROR"
    elif conflicts:
        status = "WARNING"
    else:
        status = "SUCCESS"
    return _summary(options, counts, conflicts, complete, status)


def _viewable(user, code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationError(
            {"orgUnit": [_("Unknown reporting unit “%(code)s”.") % {"code": code}]}
        )
    if not units_with_perm(user, "reporting.view").filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not see the values of “%(unit)s”.") % {"unit": unit.name})
    return unit


def export_data_value_set(
    user, *, data_set: str, period: str, org_unit: str, children: bool = False
) -> dict:
    """The stored values of a form for a period and a unit (with children, its whole subtree),
    in the shape a dataValueSets import accepts."""
    form = DataSet.objects.filter(code=data_set).first()
    if form is None:
        raise ValidationError(
            {"dataSet": [_("Unknown report form “%(code)s”.") % {"code": data_set}]}
        )
    try:
        parsed = as_period(period)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from None
    unit = _viewable(user, org_unit)
    values = DataValue.objects.filter(element__data_sets=form, period=parsed.id)
    if children:
        values = values.filter(org_unit__path__startswith=unit.path)
    else:
        values = values.filter(org_unit=unit)
    values = values.select_related("element", "option_combo", "org_unit", "stored_by").order_by(
        "org_unit__path", "element__code", "option_combo__sort_order", "option_combo__code"
    )
    result = {"dataSet": form.code, "period": parsed.id, "orgUnit": unit.code}
    report = Report.objects.filter(data_set=form, org_unit=unit, period=parsed.id).first()
    if report and report.submitted_at and report.status in ("submitted", "approved"):
        result["completeDate"] = timezone.localdate(report.submitted_at).isoformat()
    result["dataValues"] = [_value(v) for v in values]
    return result


def _iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _value(value: DataValue) -> dict:
    item = {
        "dataElement": value.element.code,
        "categoryOptionCombo": value.option_combo.code,
        "orgUnit": value.org_unit.code,
        "period": value.period,
        "value": value.value,
        "comment": value.comment,
        "storedBy": value.stored_by.get_username() if value.stored_by else "",
        "created": _iso(value.created_at),
        "lastUpdated": _iso(value.updated_at),
    }
    if value.lineage:
        item["lineage"] = value.lineage
    return item
