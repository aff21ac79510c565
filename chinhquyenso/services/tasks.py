"""Background tasks of online public services (run by `manage.py db_worker`, at once in tests)."""

from django_tasks import task


@task()
def notify_receiving_officers(dossier_id: int, message: str, key: str) -> int:
    """The one-stop officers hear of a submission, a withdrawal or a supplement answer."""
    from .services.notifications import notify_receiving_officers as notify

    return notify(dossier_id, message, key)
