"""Whether a unit's report for a form and period is open for entry, and why not: not started,
not assigned, submitted, approved, or locked after its lock date (unless an approver reopened it).
The grid, the imports and the API all ask this one function."""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ReportStatus
from ..models import DataSet, DataSetAssignment, OrgUnit, Report
from ..periods import Period

UNKNOWN = object()  # entry_state(report=…) not given: look it up


def today() -> datetime.date:
    return timezone.localdate()


def as_period(value: Period | str) -> Period:
    return value if isinstance(value, Period) else Period.parse(value)


def report_dates(data_set: DataSet, period: Period) -> tuple[datetime.date, datetime.date | None]:
    """(due date, lock date): the due date is the end of the Nghị định 09 cut-off window plus the
    form's due days; entry closes lock days later (never when lock days is 0)."""
    due = period.cutoff[1] + datetime.timedelta(days=data_set.due_days)
    lock = due + datetime.timedelta(days=data_set.lock_days) if data_set.lock_days else None
    return due, lock


def _date(day: datetime.date | datetime.datetime | None) -> str:
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return day.strftime("%d/%m/%Y") if day else ""


class State:
    OPEN = "open"
    LOCKED = "locked"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    NOT_STARTED = "not_started"
    NOT_ASSIGNED = "not_assigned"
    WRONG_PERIOD = "wrong_period"


@dataclasses.dataclass(frozen=True)
class EntryState:
    state: str
    reason: str
    data_set: DataSet
    org_unit: OrgUnit
    period: Period
    due_date: datetime.date
    lock_date: datetime.date | None
    report: Report | None

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.OPEN

    @property
    def overdue(self) -> bool:
        return self.status in (ReportStatus.OPEN, ReportStatus.RETURNED) and today() > self.due_date

    def require_open(self) -> None:
        if not self.is_open:
            raise ValidationError(self.reason)


def report_for(
    data_set: DataSet, org_unit: OrgUnit, period: Period | str, *, lock: bool = False
) -> Report:
    """The unit's report for this form and period, created on first use with its due and lock
    dates; with `lock`, the row is locked until the transaction ends (entry against submission)."""
    period = as_period(period)
    due, lock_date = report_dates(data_set, period)
    report, _created = Report.objects.get_or_create(
        data_set=data_set,
        org_unit=org_unit,
        period=period.id,
        defaults={"period_start": period.start, "due_date": due, "lock_date": lock_date},
    )
    if lock:
        report = Report.objects.select_for_update().get(pk=report.pk)
    return report


def _lock_passed(report: Report | None, lock_date: datetime.date | None, day) -> bool:
    if lock_date is None or day <= lock_date:
        return False
    return not (report and report.reopened_until and day <= report.reopened_until)


def entry_state(
    data_set: DataSet,
    org_unit: OrgUnit,
    period: Period | str,
    *,
    report: Report | None | object = UNKNOWN,
    assignment: DataSetAssignment | None = None,
) -> EntryState:
    """The state of entry for this form, unit and period, with the reason shown to the user.

    `report` (None: there is none yet) and `assignment` may be passed when already loaded."""
    period = as_period(period)
    day = today()
    due, lock = report_dates(data_set, period)
    if report is UNKNOWN:
        report = Report.objects.filter(
            data_set=data_set, org_unit=org_unit, period=period.id
        ).first()
    if report is not None:
        due, lock = report.due_date, report.lock_date

    def state(code: str, reason: str) -> EntryState:
        return EntryState(code, reason, data_set, org_unit, period, due, lock, report)

    if period.periodicity != data_set.periodicity:
        return state(
            State.WRONG_PERIOD,
            _("“%(form)s” is reported %(periodicity)s; %(period)s is not such a period.")
            % {
                "form": data_set.name,
                "periodicity": data_set.get_periodicity_display().lower(),
                "period": period.id,
            },
        )
    if assignment is None:
        assignment = DataSetAssignment.objects.filter(data_set=data_set, org_unit=org_unit).first()
    if assignment is None or not data_set.is_active or not org_unit.is_active:
        return state(
            State.NOT_ASSIGNED,
            _("The unit “%(unit)s” does not report on “%(form)s”.")
            % {"unit": org_unit.name, "form": data_set.name},
        )
    if assignment.since and period.end < assignment.since:
        return state(
            State.NOT_ASSIGNED,
            _("The unit “%(unit)s” reports on “%(form)s” only since %(date)s.")
            % {"unit": org_unit.name, "form": data_set.name, "date": _date(assignment.since)},
        )
    if period.start > day:
        return state(
            State.NOT_STARTED,
            _("%(period)s has not started yet: values cannot be entered for the future.")
            % {"period": period.label()},
        )
    status = report.status if report else ReportStatus.OPEN
    if status == ReportStatus.APPROVED:
        return state(
            State.APPROVED,
            _("The report was approved on %(date)s; its values can no longer be changed.")
            % {"date": _date(report.approved_at or report.submitted_at)},
        )
    if status == ReportStatus.SUBMITTED:
        return state(
            State.SUBMITTED,
            _(
                "The report was submitted on %(date)s and waits for approval; the approver can"
                " return it for correction."
            )
            % {"date": _date(report.submitted_at)},
        )
    if _lock_passed(report, lock, day):
        return state(
            State.LOCKED,
            _("Entry closed after %(date)s (the lock date); an approver can reopen it.")
            % {"date": _date(lock)},
        )
    if report and report.reopened_until and lock and day > lock:
        reason = _("Reopened for entry until %(date)s.") % {"date": _date(report.reopened_until)}
    elif status == ReportStatus.RETURNED:
        reason = _("Returned for correction: %(reason)s") % {"reason": report.returned_reason}
    elif lock:
        reason = _("Open for entry; due on %(due)s, entry closes after %(lock)s.") % {
            "due": _date(due),
            "lock": _date(lock),
        }
    else:
        reason = _("Open for entry; due on %(due)s.") % {"due": _date(due)}
    return state(State.OPEN, reason)
