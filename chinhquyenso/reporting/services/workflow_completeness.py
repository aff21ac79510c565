"""Who reported: completeness and timeliness per form, period and unit (expected = the units the
form is assigned to; submitted on time, late, missing), and the reports a user has to deal with.
Read-only selectors, used by the pages, the API and the dashboards."""

import dataclasses
import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ..choices import ReportStatus
from ..models import DataSet, DataSetAssignment, OrgUnit, Report
from ..periods import Period, periods_between
from .entry_state import EntryState, as_period, entry_state, report_dates, today
from .units import units_with_perm

SUBMITTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


def expected_units(
    data_set: DataSet, period: Period | str, within: OrgUnit | None = None, *, visible_to=None
) -> QuerySet[OrgUnit]:
    """The units that must send this form for this period (assigned, active, reporting since
    before the period ended), each annotated with its report's state: report_id, report_status,
    report_submitted_at, report_due_date (None when no report exists yet)."""
    period = as_period(period)
    reports = Report.objects.filter(data_set=data_set, period=period.id, org_unit=OuterRef("pk"))
    units = OrgUnit.objects.filter(
        Q(assignments__since__isnull=True) | Q(assignments__since__lte=period.end),
        is_active=True,
        assignments__data_set=data_set,
    )
    if within is not None:
        units = units.filter(path__startswith=within.path)
    if visible_to is not None:
        units = units.filter(pk__in=units_with_perm(visible_to, "reporting.view").values("pk"))
    return units.annotate(
        report_id=Subquery(reports.values("pk")[:1]),
        report_status=Subquery(reports.values("status")[:1]),
        report_submitted_at=Subquery(reports.values("submitted_at")[:1]),
        report_due_date=Subquery(reports.values("due_date")[:1]),
    ).order_by("path")


def timeliness(unit: OrgUnit, default_due: datetime.date) -> str:
    """On time, late or missing, for a unit from `expected_units`."""
    if unit.report_status not in SUBMITTED or unit.report_submitted_at is None:
        return Timeliness.MISSING
    due = unit.report_due_date or default_due
    submitted = timezone.localdate(unit.report_submitted_at)
    return Timeliness.ON_TIME if submitted <= due else Timeliness.LATE


@dataclasses.dataclass
class Completeness:
    data_set: DataSet
    period: Period
    due_date: datetime.date
    units: list[OrgUnit]  # annotated as in expected_units, plus .timeliness
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def completeness_rate(self) -> float | None:
        return round(100 * self.submitted / self.expected, 1) if self.expected else None

    @property
    def timeliness_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None

    @property
    def overdue(self) -> bool:
        """Whether missing reports are already late (the due date has passed)."""
        return today() > self.due_date

    def as_dict(self) -> dict:
        return {
            "data_set": self.data_set.code,
            "period": self.period.id,
            "due_date": self.due_date.isoformat(),
            "expected": self.expected,
            "submitted": self.submitted,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "completeness": self.completeness_rate,
            "timeliness": self.timeliness_rate,
        }


def completeness(
    data_set: DataSet, period: Period | str, *, within: OrgUnit | None = None, visible_to=None
) -> Completeness:
    """Completeness and timeliness of one form and period, over the units below `within` (all
    when None) that `visible_to` (a user, when given) may look at: one query."""
    period = as_period(period)
    due, _lock = report_dates(data_set, period)
    result = Completeness(data_set, period, due, [])
    for unit in expected_units(data_set, period, within, visible_to=visible_to):
        unit.timeliness = timeliness(unit, due)
        result.units.append(unit)
        result.expected += 1
        setattr(result, unit.timeliness, getattr(result, unit.timeliness) + 1)
    return result


@dataclasses.dataclass(frozen=True)
class ReportRow:
    entry: EntryState
    can_enter: bool
    can_approve: bool

    @property
    def data_set(self) -> DataSet:
        return self.entry.data_set

    @property
    def org_unit(self) -> OrgUnit:
        return self.entry.org_unit

    @property
    def period(self) -> Period:
        return self.entry.period


def recent_periods(periodicity: str, count: int = 12, *, days: int = 3 * 366) -> list[Period]:
    """At most `count` periods that have started within the last `days`, newest first."""
    day = today()
    first = day - datetime.timedelta(days=days)
    started = [p for p in periods_between(periodicity, first, day) if p.start <= day]
    return list(reversed(started))[:count]


def my_reports(user, *, count: int = 12, days: int = 365) -> list[ReportRow]:
    """Every form × period started within `days` (at most `count` per form) of the units where
    the user enters data or approves, with its state, the latest due date first; reports
    nobody has touched yet appear as open."""
    enter = set(units_with_perm(user, "reporting.enter_data").values_list("pk", flat=True))
    approve = set(units_with_perm(user, "reporting.approve").values_list("pk", flat=True))
    assignments = list(
        DataSetAssignment.objects.filter(
            org_unit_id__in=enter | approve, data_set__is_active=True, org_unit__is_active=True
        ).select_related("data_set", "org_unit")
    )
    periods = {
        a.data_set.periodicity: recent_periods(a.data_set.periodicity, count, days=days)
        for a in assignments
    }
    wanted = {p.id for ps in periods.values() for p in ps}
    reports = {
        (r.data_set_id, r.org_unit_id, r.period): r
        for r in Report.objects.filter(
            org_unit_id__in=enter | approve,
            data_set_id__in={a.data_set_id for a in assignments},
            period__in=wanted,
        )
    }
    rows = []
    for assignment in assignments:
        for period in periods[assignment.data_set.periodicity]:
            if assignment.since and period.end < assignment.since:
                continue
            report = reports.get((assignment.data_set_id, assignment.org_unit_id, period.id))
            state = entry_state(
                assignment.data_set,
                assignment.org_unit,
                period,
                report=report,
                assignment=assignment,
            )
            rows.append(
                ReportRow(
                    state,
                    assignment.org_unit_id in enter,
                    assignment.org_unit_id in approve,
                )
            )
    rows.sort(key=lambda r: (-r.entry.due_date.toordinal(), r.data_set.name, r.org_unit.path))
    return rows
