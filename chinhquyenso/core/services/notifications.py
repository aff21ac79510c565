"""Telling users what they must know: an in-app notification, optionally also by e-mail."""

from django.db import connection
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
    """Insert the row unless the user already has one with this `dedup_key`.

    One statement, INSERT … ON CONFLICT DO NOTHING (PostgreSQL, SQLite ≥ 3.35), instead of a
    savepoint around the insert to catch the unique violation: notifications are sent inside
    other writes' transactions, some of which hold locks others wait for (docs/benchmarks.md).
    """
    if not dedup_key:  # nothing to collide with; the INSERT is built once (core/compiled.py)
        insert_row(Notification(user=user, message=message, url=url))
        return True
    meta = Notification._meta
    values = {"user_id": user.pk, "message": message, "url": url, "dedup_key": dedup_key,
              "created_at": timezone.now()}  # fmt: skip
    fields = [meta.get_field(name) for name in ("user", "message", "url", "dedup_key",
                                                 "created_at")]  # fmt: skip
    params = [f.get_db_prep_save(values[f.attname], connection=connection) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * 5)}) "  # noqa: S608 - model table
            "ON CONFLICT DO NOTHING RETURNING id",
            params,
        )
        return cursor.fetchone() is not None
