"""Background work of the feedback channel."""

from django_tasks import task


@task()
def notify_receivers(report_id: int, agency_id: int) -> int:
    """Tell the agency's receiving officers of a new (or transferred) report, once each."""
    from django.urls import reverse

    from chinhquyenso.core import services as core

    from .models import Report
    from .services.notices import receiving_officers

    report = Report.objects.filter(pk=report_id, agency_id=agency_id).first()
    if report is None:
        return 0
    url = reverse("feedback:officer_report", args=[report.pk])
    return sum(
        core.notify(
            officer,
            f"{report.code}: {report.category.name}",
            url,
            dedup_key=f"feedback.new.{report.pk}.{agency_id}",
        )
        for officer in receiving_officers(agency_id)
    )


@task()
def due_reminders() -> int:
    from .services.reminders import send_due_reminders

    return send_due_reminders()
