"""The report workflow under /api/v1/reporting/: reports with their state, submit, approve,
return, reopen, validation results, and completeness and timeliness of a form and period.
A report is named by its form, unit and period codes: /reports/DX_MONTHLY/TINH_AN/202602."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from . import services
from .models import DataSet, DataSetAssignment, OrgUnit, Report
from .services.entry_state import EntryState, as_period

router = Router(tags=["reporting workflow"])
VIEW = "reporting.view"
MAX_LIMIT = 500


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class ReportOut(Schema):
    data_set: str
    data_set_name: str
    org_unit: str
    org_unit_name: str
    period: str
    period_label: str
    status: str
    state: str
    open: bool
    reason: str
    due_date: datetime.date
    lock_date: datetime.date | None
    overdue: bool
    submitted_at: datetime.datetime | None = None
    submitted_by: str | None = None
    approved_at: datetime.datetime | None = None
    approved_by: str | None = None
    returned_reason: str = ""
    reopened_until: datetime.date | None = None
    on_time: bool | None = None


class ViolationOut(Schema):
    rule: str
    name: str
    message: str
    importance: str
    blocks: bool
    left: str
    operator: str
    right: str
    elements: list[str]


class SubmitOut(Schema):
    report: ReportOut
    warnings: list[ViolationOut]
    frozen: int


class ReturnIn(Schema):
    reason: str = ""


class ReopenIn(Schema):
    until: datetime.date


class UnitCompletenessOut(Schema):
    code: str
    name: str
    level: int
    status: str
    timeliness: str
    submitted_at: datetime.datetime | None


class CompletenessOut(Schema):
    data_set: str
    period: str
    due_date: datetime.date
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    completeness: float | None
    timeliness: float | None
    units: list[UnitCompletenessOut]


def _out(state: EntryState) -> dict:
    report = state.report
    data = {
        "data_set": state.data_set.code,
        "data_set_name": state.data_set.name,
        "org_unit": state.org_unit.code,
        "org_unit_name": state.org_unit.name,
        "period": state.period.id,
        "period_label": state.period.label(),
        "status": state.status,
        "state": state.state,
        "open": state.is_open,
        "reason": state.reason,
        "due_date": state.due_date,
        "lock_date": state.lock_date,
        "overdue": state.overdue,
    }
    if report is not None:
        data |= {
            "submitted_at": report.submitted_at,
            "submitted_by": report.submitted_by.get_username() if report.submitted_by else None,
            "approved_at": report.approved_at,
            "approved_by": report.approved_by.get_username() if report.approved_by else None,
            "returned_reason": report.returned_reason,
            "reopened_until": report.reopened_until,
            "on_time": report.on_time,
        }
    return data


def _form_and_unit(data_set: str, org_unit: str) -> tuple[DataSet, OrgUnit]:
    form = DataSet.objects.filter(code=data_set).first()
    unit = OrgUnit.objects.filter(code=org_unit).first()
    errors = {}
    if form is None:
        errors["data_set"] = [_("Unknown report form “%(code)s”.") % {"code": data_set}]
    if unit is None:
        errors["org_unit"] = [_("Unknown reporting unit “%(code)s”.") % {"code": org_unit}]
    if errors:
        raise ValidationError(errors)
    return form, unit


def _require_view(user, unit: OrgUnit) -> None:
    if not services.can(user, VIEW, unit):
        raise PermissionDenied(
            _("You may not see the reports of “%(unit)s”.") % {"unit": unit.name}
        )


def _report(request, data_set: str, org_unit: str, period: str) -> Report:
    form, unit = _form_and_unit(data_set, org_unit)
    _require_view(request.auth, unit)
    state = services.entry_state(form, unit, period)
    not_yet = (services.State.NOT_ASSIGNED, services.State.WRONG_PERIOD, services.State.NOT_STARTED)
    if state.state in not_yet:
        raise ValidationError(state.reason)
    return services.report_for(form, unit, state.period)


def _state(report: Report) -> dict:
    report = Report.objects.select_related(
        "data_set", "org_unit", "submitted_by", "approved_by"
    ).get(pk=report.pk)
    return _out(
        services.entry_state(report.data_set, report.org_unit, report.period, report=report)
    )


@router.get("/reports", response={200: list[ReportOut], 422: ErrorOut})
def report_list(
    request,
    data_set: str = "",
    period: str = "",
    org_unit: str = "",
    status: str = "",
    overdue: bool = False,
    limit: int = 100,
    offset: int = 0,
):
    """Reports of the units the caller may see (a unit and everything below it), newest period
    first. `org_unit` narrows to a unit's subtree; `overdue` keeps those past their due date and
    not submitted. Reports never started do not appear here: see /completeness."""
    reports = Report.objects.filter(
        org_unit__in=services.units_with_perm(request.auth, VIEW)
    ).select_related("data_set", "org_unit", "submitted_by", "approved_by")
    if data_set:
        reports = reports.filter(data_set__code=data_set)
    if period:
        reports = reports.filter(period=as_period(period).id)
    if org_unit:
        unit = OrgUnit.objects.filter(code=org_unit).first()
        reports = reports.filter(org_unit__path__startswith=unit.path) if unit else reports.none()
    if status:
        reports = reports.filter(status=status)
    if overdue:
        reports = reports.filter(status__in=("open", "returned"), due_date__lt=timezone.localdate())
    limit = max(1, min(limit, MAX_LIMIT))
    page = list(
        reports.order_by("-period_start", "data_set__code", "org_unit__path", "pk")[
            max(offset, 0) : max(offset, 0) + limit
        ]
    )
    assignments = {
        (a.data_set_id, a.org_unit_id): a
        for a in DataSetAssignment.objects.filter(
            data_set_id__in={r.data_set_id for r in page},
            org_unit_id__in={r.org_unit_id for r in page},
        )
    }
    return [
        _out(
            services.entry_state(
                r.data_set,
                r.org_unit,
                r.period,
                report=r,
                assignment=assignments.get((r.data_set_id, r.org_unit_id)),
            )
        )
        for r in page
    ]


@router.get(
    "/reports/{data_set}/{org_unit}/{period}",
    response={200: ReportOut, 403: ErrorOut, 422: ErrorOut},
    url_name="reporting_report_state",
)
def report_state(request, data_set: str, org_unit: str, period: str):
    """The report's state and why (open, locked, submitted, approved…), even before it starts."""
    form, unit = _form_and_unit(data_set, org_unit)
    _require_view(request.auth, unit)
    return _out(services.entry_state(form, unit, period))


