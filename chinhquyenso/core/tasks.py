"""Background tasks of the core app (run by `manage.py db_worker`, or at once in tests)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_notification_email(subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text email; returns the number of messages sent (0 or 1)."""
    return send_mail(subject, body, None, recipients, fail_silently=False)
