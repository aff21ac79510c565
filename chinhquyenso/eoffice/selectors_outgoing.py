"""Reads of outgoing documents: who sees which draft, who holds a duty, each recipient's status."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency, RoleAssignment
from chinhquyenso.core.permissions import PERMISSIONS

from . import signals
from .choices import ArrivalState, IncomingStatus
from .models import ElectronicArrival, OutgoingDocument

RELATED = ("agency", "department", "doc_type", "drafter", "reviewer", "signer", "final_file")

# What the sender sees of each recipient (edXML status codes 01–06, 13 in brackets).
RECIPIENT_STATUS_LABELS = {
    "arrived": _("Arrived"),  # 01
    "registered": _("Registered"),  # 03
    "assigned": _("Assigned"),  # 04
    "in_handling": _("In handling"),  # 05
    "done": _("Done"),  # 06
    "refused": _("Refused"),  # 02
    "recalled": _("Recalled"),  # 13
    "queued": _("Queued for exchange"),
    "sent": _("Sent"),
    "failed": _("Exchange failed"),
}
_INCOMING_TO_RECIPIENT = {
    IncomingStatus.REGISTERED: "registered",
    IncomingStatus.PRESENTED: "registered",
    IncomingStatus.ASSIGNED: "assigned",
    IncomingStatus.IN_PROGRESS: "in_handling",
    IncomingStatus.COMPLETED: "done",
    IncomingStatus.RETURNED: "refused",
}


@dataclass(frozen=True)
class RecipientStatus:
    name: str
    status: str
    agency_id: int | None = None
    arrival_id: int | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return str(RECIPIENT_STATUS_LABELS[self.status])


def holders(perm: str, agency: Agency) -> list:
    """The users who hold `perm` over `agency` (e.g. its clerks), in a stable order."""
    roles = PERMISSIONS.get(perm, frozenset())
    assignments = (
        RoleAssignment.objects.active(timezone.localdate())
        .filter(role__in=roles, department__isnull=True)
        .filter(Q(agency=agency) | Q(include_descendants=True) | Q(agency__isnull=True))
        .select_related("user")
        .order_by("user_id")
    )
    users = {a.user_id: a.user for a in assignments if a.user.is_active}
    return [u for u in users.values() if core.has_perm(u, perm, agency)]


def visible_outgoing(user) -> QuerySet[OutgoingDocument]:
    """Drafts and issued documents the user takes part in, or all of the agencies they oversee."""
    if not user or not user.is_authenticated:
        return OutgoingDocument.objects.none()
    condition = (
        Q(drafter=user)
        | Q(reviewer=user)
        | Q(signer=user)
        | Q(agency__in=core.agencies_with_perm(user, "eoffice.view_all_outgoing"))
        | Q(agency__in=core.agencies_with_perm(user, "eoffice.issue_outgoing"))
        | Q(department__in=core.departments_with_perm(user, "eoffice.review_outgoing"))
    )
    return OutgoingDocument.objects.filter(condition).select_related(*RELATED)


def can_view(user, document: OutgoingDocument) -> bool:
    return visible_outgoing(user).filter(pk=document.pk).exists()


def is_participant(user, document: OutgoingDocument) -> bool:
    return user is not None and user.pk in {
        document.drafter_id,
        document.reviewer_id,
        document.signer_id,
    }


def arrivals_for(user, state: str | None = None) -> QuerySet[ElectronicArrival]:
    """Electronic arrivals at the agencies where the user registers incoming documents."""
    agencies = core.agencies_with_perm(user, "eoffice.register_incoming")
    qs = ElectronicArrival.objects.filter(agency__in=agencies).select_related(
        "agency", "doc_type", "source", "incoming"
    )
    return qs.filter(state=state) if state else qs


def recipient_statuses(document: OutgoingDocument) -> list[RecipientStatus]:
    """Each recipient's status as the sender sees it, derived from the arrival and what the
    recipient did with it (never stored, so it cannot drift)."""
    statuses = []
    arrivals = document.arrivals.select_related("agency", "incoming").order_by("agency__name")
    for arrival in arrivals:
        if arrival.state == ArrivalState.REGISTERED and arrival.incoming is not None:
            status = _INCOMING_TO_RECIPIENT.get(arrival.incoming.status, "registered")
        else:
            status = arrival.state
        statuses.append(
            RecipientStatus(
                name=arrival.agency.name,
                status=status,
                agency_id=arrival.agency_id,
                arrival_id=arrival.pk,
                note=arrival.note,
            )
        )
    known = _external_statuses(document)
    for external in document.external_recipients.order_by("id"):
        status, note = known.get(
            external.electronic_id, ("sent" if external.sent_at else "queued", "")
        )
        statuses.append(RecipientStatus(name=external.name, status=status, note=note))
    return statuses


def _external_statuses(document: OutgoingDocument) -> dict[str, tuple[str, str]]:
    known: dict[str, tuple[str, str]] = {}
    for provider in signals.external_status_providers:
        known.update(provider(document))
    return known