@router.get(
    "/reports/{data_set}/{org_unit}/{period}/violations",
    response={200: list[ViolationOut], 403: ErrorOut, 422: ErrorOut},
)
def report_violations(request, data_set: str, org_unit: str, period: str):
    """The form's validation rules that the unit's values break (high importance first)."""
    form, unit = _form_and_unit(data_set, org_unit)
    _require_view(request.auth, unit)
    return [v.as_dict() for v in services.run_rules(form, unit, period)]


@router.post(
    "/reports/{data_set}/{org_unit}/{period}/submit",
    response={200: SubmitOut, 403: ErrorOut, 422: ErrorOut},
)
def submit(request, data_set: str, org_unit: str, period: str):
    """Send the report: refused (422, each broken rule in the detail) when a high-importance rule
    fails; automatic figures are frozen; low-importance rules come back as warnings."""
    result = services.submit(request.auth, _report(request, data_set, org_unit, period))
    return {
        "report": _state(result.report),
        "warnings": [v.as_dict() for v in result.warnings],
        "frozen": result.frozen,
    }


@router.post(
    "/reports/{data_set}/{org_unit}/{period}/approve",
    response={200: ReportOut, 403: ErrorOut, 422: ErrorOut},
)
def approve(request, data_set: str, org_unit: str, period: str):
    return _state(services.approve(request.auth, _report(request, data_set, org_unit, period)))


@router.post(
    "/reports/{data_set}/{org_unit}/{period}/return",
    response={200: ReportOut, 403: ErrorOut, 422: ErrorOut},
)
def return_report(request, data_set: str, org_unit: str, period: str, body: ReturnIn):
    report = _report(request, data_set, org_unit, period)
    return _state(services.return_report(request.auth, report, body.reason))


@router.post(
    "/reports/{data_set}/{org_unit}/{period}/reopen",
    response={200: ReportOut, 403: ErrorOut, 422: ErrorOut},
)
def reopen(request, data_set: str, org_unit: str, period: str, body: ReopenIn):
    report = _report(request, data_set, org_unit, period)
    return _state(services.reopen(request.auth, report, body.until))


@router.get("/completeness", response={200: CompletenessOut, 403: ErrorOut, 422: ErrorOut})
def completeness(request, data_set: str, period: str, org_unit: str = ""):
    """Completeness and timeliness of a form and period over the units the caller may see
    (below `org_unit` when given): expected, submitted on time, late, missing, and each unit."""
    form = DataSet.objects.filter(code=data_set).first()
    if form is None:
        raise ValidationError(
            {"data_set": [_("Unknown report form “%(code)s”.") % {"code": data_set}]}
        )
    within = None
    if org_unit:
        _form, within = _form_and_unit(data_set, org_unit)
        _require_view(request.auth, within)
    result = services.completeness(form, period, within=within, visible_to=request.auth)
    return result.as_dict() | {
        "due_date": result.due_date,
        "units": [
            {
                "code": unit.code,
                "name": unit.name,
                "level": unit.level,
                "status": unit.report_status or "open",
                "timeliness": unit.timeliness,
                "submitted_at": unit.report_submitted_at,
            }
            for unit in result.units
        ],
    }
