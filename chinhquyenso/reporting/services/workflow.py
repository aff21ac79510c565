"""The life of a unit's report (Nghị định 09/2019): submitted by the unit (validation rules run,
automatic figures frozen with their lineage), approved or returned by the unit's head, and after
the lock date reopened for a while by an approver."""

import dataclasses
import datetime
import decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import RoleAssignment
from chinhquyenso.core.permissions import PERMISSIONS

from ..choices import Operator, ReportStatus, ValueSource
from ..models import DataValue, OrgUnit, Report
from ..sources import PROVIDERS
from . import validation
from .entry_state import as_period, entry_state, today
from .entry_values import canonical
from .metadata import default_option_combo
from .units import require_unit

ENTER, APPROVE = "reporting.enter_data", "reporting.approve"
# Returning a report after its lock date reopens entry for this many days.
RETURN_REOPEN_DAYS = 7
MAX_REOPEN_DAYS = 90


@dataclasses.dataclass
class SubmitResult:
    report: Report
    warnings: list[validation.Violation]
    frozen: int


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_related("data_set", "org_unit")
        .select_for_update(of=("self",))
        .get(pk=report.pk)
    )


def report_url(report: Report) -> str:
    try:
        return reverse(
            "reporting:entry", args=[report.data_set.code, report.org_unit.code, report.period]
        )
    except NoReverseMatch:
        return ""


def users_holding(perm: str, unit: OrgUnit) -> list:
    """Active users with `perm` on the unit's own agency (who enters, who approves)."""
    if unit.agency_id is None:
        return []
    assignments = RoleAssignment.objects.active(today()).filter(
        role__in=PERMISSIONS[perm],
        agency_id=unit.agency_id,
        department__isnull=True,
        user__is_active=True,
    )
    users = get_user_model().objects.filter(pk__in=assignments.values("user_id"))
    return list(users.order_by("pk"))


def _tell(users, message: str, report: Report, key: str, email: bool = True) -> int:
    url = report_url(report)
    return sum(core.notify(u, message, url, email=email, dedup_key=key) for u in users)


def _audit(action: str, report: Report, before: dict, user, **extra) -> None:
    core.audit_record(
        action, report, before=before, after=core.audit_snapshot(report) | extra, actor=user
    )


def freeze_automatic(report: Report, user) -> dict[str, str]:
    """Store the form's automatic figures for the unit and period as values with their lineage,
    so the submitted report no longer moves when the source module's data does."""
    period = as_period(report.period)
    cell = default_option_combo()
    frozen: dict[str, str] = {}
    elements = report.data_set.elements.filter(source=ValueSource.AUTOMATIC).order_by("code")
    for element in elements:
        provider = PROVIDERS.get(element.provider)
        if provider is None:
            raise ValidationError(
                _("The automatic source of “%(element)s” (%(provider)s) is not installed.")
                % {"element": element.name, "provider": element.provider}
            )
        figure = provider(period, report.org_unit)
        key = {
            "element": element,
            "period": period.id,
            "org_unit": report.org_unit,
            "option_combo": cell,
        }
        if figure.value is None:
            DataValue.objects.filter(**key).delete()
            continue
        number = decimal.Decimal(figure.value).quantize(decimal.Decimal("0.0001"))
        text = canonical(number)
        DataValue.objects.update_or_create(
            **key,
            defaults={
                "period_start": period.start,
                "value": text,
                "number": number,
                "lineage": figure.lineage(),
                "stored_by": user,
            },
        )
        frozen[element.code] = text
    return frozen


def submit(user, report: Report) -> SubmitResult:
    """The unit sends its report: it must be open, pass every high-importance rule; automatic
    figures are frozen. A form without approval is final at once (status approved)."""
    with transaction.atomic():
        report = _lock(report)
        require_unit(user, ENTER, report.org_unit)
        entry_state(report.data_set, report.org_unit, report.period, report=report).require_open()
        before = core.audit_snapshot(report)
        frozen = freeze_automatic(report, user)
        violations = validation.run_rules(report.data_set, report.org_unit, report.period)
        blocking = [v for v in violations if v.blocks]
        if blocking:
            raise ValidationError(
                [
                    _("%(message)s (%(left)s %(op)s %(right)s is not true)")
                    % {
                        "message": v.message,
                        "left": canonical(v.left),
                        "op": Operator(v.operator).label,
                        "right": canonical(v.right),
                    }
                    for v in blocking
                ]
            )
        now = timezone.now()
        report.submitted_at, report.submitted_by = now, user
        report.returned_reason = ""
        if report.data_set.requires_approval:
            report.status = ReportStatus.SUBMITTED
        else:
            report.status, report.approved_at = ReportStatus.APPROVED, now
        report.save()
        _audit("reporting.report.submit", report, before, user, frozen=frozen)
        if report.status == ReportStatus.SUBMITTED:
            _tell(
                users_holding(APPROVE, report.org_unit),
                _("%(unit)s submitted “%(form)s” for %(period)s: waiting for your approval.")
                % {
                    "unit": report.org_unit.name,
                    "form": report.data_set.name,
                    "period": as_period(report.period).label(),
                },
                report,
                f"reporting.submitted:{report.pk}:{now.isoformat()}",
            )
    return SubmitResult(report, violations, len(frozen))


