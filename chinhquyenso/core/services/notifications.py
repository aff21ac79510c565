"""Telling users what they must know: an in-app notification, optionally also by e-mail."""

from django.utils import timezone

from chinhquyenso.core.compiled import insert_row
from chinhquyenso.core.models import Notification

from .notify import send_email_async


def notify(user, message: str, url: str = "", *, email: bool = False, dedup_key: str = "") -> bool:
    """Create a notification; with `dedup_key`, a second call for the same event does nothing.

    Returns True when a notification was created.
    """
    if user is None or not user.is_active:
        return False
    if not _insert(user, message[:500], url, dedup_key):
        return False  # already notified of this event
    if email and user.email:
        body = f"{message}\n\n{url}" if url else message
        send_email_async(message[:120], body, [user.email])
    return True


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's notifications (all, or the given ids) as read; returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def _insert(user, message: str, url: str, dedup_key: str) -> bool:
    """Insert the row unless the user already has one with this `dedup_key`: one statement
    instead of a savepoint around the insert to catch the unique violation, since notifications
    are sent inside other writes' transactions, some holding locks others wait for
    (docs/benchmarks.md). The INSERT is built once (core/compiled.py)."""
    row = Notification(user=user, message=message, url=url, dedup_key=dedup_key)
    return insert_row(row, skip_conflicts=bool(dedup_key))
