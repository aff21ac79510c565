"""Notifications sent in the background once the change that caused them is committed."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core.tasks import send_notification_email


def send_email_async(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue an email to `recipients` after the current transaction commits.

    Queuing on commit means a rolled-back change never sends mail, and the worker never runs
    before the rows it may read exist. Outside a transaction it is queued at once.
    """
    addresses = list(dict.fromkeys(a.strip() for a in recipients if a and a.strip()))
    if not addresses:
        raise ValidationError(_("An email needs at least one recipient."))
    for address in addresses:
        validate_email(address)
    subject = " ".join(subject.split())  # a header cannot hold line breaks
    transaction.on_commit(
        lambda: send_notification_email.enqueue(subject=subject, body=body, recipients=addresses)
    )
