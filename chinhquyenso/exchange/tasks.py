"""Background tasks of document exchange (run by `manage.py db_worker`, or at once in tests)."""

from django_tasks import task


@task()
def deliver_message(delivery_id: int) -> str:
    """One delivery attempt; a failure schedules the next one with exponential backoff."""
    from .services.outbox import attempt

    return attempt(delivery_id)


@task()
def deliver_due_messages() -> int:
    from .services.outbox import deliver_due

    return deliver_due()


@task()
def purge_message_payloads() -> int:
    from .services.log import purge_payloads

    return purge_payloads()
