"""Telling the applicant about every change of their dossier: in the app, by e-mail and by SMS."""

import logging

from django.db import transaction
from django.urls import NoReverseMatch

from chinhquyenso.core import services as core

from ..models import ServiceDossier
from ..sms import gateway

logger = logging.getLogger(__name__)


def notify_applicant(dossier: ServiceDossier, message: str) -> None:
    """Notify the applicant of `dossier`; call it inside the transaction that made the change.

    The e-mail and the SMS go out only once the change commits, so a rolled-back change tells
    nobody anything.
    """
    applicant = dossier.applicant
    try:
        url = dossier.get_absolute_url()
    except NoReverseMatch:
        url = ""  # the portal pages are not mounted in this deployment
    text = f"{dossier.code or dossier.procedure.code}: {message}"
    core.notify(applicant, text, url)
    email = dossier.applicant_email or applicant.email
    if email:
        core.send_email_async(text[:120], f"{text}\n\n{url}", [email])
    phone = dossier.applicant_phone or getattr(applicant, "phone", "")
    if phone:
        transaction.on_commit(lambda: _send_sms(phone, text))


def _send_sms(phone: str, text: str) -> None:
    # A failing SMS gateway must not break the committed change; the in-app notice already exists.
    try:
        gateway().send(phone, text[:320])
    except Exception:  # noqa: BLE001 - any gateway failure is logged, never raised after commit
        logger.exception("SMS to %s failed", phone)