def approve(user, report: Report) -> Report:
    """The unit's head approves a submitted report; it is then locked for good."""
    with transaction.atomic():
        report = _lock(report)
        require_unit(user, APPROVE, report.org_unit)
        if report.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be approved."))
        before = core.audit_snapshot(report)
        report.status, report.approved_at, report.approved_by = (
            ReportStatus.APPROVED,
            timezone.now(),
            user,
        )
        report.save()
        _audit("reporting.report.approve", report, before, user)
        if report.submitted_by_id and report.submitted_by_id != user.pk:
            _tell(
                [report.submitted_by],
                _("“%(form)s” of %(unit)s for %(period)s was approved.")
                % {
                    "form": report.data_set.name,
                    "unit": report.org_unit.name,
                    "period": as_period(report.period).label(),
                },
                report,
                f"reporting.approved:{report.pk}:{report.approved_at.isoformat()}",
                email=False,
            )
    return report


def return_report(user, report: Report, reason: str) -> Report:
    """The approver sends a submitted (or approved) report back for correction, with a reason;
    after the lock date entry is reopened for RETURN_REOPEN_DAYS days."""
    reason = " ".join((reason or "").split())
    with transaction.atomic():
        report = _lock(report)
        require_unit(user, APPROVE, report.org_unit)
        if report.status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            raise ValidationError(_("Only a submitted or approved report can be returned."))
        if not reason:
            raise ValidationError({"reason": [_("Say what must be corrected.")]})
        if len(reason) > 1000:
            raise ValidationError({"reason": [_("The reason is longer than 1000 characters.")]})
        before = core.audit_snapshot(report)
        report.status, report.returned_reason = ReportStatus.RETURNED, reason
        report.approved_at = report.approved_by = None
        day = today()
        if report.lock_date and day >= report.lock_date:
            until = day + datetime.timedelta(days=RETURN_REOPEN_DAYS)
            report.reopened_until = max(report.reopened_until or until, until)
        report.save()
        _audit("reporting.report.return", report, before, user)
        recipients = {u.pk: u for u in users_holding(ENTER, report.org_unit)}
        if report.submitted_by_id:
            recipients.setdefault(report.submitted_by_id, report.submitted_by)
        _tell(
            recipients.values(),
            _("“%(form)s” for %(period)s was returned for correction: %(reason)s")
            % {
                "form": report.data_set.name,
                "period": as_period(report.period).label(),
                "reason": reason,
            },
            report,
            f"reporting.returned:{report.pk}:{timezone.now().isoformat()}",
        )
    return report


def reopen(user, report: Report, until: datetime.date) -> Report:
    """An approver lets the unit enter (and submit) after the lock date, until `until`."""
    with transaction.atomic():
        report = _lock(report)
        require_unit(user, APPROVE, report.org_unit)
        if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            raise ValidationError(
                _("The report is submitted; return it for correction instead of reopening it.")
            )
        day = today()
        if until is None or until < day:
            raise ValidationError({"until": [_("Choose a day from today on.")]})
        if until > day + datetime.timedelta(days=MAX_REOPEN_DAYS):
            raise ValidationError(
                {"until": [_("Reopen for at most %(days)s days.") % {"days": MAX_REOPEN_DAYS}]}
            )
        before = core.audit_snapshot(report)
        report.reopened_until = until
        report.save()
        _audit("reporting.report.reopen", report, before, user)
        _tell(
            users_holding(ENTER, report.org_unit),
            _("“%(form)s” for %(period)s is reopened for entry until %(date)s.")
            % {
                "form": report.data_set.name,
                "period": as_period(report.period).label(),
                "date": until.strftime("%d/%m/%Y"),
            },
            report,
            f"reporting.reopened:{report.pk}:{until.isoformat()}",
        )
    return report
