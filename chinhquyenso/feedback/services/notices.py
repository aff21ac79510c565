"""Telling the reporter about every change of their report, and the receiving agency's officers
about a new one (after the commit, through a task)."""

import contextlib

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from chinhquyenso.core import services as core
from chinhquyenso.core.models import RoleAssignment, User

from ..models import Report
from ..permissions import FEEDBACK_PERMISSIONS


def notify_reporter(report: Report, message: str) -> None:
    """In the app (an account) and by e-mail when an address was given; inside the change's
    transaction, so a rolled-back change tells nobody anything."""
    text = f"{report.code}: {message}"
    url = ""
    with contextlib.suppress(NoReverseMatch):  # the portal pages may not be mounted
        url = reverse("feedback:my_report", args=[report.pk])
    if report.reporter_id is not None:
        core.notify(report.reporter, text, url)
    if report.reporter_email:
        core.send_email_async(text[:120], f"{text}\n\n{url}" if url else text,
                              [report.reporter_email])  # fmt: skip


def notify_receivers_after_commit(report: Report) -> None:
    from ..tasks import notify_receivers

    report_id, agency_id = report.pk, report.agency_id
    transaction.on_commit(
        lambda: notify_receivers.enqueue(report_id=report_id, agency_id=agency_id), robust=True
    )


def receiving_officers(agency_id: int):
    """Active users holding `feedback.receive` directly at the agency."""
    roles = FEEDBACK_PERMISSIONS["feedback.receive"]
    assignments = RoleAssignment.objects.active(timezone.localdate()).filter(
        role__in=roles, agency_id=agency_id
    )
    return User.objects.filter(is_active=True, role_assignments__in=assignments).distinct()
