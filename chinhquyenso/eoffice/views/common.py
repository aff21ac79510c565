"""Helpers shared by the e-office pages: who can be chosen, what a user may do, safe redirects."""

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Department
from chinhquyenso.core.models.validity import valid_on_q
from chinhquyenso.core.permissions import PERMISSIONS

from .. import selectors
from ..choices import AssignmentStatus, IncomingStatus
from ..models import Assignment, IncomingDocument

User = get_user_model()

OPEN_STATUSES = (IncomingStatus.REGISTERED, IncomingStatus.PRESENTED)
DEFAULT_WORKING_DAYS = 5

# Trace action codes (written by the services) as the timeline shows them.
ACTION_LABELS = {
    "registered": _("Registered"),
    "presented": _("Presented to a leader"),
    "assigned": _("Assigned"),
    "reassigned": _("Re-assigned to specialists"),
    "progress": _("Progress recorded"),
    "completed_part": _("Part completed"),
    "completed": _("Document completed"),
    "returned": _("Returned to sender"),
    "extension_requested": _("Extension requested"),
    "extension_approved": _("Extension approved"),
    "extension_refused": _("Extension refused"),
    "signatures_checked": _("Digital signatures checked"),
    "signatures_not_checked": _("Digital signatures not checked"),
}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def visible_document(user, pk: int) -> IncomingDocument:
    """The document, or 404 when it does not exist or the user may not see it."""
    document = selectors.visible_documents(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def visible_assignment(user, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("document", "department"), pk=pk
    )
    visible_document(user, assignment.document_id)
    return assignment


def leaders_of(agency) -> QuerySet:
    """Active people holding a role that lets them direct the agency's documents."""
    roles = PERMISSIONS["eoffice.assign_incoming"]
    return (
        User.objects.filter(
            Q(
                is_active=True,
                role_assignments__role__in=roles,
                role_assignments__agency=agency,
                role_assignments__department__isnull=True,
            )
            & valid_on_q(timezone.localdate(), "role_assignments__")
        )
        .distinct()
        .order_by("full_name", "username")
    )


def departments_of(agency) -> QuerySet:
    return Department.objects.filter(valid_on_q(timezone.localdate()), agency=agency).order_by(
        "name"
    )


def assignment_targets(agency) -> list:
    """Grouped choices for the assignment form: departments first, then people."""
    departments = [(f"d{d.pk}", d.name) for d in departments_of(agency)]
    people = [
        (f"u{u.pk}", str(u))
        for u in User.objects.filter(agency=agency, is_active=True).order_by("full_name")
    ]
    return [(_("Departments"), departments), (_("People"), people)]


def default_working_days(document: IncomingDocument) -> int:
    """Days until the document's own due date, or the usual five working days."""
    if document.due_date:
        return max(1, core.working_days_between(timezone.localdate(), document.due_date))
    return DEFAULT_WORKING_DAYS


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def overdue_condition() -> Q:
    """Open parts past their deadline, or documents past their own due date and not done."""
    today = timezone.localdate()
    late_part = Assignment.objects.filter(
        document=OuterRef("pk"), status=AssignmentStatus.OPEN, deadline__lt=today
    )
    return Exists(late_part) | (
        Q(due_date__lt=today) & ~Q(status__in=[IncomingStatus.COMPLETED, IncomingStatus.RETURNED])
    )


def with_overdue(qs: QuerySet) -> QuerySet:
    return qs.annotate(overdue=ExpressionWrapper(overdue_condition(), output_field=BooleanField()))
