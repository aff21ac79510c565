"""Reads of the e-office: who may see which document, and each role's queue (urgent first)."""

from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone

from chinhquyenso.core import services as core

from .choices import AssignmentStatus, IncomingStatus, Secrecy
from .models import Assignment, IncomingDocument

BASE_RELATED = ("doc_type", "agency", "file")


def _viewing_agencies(user) -> list[int]:
    return list(
        core.agencies_with_perm(user, "eoffice.view_all_incoming").values_list("id", flat=True)
    )


def _routed_ids(user, outside: list[int]) -> list[int]:
    """Documents presented or assigned to the user (or their department) outside `outside`."""
    assigned = Assignment.objects.filter(
        Q(assignee=user) | Q(department_id=user.department_id, department__isnull=False)
    ).exclude(document__agency_id__in=outside)
    presented = IncomingDocument.objects.filter(presented_to=user).exclude(agency_id__in=outside)
    return sorted(
        set(assigned.values_list("document_id", flat=True))
        | set(presented.values_list("id", flat=True))
    )


def visible_documents(user) -> QuerySet[IncomingDocument]:
    """Documents of agencies where the user is clerk or leader, or routed to the user.

    Built from plain id lists rather than an EXISTS over assignments, so a clerk's list is an
    index scan over the agency's documents that stops at the page size, even with millions.
    """
    if not user or not user.is_authenticated:
        return IncomingDocument.objects.none()
    agencies = _viewing_agencies(user)
    routed = _routed_ids(user, agencies)
    condition = Q(agency_id__in=agencies) if agencies else Q(pk__in=[])
    if routed:
        condition |= Q(pk__in=routed)
    return IncomingDocument.objects.filter(condition).select_related(*BASE_RELATED)


def can_view(user, document: IncomingDocument) -> bool:
    if not user or not user.is_authenticated:
        return False
    if core.has_perm(user, "eoffice.view_all_incoming", document.agency):
        return True
    if document.presented_to_id == user.pk:
        return True
    return document.assignments.filter(
        Q(assignee=user) | Q(department_id=user.department_id, department__isnull=False)
    ).exists()


def can_view_content(user, document: IncomingDocument) -> bool:
    """Secret documents carry no content; the others' file is visible to whoever sees them."""
    return document.secrecy == Secrecy.NORMAL and can_view(user, document)


def clerk_inbox(user) -> QuerySet[IncomingDocument]:
    return (
        IncomingDocument.objects.filter(
            agency__in=core.agencies_with_perm(user, "eoffice.register_incoming"),
            status__in=[IncomingStatus.REGISTERED, IncomingStatus.PRESENTED],
        )
        .select_related(*BASE_RELATED)
        .order_by("-urgency", "arrival_date", "arrival_number")
    )


def leader_queue(user) -> QuerySet[IncomingDocument]:
    agencies = core.agencies_with_perm(user, "eoffice.assign_incoming")
    return (
        IncomingDocument.objects.filter(
            Q(presented_to=user) | Q(agency__in=agencies, status=IncomingStatus.REGISTERED),
            status__in=[IncomingStatus.REGISTERED, IncomingStatus.PRESENTED],
        )
        .select_related(*BASE_RELATED)
        .order_by("-urgency", "arrival_date", "arrival_number")
    )


def my_tasks(user) -> QuerySet[Assignment]:
    """Open assignments of the user, and of the departments the user heads."""
    departments = core.departments_with_perm(user, "eoffice.reassign_incoming")
    heads_agencies = core.agencies_with_perm(user, "eoffice.reassign_incoming")
    today = timezone.localdate()
    return (
        Assignment.objects.filter(
            Q(assignee=user)
            | Q(department__in=departments)
            | Q(department__agency__in=heads_agencies, department=user.department_id),
            status=AssignmentStatus.OPEN,
        )
        .select_related("document", "document__doc_type", "department", "assigned_by")
        .annotate(
            overdue=Case(When(deadline__lt=today, then=True), default=False),
        )
        .order_by("-document__urgency", "deadline", "id")
    )
