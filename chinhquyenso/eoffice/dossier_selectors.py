"""Reads of the work dossiers: which plans, dossiers and outgoing documents a user may see."""

from django.db.models import Q, QuerySet

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency

from .choices import OutgoingStatus
from .models import FilePlan, OutgoingDocument, WorkDossier

MANAGE = "eoffice.manage_dossiers"
APPROVE = "eoffice.approve_fileplan"
# Only documents that carry a number can be filed: drafts are kept with their outgoing document.
FILED_OUTGOING_STATUSES = (OutgoingStatus.SIGNED, OutgoingStatus.ISSUED, OutgoingStatus.RECALLED)


def plan_agencies(user) -> QuerySet[Agency]:
    """Agencies whose whole file plan the user may read (keepers and approvers)."""
    return (
        core.agencies_with_perm(user, MANAGE) | core.agencies_with_perm(user, APPROVE)
    ).distinct()


def visible_plans(user) -> QuerySet[FilePlan]:
    if not user or not user.is_authenticated:
        return FilePlan.objects.none()
    departments = core.departments_with_perm(user, MANAGE)
    return (
        FilePlan.objects.filter(
            Q(agency__in=plan_agencies(user)) | Q(entries__department__in=departments)
        )
        .distinct()
        .select_related("agency", "approved_by")
    )


def visible_dossiers(user) -> QuerySet[WorkDossier]:
    """Dossiers of the agencies the user keeps or approves for, or of the user's departments."""
    if not user or not user.is_authenticated:
        return WorkDossier.objects.none()
    departments = core.departments_with_perm(user, MANAGE)
    return WorkDossier.objects.filter(
        Q(entry__plan__agency__in=plan_agencies(user))
        | Q(entry__department__in=departments)
        | Q(opened_by=user)
    ).select_related("entry__plan__agency", "entry__department", "opened_by")


def visible_outgoing(user) -> QuerySet[OutgoingDocument]:
    """Numbered outgoing documents of the user's agencies or departments, or that the user wrote,
    reviewed or signed."""
    if not user or not user.is_authenticated:
        return OutgoingDocument.objects.none()
    departments = core.departments_with_perm(user, MANAGE)
    return OutgoingDocument.objects.filter(
        Q(agency__in=plan_agencies(user))
        | Q(department__in=departments)
        | Q(drafter=user)
        | Q(reviewer=user)
        | Q(signer=user),
        status__in=FILED_OUTGOING_STATUSES,
        number__isnull=False,
    )


def can_view_outgoing(user, document: OutgoingDocument) -> bool:
    return visible_outgoing(user).filter(pk=document.pk).exists()


def entry_scope(entry):
    """The scope a keeper needs for an entry: its department, or the agency when it has none."""
    return entry.department if entry.department_id else entry.plan.agency
