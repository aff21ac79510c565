"""The e-office lists: search over visible documents, clerk inbox, leader queue, my tasks.

Every list is a `ListSpec` rendered by core's list helper, so each one filters and exports the
same way; the big ones page without counting.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import selectors, services
from ..choices import IncomingStatus, Urgency
from ..models import Assignment, DocumentType, ExtensionRequest
from .common import User, leaders_of, with_overdue

SEARCH_LIMIT = 500
SORTS = {
    "-arrival": (_("Newest arrivals first"), ("-arrival_year", "-arrival_number")),
    "arrival": (_("Oldest arrivals first"), ("arrival_year", "arrival_number")),
    "-urgency": (_("Most urgent first"), ("-urgency", "-arrival_year", "-arrival_number")),
    "due": (_("Due date"), ("due_date", "-arrival_year", "-arrival_number")),
    "issued": (_("Issued date"), ("-issued_date", "-arrival_number")),
}


def _search(qs, value):
    """Diacritic-insensitive full text; results keep the search ranking unless sorted."""
    ids = [int(i) for i in core.search(services.SEARCH_TYPE, value, limit=SEARCH_LIMIT)]
    if not ids:
        return qs.none()
    rank = Case(
        *[When(pk=pk, then=Value(pos)) for pos, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return qs.filter(pk__in=ids).order_by(rank)


def _date_filter(lookup):
    def apply(qs, value):
        day = parse_date(value) if len(value) == 10 else None
        return qs.filter(**{lookup: day}) if day else qs.none()

    return apply


def _handler(qs, value):
    if not value.isdigit():
        return qs.none()
    handled = Assignment.objects.filter(document=OuterRef("pk"), assignee_id=int(value))
    return qs.filter(Exists(handled))


def _sort(qs, value):
    return qs.order_by(*SORTS.get(value, SORTS["-arrival"])[1])


def _document_columns() -> list[Column]:
    return [
        Column(_("Arrival no."), lambda d: f"{d.arrival_number}/{d.arrival_year}", link=True),
        Column(_("Arrival date"), lambda d: d.arrival_date),
        Column(_("Number and notation"), lambda d: d.notation_raw),
        Column(_("Issuer"), lambda d: d.issuer_name),
        Column(_("Document type"), lambda d: d.doc_type.name),
        Column(_("Subject"), lambda d: d.subject),
        Column(_("Urgency"), lambda d: d.get_urgency_display()),
        Column(_("Due date"), lambda d: d.due_date),
        Column(_("Status"), lambda d: d.get_status_display()),
    ]


def _handler_choices(user) -> list[tuple[str, str]]:
    agencies = core.agencies_with_perm(user, "eoffice.view_all_incoming")
    people = User.objects.filter(
        Q(agency__in=agencies) | Q(agency=user.agency_id), is_active=True
    ).order_by("full_name", "username")[:300]
    return [(str(p.pk), str(p)) for p in people]


def _queue_links(user) -> dict:
    return {
        "can_register": core.has_perm(user, "eoffice.register_incoming"),
        "can_assign": core.has_perm(user, "eoffice.assign_incoming"),
    }


@login_required
def incoming_list(request):
    user = request.user
    spec = ListSpec(
        title=_("Incoming documents"),
        queryset=with_overdue(selectors.visible_documents(user)),
        columns=_document_columns(),
        filters=[
            Filter("q", _("Search"), _search, input_type="search"),
            Filter(
                "doc_type",
                _("Document type"),
                lambda qs, v: qs.filter(doc_type_id=v) if v.isdigit() else qs.none(),
                choices=[(str(t.pk), t.name) for t in DocumentType.objects.order_by("name")],
            ),
            Filter("issuer", _("Issuer"), lambda qs, v: qs.filter(issuer_name__icontains=v)),
            Filter(
                "arrival_from", _("Arrived from"), _date_filter("arrival_date__gte"), None, "date"
            ),
            Filter(
                "arrival_to", _("Arrived until"), _date_filter("arrival_date__lte"), None, "date"
            ),
            Filter(
                "status",
                _("Status"),
                lambda qs, v: qs.filter(status=v),
                choices=list(IncomingStatus.choices),
            ),
            Filter(
                "urgency",
                _("Urgency"),
                lambda qs, v: qs.filter(urgency=v) if v.isdigit() else qs.none(),
                choices=[(str(v), label) for v, label in Urgency.choices],
            ),
            Filter("handler", _("Handler"), _handler, choices=_handler_choices(user)),
            Filter(
                "sort",
                _("Sort"),
                _sort,
                choices=[(key, label) for key, (label, _order) in SORTS.items()],
            ),
        ],
        export_name="incoming-documents",
        count_free=True,
    )
    return render_list(request, spec, "eoffice/incoming_list.html", _queue_links(user))


@login_required
def inbox(request):
    user = request.user
    if not core.has_perm(user, "eoffice.register_incoming"):
        raise PermissionDenied
    agencies = core.agencies_with_perm(user, "eoffice.register_incoming")
    spec = ListSpec(
        title=_("Clerk inbox"),
        queryset=with_overdue(selectors.clerk_inbox(user)),
        columns=_document_columns(),
        export_name="clerk-inbox",
        count_free=True,
    )
    leaders = {agency.pk: list(leaders_of(agency)) for agency in agencies}
    return render_list(
        request, spec, "eoffice/inbox.html", {"leaders": leaders, **_queue_links(user)}
    )


@login_required
def leader_queue(request):
    user = request.user
    if not core.has_perm(user, "eoffice.assign_incoming"):
        raise PermissionDenied
    spec = ListSpec(
        title=_("Awaiting my direction"),
        queryset=with_overdue(selectors.leader_queue(user)),
        columns=_document_columns(),
        export_name="leader-queue",
        count_free=True,
    )
    return render_list(request, spec, "eoffice/leader_queue.html", _queue_links(user))


def _pending_extensions(user):
    agencies = core.agencies_with_perm(user, "eoffice.assign_incoming")
    return (
        ExtensionRequest.objects.filter(
            Q(assignment__assigned_by=user) | Q(assignment__document__agency__in=agencies),
            approved__isnull=True,
        )
        .select_related("assignment__document", "requested_by")
        .order_by("requested_at")
    )


@login_required
def my_tasks(request):
    user = request.user
    spec = ListSpec(
        title=_("My tasks"),
        queryset=selectors.my_tasks(user),
        columns=[
            Column(
                _("Arrival no."),
                lambda a: f"{a.document.arrival_number}/{a.document.arrival_year}",
            ),
            Column(_("Subject"), lambda a: a.document.subject),
            Column(_("Role in handling"), lambda a: a.get_kind_display()),
            Column(_("Assigned to"), lambda a: a.assignee or a.department),
            Column(_("Deadline"), lambda a: a.deadline),
            Column(_("Urgency"), lambda a: a.document.get_urgency_display()),
            Column(_("Direction"), lambda a: a.direction),
        ],
        export_name="my-tasks",
        count_free=True,
    )
    extra = {
        "extensions": list(_pending_extensions(user)[:100]),
        **_queue_links(user),
    }
    return render_list(request, spec, "eoffice/my_tasks.html", extra)
