"""Background tasks of the e-office (run by `manage.py db_worker`)."""

from django_tasks import task

from .services.reminders import send_deadline_reminders


@task()
def deadline_reminders() -> int:
    return send_deadline_reminders()
