"""Deadline reminders: the day before a deadline and every day after it, in-app and by e-mail."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..choices import AssignmentStatus
from ..models import Assignment


def _recipients(assignment: Assignment):
    if assignment.assignee_id:
        return [assignment.assignee]
    users = get_user_model().objects.filter(is_active=True, department=assignment.department_id)
    return [
        u for u in users if core.has_perm(u, "eoffice.reassign_incoming", assignment.department)
    ]


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """Remind handlers of open parts due on the next working day or overdue; returns the count.

    Each reminder carries a key of (assignment, kind, day), so running this twice a day, or on
    several hosts, sends each reminder once.
    """
    today = today or timezone.localdate()
    soon = core.add_working_days(today, 1)
    sent = 0
    open_parts = (
        Assignment.objects.filter(status=AssignmentStatus.OPEN, deadline__isnull=False)
        .filter(deadline__lte=soon)
        .select_related("document", "assignee", "department")
    )
    for assignment in open_parts.iterator():
        document = assignment.document
        if assignment.deadline < today:
            kind = "overdue"
            message = _("Overdue since %(date)s: incoming document %(number)s – %(subject)s")
        else:
            kind = "due"
            message = _("Due on %(date)s: incoming document %(number)s – %(subject)s")
        message = message % {
            "date": assignment.deadline.strftime("%d/%m/%Y"),
            "number": document.arrival_number,
            "subject": document.subject[:200],
        }
        for user in _recipients(assignment):
            key = f"eoffice.deadline.{kind}:{assignment.pk}:{today.isoformat()}"
            if core.notify(user, message, document.get_absolute_url(), email=True, dedup_key=key):
                sent += 1
    return sent
