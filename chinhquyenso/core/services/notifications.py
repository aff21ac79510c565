"""Telling users what they must know: an in-app notification, optionally also by e-mail."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from chinhquyenso.core.models import Notification

from .notify import send_email_async


def notify(user, message: str, url: str = "", *, email: bool = False, dedup_key: str = "") -> bool:
    """Create a notification; with `dedup_key`, a second call for the same event does nothing.

    Returns True when a notification was created.
    """
    if user is None or not user.is_active:
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=user, message=message[:500], url=url, dedup_key=dedup_key
            )
    except IntegrityError:
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
