"""What a user may see of the exchange: everything for platform-wide holders of
`exchange.view_log`, otherwise the messages from or to their agencies."""

import datetime
import operator
from functools import reduce

from django.db.models import Q, QuerySet

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency
from chinhquyenso.core.permissions import agency_ids_with_perm

from .models import InboundDocument, MessageLogEntry, OutgoingMessage

VIEW = "exchange.view_log"


def visible_organ_ids(user) -> list[str] | None:
    """None: every organ; otherwise the electronic ids of the user's agencies."""
    if not core.has_perm(user, VIEW):
        return []
    ids = agency_ids_with_perm(user, VIEW)
    if ids is None:
        return None
    return list(
        Agency.objects.filter(pk__in=ids)
        .exclude(electronic_id=None)
        .values_list("electronic_id", flat=True)
    )


def visible_log(user) -> QuerySet:
    qs = MessageLogEntry.objects.all()
    ids = visible_organ_ids(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    related = reduce(operator.or_, [Q(to_organ_ids__contains=i) for i in ids])
    return qs.filter(Q(from_organ_id__in=ids) | related)


def visible_outgoing(user) -> QuerySet:
    ids = visible_organ_ids(user)
    qs = OutgoingMessage.objects.select_related("agency")
    return qs if ids is None else qs.filter(agency__electronic_id__in=ids)


def visible_inbound(user) -> QuerySet:
    ids = visible_organ_ids(user)
    qs = InboundDocument.objects.select_related("agency", "partner")
    return qs if ids is None else qs.filter(agency__electronic_id__in=ids)


def search_log(
    qs: QuerySet,
    *,
    document: str = "",
    partner: str = "",
    status: str = "",
    outcome: str = "",
    direction: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """The exchange log filtered by document, partner, status and date (the page and the API)."""
    if document:
        qs = qs.filter(document_id__icontains=document.strip())
    if partner:
        qs = qs.filter(
            Q(partner_id=int(partner)) if partner.isdigit() else Q(partner_name__icontains=partner)
        )
    if status:
        qs = qs.filter(status_code=status)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if direction:
        qs = qs.filter(direction=direction)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs
