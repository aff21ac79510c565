"""Background work of the feedback channel."""

from django_tasks import task


@task()
def notify_receivers(report_id: int, agency_id: int) -> int:
    """Tell the agency's receiving officers of a new (or transferred) report, once each."""
    from django.urls import reverse
    from django.utils import timezone

    from chinhquyenso.core import services as core
    from chinhquyenso.core.models import RoleAssignment, User

    from .models import Report
    from .permissions import FEEDBACK_PERMISSIONS

    report = Report.objects.filter(pk=report_id, agency_id=agency_id).first()
    if report is None:
        return 0
    roles = FEEDBACK_PERMISSIONS["feedback.receive"]
    assignments = RoleAssignment.objects.active(timezone.localdate()).filter(
        role__in=roles, agency_id=agency_id
    )
    officers = User.objects.filter(is_active=True, role_assignments__in=assignments).distinct()
    url = reverse("feedback:officer_report", args=[report.pk])
    return sum(
        core.notify(
            officer,
            f"{report.code}: {report.category.name}",
            url,
            dedup_key=f"feedback.new.{report.pk}.{agency_id}",
        )  # fmt: skip
        for officer in officers
    )
