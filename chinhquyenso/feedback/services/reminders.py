"""Reminders of accepted reports: the working day before the due date and every day after it, to
the handler (or, with no handler named, the handling agency's receiving officers)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..choices import ReportStatus
from ..models import Report
from .notices import receiving_officers
from .reports import report_url


def _recipients(report: Report) -> list:
    if report.handler_id is not None and report.handler.is_active:
        return [report.handler]
    return list(receiving_officers(report.agency_id))


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Remind of reports due on the next working day or overdue; returns how many were sent.

    Each reminder carries a key of (report, kind, day): running this twice a day, or on several
    hosts, sends each reminder once.
    """
    today = today or timezone.localdate()
    soon = core.add_working_days(today, 1)
    sent = 0
    due = (
        Report.objects.filter(status=ReportStatus.ACCEPTED, due_date__lte=soon)
        .select_related("handler", "category")
        .order_by("due_date", "id")
    )
    for report in due.iterator():
        kind = "overdue" if report.due_date < today else "due"
        template = (
            _("Overdue since %(date)s: citizen report %(code)s – %(category)s")
            if kind == "overdue"
            else _("Due on %(date)s: citizen report %(code)s – %(category)s")
        )
        message = template % {
            "date": report.due_date.strftime("%d/%m/%Y"),
            "code": report.code,
            "category": report.category.name,
        }
        key = f"feedback.{kind}:{report.pk}:{today.isoformat()}"
        for user in _recipients(report):
            if core.notify(user, message, report_url(report), email=True, dedup_key=key):
                sent += 1
    return sent
