"""Late dossiers: the apology letter with a new appointment date (Nghị định 61/2018 Điều 19
khoản 5, Thông tư 01/2018 Mẫu số 04) and the daily alerts about overdue steps and dossiers."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import RoleAssignment
from chinhquyenso.core.permissions import PERMISSIONS

from ..backoffice_pdf import apology_letter_pdf
from ..choices import DossierStatus, StepStatus
from ..models import ApologyLetter, DossierStep, ServiceDossier
from .backoffice_common import (
    PROCESS,
    RECEIVE,
    add_event,
    lock,
    reception_unit,
    require_status,
    snapshot,
    tell_applicant,
)

S = DossierStatus
LATE_STATUSES = (S.PROCESSING, S.AWAITING_APPROVAL)


def issue_apology(officer, dossier: ServiceDossier, reason: str, new_date: datetime.date):
    """Apologise for the delay and appoint a later date; the letter is stored and sent."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock(dossier)
        if not (
            core.has_perm(officer, RECEIVE, locked.agency)
            or core.has_perm(officer, PROCESS, locked.agency)
        ):
            raise PermissionDenied(_("You do not have permission to do this."))
        require_status(locked, *LATE_STATUSES)
        errors = {}
        if not reason:
            errors["reason"] = [_("Give the reason for the delay.")]
        if new_date is None:
            errors["new_date"] = [_("Choose the new appointment date.")]
        elif locked.due_date is not None and new_date <= locked.due_date:
            errors["new_date"] = [
                _("The new date must be later than the current appointment date (%(date)s).")
                % {"date": locked.due_date.strftime("%d/%m/%Y")}
            ]
        if errors:
            raise ValidationError(errors)
        before = snapshot(locked)
        previous = locked.due_date
        pdf = apology_letter_pdf(locked, reason, previous, new_date, officer, timezone.localdate())
        stored = core.store_file(officer, pdf, f"thu-xin-loi-{locked.code}.pdf")
        letter = ApologyLetter.objects.create(
            dossier=locked,
            reason=reason,
            previous_date=previous,
            new_date=new_date,
            file=stored,
            issued_by=officer,
        )
        locked.due_date = new_date
        locked.save(update_fields=["due_date", "updated_at"])
        add_event(
            locked,
            officer,
            "apology_issued",
            from_unit=reception_unit(locked.agency),
            to_unit=locked.applicant_name,
            note=_("New appointment date: %(date)s. %(reason)s")
            % {"date": new_date.strftime("%d/%m/%Y"), "reason": reason},
        )
        core.audit_record(
            "services.dossier.apology",
            locked,
            before=before,
            after={**snapshot(locked), "letter": letter.pk},
        )
        tell_applicant(
            locked,
            _("We apologise: your dossier is late. The new appointment date is %(date)s.")
            % {"date": new_date.strftime("%d/%m/%Y")},
        )
    return letter


def _officers_by_agency(agency_ids: set[int], day: datetime.date) -> dict[int, list]:
    assignments = (
        RoleAssignment.objects.active(day)
        .filter(role__in=PERMISSIONS[RECEIVE], agency_id__in=agency_ids, user__is_active=True)
        .select_related("user")
    )
    officers = defaultdict(list)
    for assignment in assignments:
        officers[assignment.agency_id].append(assignment.user)
    return officers


def send_overdue_dossier_alerts(day: datetime.date | None = None) -> int:
    """Tell the holder of each overdue step, and the agency's one-stop officers of each overdue
    dossier; once a day per person and item. Returns how many notifications were created."""
    day = day or timezone.localdate()
    steps = list(
        DossierStep.objects.filter(
            status__in=(StepStatus.PENDING, StepStatus.ACTIVE),
            due_date__lt=day,
            dossier__status__in=LATE_STATUSES,
        ).select_related("dossier", "step", "assignee")
    )
    dossiers = list(ServiceDossier.objects.filter(status__in=LATE_STATUSES, due_date__lt=day))
    agencies = {s.agency_id for s in steps if s.assignee_id is None} | {
        d.agency_id for d in dossiers
    }
    officers = _officers_by_agency(agencies, day)
    sent = 0
    for step in steps:
        # Only the step being worked on now is late; later steps wait for it.
        earlier_open = [
            s for s in steps if s.dossier_id == step.dossier_id and s.step.order < step.step.order
        ]
        if earlier_open:
            continue
        url = reverse("services:backoffice_dossier", args=[step.dossier_id])
        message = _("Step “%(step)s” of dossier %(code)s is overdue (due %(date)s).") % {
            "step": step.step.name,
            "code": step.dossier.code,
            "date": step.due_date.strftime("%d/%m/%Y"),
        }
        recipients = [step.assignee] if step.assignee_id else officers.get(step.agency_id, [])
        for user in recipients:
            sent += core.notify(
                user, message, url, dedup_key=f"services.overdue.step:{step.pk}:{day.isoformat()}"
            )
    for dossier in dossiers:
        url = reverse("services:backoffice_dossier", args=[dossier.pk])
        message = _("Dossier %(code)s is past its appointment date (%(date)s).") % {
            "code": dossier.code,
            "date": dossier.due_date.strftime("%d/%m/%Y"),
        }
        for user in officers.get(dossier.agency_id, []):
            sent += core.notify(
                user, message, url, dedup_key=f"services.overdue:{dossier.pk}:{day.isoformat()}"
            )
    return sent
