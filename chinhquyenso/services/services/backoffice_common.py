"""Shared pieces of the one-stop-shop back office: locking, events, status checks, visibility."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency
from chinhquyenso.core.services.sequences import next_value

from ..choices import StepStatus
from ..models import DossierEvent, DossierStep, ServiceDossier
from .notifications import notify_applicant

RECEIVE = "services.receive"
PROCESS = "services.process"
APPROVE = "services.approve"
CODE_SERIES = "services.dossier"
# Fields written to the audit log before and after each back-office change.
AUDITED = [
    "status",
    "due_date",
    "received_at",
    "received_by",
    "clock_stopped_at",
    "completed_at",
    "refusal_reason",
    "result_file",
    "result_signed",
]


def snapshot(dossier: ServiceDossier) -> dict:
    return core.audit_snapshot(dossier, AUDITED)


def lock(dossier: ServiceDossier) -> ServiceDossier:
    """The dossier row locked for this transaction, with what every action reads."""
    return (
        ServiceDossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency", "applicant")
        .get(pk=dossier.pk)
    )


def require_status(dossier: ServiceDossier, *statuses: str) -> None:
    if dossier.status not in statuses:
        raise ValidationError(
            _("This cannot be done while the dossier is: %(status)s.")
            % {"status": dossier.get_status_display()}
        )


def unit_name(agency: Agency, assignee=None) -> str:
    """ "Phòng Tư pháp – UBND xã A" for the tracking slip: the person's department, then agency."""
    department = getattr(assignee, "department", None) if assignee is not None else None
    if department is not None and department.agency_id == agency.pk:
        return f"{department.name} – {agency.short_name or agency.name}"
    return agency.short_name or agency.name


def reception_unit(agency: Agency) -> str:
    return _("One-stop shop – %(agency)s") % {"agency": agency.short_name or agency.name}


def add_event(dossier, actor, action: str, *, from_unit="", to_unit="", note="", public=True):
    return DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        action=action,
        from_unit=from_unit[:300],
        to_unit=to_unit[:300],
        note=note,
        public=public,
    )


def tell_applicant(dossier: ServiceDossier, message: str) -> None:
    notify_applicant(dossier, message)


def assign_code(dossier: ServiceDossier, day: datetime.date) -> str:
    """Thông tư 01/2018 Điều 19: agency identifier, receipt date YYMMDD, 4-digit daily number."""
    stamp = day.strftime("%y%m%d")
    number = next_value(CODE_SERIES, f"agency:{dossier.agency_id}", stamp)
    return f"{dossier.agency.electronic_id}-{stamp}-{number:04d}"


def current_step(dossier: ServiceDossier) -> DossierStep | None:
    """The first step not done yet (steps run one after the other)."""
    return (
        dossier.steps.exclude(status=StepStatus.DONE)
        .select_related("step", "agency", "assignee__department")
        .order_by("step__order")
        .first()
    )


def handled_dossiers(user) -> QuerySet:
    """Dossiers the user may open in the back office: their agency's, and inter-agency steps
    handed to their agency."""
    receive = core.agencies_with_perm(user, RECEIVE)
    process = core.agencies_with_perm(user, PROCESS)
    approve = core.agencies_with_perm(user, APPROVE)
    condition = (
        Q(agency__in=receive)
        | Q(agency__in=process)
        | Q(agency__in=approve)
        | Q(steps__agency__in=process)
    )
    ids = ServiceDossier.objects.filter(condition).exclude(code="").values("pk")
    return ServiceDossier.objects.filter(pk__in=ids)


def today() -> datetime.date:
    return timezone.localdate()
