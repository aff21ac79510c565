"""Telling the applicant about every change of their dossier (in the app, by e-mail and by SMS)
and the receiving agency's one-stop officers about what the applicant did."""

import logging

from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency, RoleAssignment, User

from ..models import ServiceDossier
from ..permissions import SERVICES_PERMISSIONS
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


def receiving_officers(agency: Agency) -> QuerySet:
    """Active users holding `services.receive` directly at `agency` or one of its departments."""
    roles = SERVICES_PERMISSIONS["services.receive"]
    assignments = RoleAssignment.objects.active(timezone.localdate()).filter(role__in=roles)
    return User.objects.filter(
        is_active=True,
        role_assignments__in=assignments.filter(agency=agency)
        | assignments.filter(department__agency=agency),
    ).distinct()


def notify_receiving_officers(dossier_id: int, message: str, key: str) -> int:
    """Notify the receiving officers of the dossier's agency once each (the key deduplicates a
    repeated run); returns how many notifications were created."""
    dossier = ServiceDossier.objects.select_related("agency").filter(pk=dossier_id).first()
    if dossier is None:
        return 0
    url = reverse("services:backoffice_dossier", args=[dossier.pk])
    return sum(
        core.notify(
            officer,
            f"{dossier.code}: {message}",
            url,
            dedup_key=f"services.{key}.{dossier.pk}.{officer.pk}",
        )
        for officer in receiving_officers(dossier.agency)
    )


def notify_officers_after_commit(dossier: ServiceDossier, message: str, key: str) -> None:
    """Queue the officers' notifications for when the change commits: the applicant's request
    neither waits for them nor holds its locks meanwhile, and a rolled-back change tells nobody.
    A failure to queue is logged, not raised: the change is committed and the dossier is in the
    officers' queues anyway."""
    from ..tasks import notify_receiving_officers as task

    text = str(message)
    transaction.on_commit(
        lambda: task.enqueue(dossier_id=dossier.pk, message=text, key=key), robust=True
    )
