"""Reads of the e-office: who may see which document, and each role's queue (urgent first)."""

from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone

from chinhquyenso.core import services as core
from chinhquyenso.core.compiled import CompiledQuery

from .choices import AssignmentStatus, IncomingStatus, Secrecy
from .models import Assignment, IncomingDocument

BASE_RELATED = ("doc_type", "agency", "file")


VIEW_ALL = "eoffice.view_all_incoming"


def _viewing_agencies(user) -> frozenset[int] | None:
    """Agencies whose documents the user sees as clerk or leader; None means every agency."""
    return core.agency_ids_with_perm(user, VIEW_ALL)


def _routed_query(user_id: int, department_id: int | None, outside: list[int]):
    handled = Q(assignee_id=user_id)
    if department_id is not None:
        handled |= Q(department_id=department_id)
    assigned = (
        Assignment.objects.filter(handled)
        .exclude(document__agency_id__in=outside)
        .order_by()
        .values_list("document_id", flat=True)
    )
    presented = (
        IncomingDocument.objects.filter(presented_to_id=user_id)
        .exclude(agency_id__in=outside)
        .order_by()
        .values_list("id", flat=True)
    )
    return assigned.union(presented)


# One compiled query (core/compiled.py) per shape: with or without a department, and how many
# agencies are left out. Users see documents of a handful of agencies at most.
_ROUTED: dict[tuple[bool, int], CompiledQuery] = {}
_ROUTED_SHAPES = 64


def _compiled_routed(with_department: bool, outside: int) -> CompiledQuery:
    key = (with_department, outside)
    compiled = _ROUTED.get(key)
    if compiled is None:

        def build(user_id, *rest):
            department_id = rest[0] if with_department else None
            return _routed_query(user_id, department_id, list(rest[int(with_department) :]))

        compiled = CompiledQuery(build, *([int] * (1 + int(with_department) + outside)))
        if len(_ROUTED) < _ROUTED_SHAPES:
            _ROUTED[key] = compiled
    return compiled


def _routed_ids(user, outside: frozenset[int]) -> list[int]:
    """Documents presented or assigned to the user (or their department) outside `outside`.

    One query: the assignments and the presentations are read as a UNION.
    """
    department = [user.department_id] if user.department_id is not None else []
    compiled = _compiled_routed(bool(department), len(outside))
    return sorted({row[0] for row in compiled.rows(user.pk, *department, *sorted(outside))})


def visibility(user) -> tuple[frozenset[int] | None, list[int]]:
    """(agencies whose documents the user sees, ids of documents routed to the user elsewhere).

    Agencies None means every agency (and no list of routed documents is needed).
    """
    if not user or not user.is_authenticated:
        return frozenset(), []
    agencies = _viewing_agencies(user)
    if agencies is None:
        return None, []
    return agencies, _routed_ids(user, agencies)


def visible_q(user) -> Q:
    """The condition on IncomingDocument rows the user may see (see `visible_documents`)."""
    agencies, routed = visibility(user)
    if agencies is None:
        return Q()
    condition = Q(agency_id__in=agencies) if agencies else Q(pk__in=[])
    if routed:
        condition |= Q(pk__in=routed)
    return condition


def visible_documents(user) -> QuerySet[IncomingDocument]:
    """Documents of agencies where the user is clerk or leader, or routed to the user.

    Built from plain id lists rather than an EXISTS over assignments, so a clerk's list is an
    index scan over the agency's documents that stops at the page size, even with millions.
    """
    if not user or not user.is_authenticated:
        return IncomingDocument.objects.none()
    return IncomingDocument.objects.filter(visible_q(user)).select_related(*BASE_RELATED)


def can_view_row(user, document_id: int, agency_id: int, presented_to_id: int | None) -> bool:
    """`can_view` from the document's id, agency and addressee, without loading the document."""
    if not user or not user.is_authenticated:
        return False
    if core.has_perm_in_agency(user, VIEW_ALL, agency_id):
        return True
    if presented_to_id == user.pk:
        return True
    return Assignment.objects.filter(
        Q(assignee=user) | Q(department_id=user.department_id, department__isnull=False),
        document_id=document_id,
    ).exists()


def can_view(user, document: IncomingDocument) -> bool:
    return can_view_row(user, document.pk, document.agency_id, document.presented_to_id)


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
