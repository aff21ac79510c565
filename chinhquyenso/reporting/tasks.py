"""Background tasks of the reporting app (run by `manage.py db_worker`)."""

from django_tasks import task

from .services.workflow_reminders import send_reporting_reminders


@task()
def reporting_reminders() -> int:
    """Remind units of reports due soon and of late reports (enqueue daily)."""
    return send_reporting_reminders()
