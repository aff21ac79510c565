"""Work dossiers (hồ sơ công việc, Điều 29–31): open, file documents, close, hand over, remind.

A document is filed by reference (DossierItem), so one document sits in many dossiers without a
copy. Closing fixes the hand-over due date (1 year, or 3 months for construction works, Điều 31)
and whether the dossier was processed online (the KPI, docs/kpi.md).
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import kpi, selectors
from ..choices import DossierStatus
from ..dossier_selectors import MANAGE, can_view_outgoing, entry_scope
from ..models import DossierItem, FilePlanEntry, IncomingDocument, OutgoingDocument, WorkDossier

REMINDER_DAYS = 30  # Phụ lục VI, III.5.b: notify 30 days before the hand-over is due


def file_code(dossier_or_entry) -> str:
    """FileCode = OrganId + FileCatalog (year) + FileNotation (Phụ lục VI), joined by dots."""
    entry = getattr(dossier_or_entry, "entry", dossier_or_entry)
    agency = entry.plan.agency
    return f"{agency.electronic_id or agency.pk}.{entry.plan.year}.{entry.notation}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (29/02 + 12 months → 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def handover_due_for(entry: FilePlanEntry, closed_on: datetime.date) -> datetime.date:
    return add_months(closed_on, 3 if entry.construction else 12)


def _lock_open(dossier: WorkDossier) -> WorkDossier:
    dossier = (
        WorkDossier.objects.select_for_update()
        .select_related("entry__plan__agency")
        .get(pk=dossier.pk)
    )
    if dossier.status != DossierStatus.OPEN:
        raise ValidationError(
            _("The dossier is closed; documents can no longer be added or removed.")
        )
    return dossier


def open_dossier(user, entry: FilePlanEntry, title: str = "") -> WorkDossier:
    """Open the dossier of an entry of an approved plan; each entry has one dossier."""
    core.require(user, MANAGE, entry_scope(entry))
    title = " ".join((title or "").split()) or entry.title
    if len(title) > 300:
        raise ValidationError({"title": [_("The title is longer than 300 characters.")]})
    with transaction.atomic():
        entry = FilePlanEntry.objects.select_for_update().select_related("plan").get(pk=entry.pk)
        if entry.plan.approved_at is None:
            raise ValidationError(
                _(
                    "The file plan of %(year)s is not approved; dossiers open only from an "
                    "approved plan."
                )
                % {"year": entry.plan.year}  # fmt: skip
            )
        if entry.dossiers.exists():
            raise ValidationError(
                _("The dossier %(code)s is already open; add documents to it instead.")
                % {"code": file_code(entry)}
            )
        dossier = WorkDossier.objects.create(entry=entry, title=title, opened_by=user)
        core.audit_record("eoffice.dossier.open", dossier, after=core.audit_snapshot(dossier))
    return dossier


def add_document(
    user,
    dossier: WorkDossier,
    *,
    incoming: IncomingDocument | None = None,
    outgoing: OutgoingDocument | None = None,
) -> DossierItem:
    """File a document the user may see into an open dossier (by reference, never a copy)."""
    if (incoming is None) == (outgoing is None):
        raise ValidationError(_("Choose one incoming or one outgoing document."))
    core.require(user, MANAGE, entry_scope(dossier.entry))
    # Not found and not visible look the same, so a user cannot probe for others' documents.
    if incoming is not None and not selectors.can_view(user, incoming):
        raise PermissionDenied(_("You cannot see this document, so you cannot file it."))
    if outgoing is not None and not can_view_outgoing(user, outgoing):
        raise PermissionDenied(
            _("You cannot see this document, or it has not been issued, so you cannot file it.")
        )
    with transaction.atomic():
        dossier = _lock_open(dossier)
        found = dossier.items.filter(incoming=incoming) if incoming else None
        if outgoing is not None:
            found = dossier.items.filter(outgoing=outgoing)
        if found.exists():
            raise ValidationError(_("This document is already in the dossier."))
        item = DossierItem.objects.create(
            dossier=dossier, incoming=incoming, outgoing=outgoing, added_by=user
        )
        core.audit_record("eoffice.dossier.add_document", item, after=core.audit_snapshot(item))
    return item


def remove_document(user, item: DossierItem) -> None:
    core.require(user, MANAGE, entry_scope(item.dossier.entry))
    with transaction.atomic():
        _lock_open(item.dossier)
        before = core.audit_snapshot(item)
        core.audit_record("eoffice.dossier.remove_document", item, before=before)
        item.delete()


def close_dossier(user, dossier: WorkDossier) -> WorkDossier:
    """Close (công việc kết thúc): nothing is added afterwards; fixes the hand-over due date."""
    core.require(user, MANAGE, entry_scope(dossier.entry))
    with transaction.atomic():
        dossier = _lock_open(dossier)
        if not dossier.items.exists():
            raise ValidationError(_("A dossier without documents cannot be closed."))
        before = core.audit_snapshot(dossier)
        dossier.status = DossierStatus.CLOSED
        dossier.closed_at = timezone.now()
        dossier.processed_online = kpi.processed_online(dossier)
        dossier.handover_due = handover_due_for(
            dossier.entry, timezone.localdate(dossier.closed_at)
        )
        dossier.save(update_fields=["status", "closed_at", "processed_online", "handover_due"])
        core.audit_record(
            "eoffice.dossier.close", dossier, before=before, after=core.audit_snapshot(dossier)
        )
    return dossier


def hand_over(user, dossier: WorkDossier) -> WorkDossier:
    """The agency archive took the dossier (nộp lưu); recorded by a keeper of the whole agency."""
    core.require(user, MANAGE, dossier.entry.plan.agency)
    with transaction.atomic():
        dossier = WorkDossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.status != DossierStatus.CLOSED:
            raise ValidationError(
                _("Only a closed dossier can be handed over to the archive.")
                if dossier.status == DossierStatus.OPEN
                else _("The dossier was already handed over to the archive.")
            )
        before = core.audit_snapshot(dossier)
        dossier.status = DossierStatus.HANDED_OVER
        dossier.handed_over_at = timezone.now()
        dossier.save(update_fields=["status", "handed_over_at"])
        core.audit_record(
            "eoffice.dossier.hand_over", dossier, before=before, after=core.audit_snapshot(dossier)
        )
    return dossier


def send_dossier_handover_reminders(today: datetime.date | None = None) -> int:
    """Tell the keeper of each closed dossier due within 30 days; once per dossier and due date."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    due = WorkDossier.objects.filter(
        status=DossierStatus.CLOSED, handover_due__lte=horizon
    ).select_related("entry__plan__agency", "entry__responsible", "opened_by")
    sent = 0
    for dossier in due.iterator():
        message = _("Hand over dossier %(code)s – %(title)s to the agency archive by %(date)s.") % {
            "code": file_code(dossier),
            "title": dossier.title[:200],
            "date": dossier.handover_due.strftime("%d/%m/%Y"),
        }
        recipients = {dossier.opened_by}
        if dossier.entry.responsible is not None:
            recipients.add(dossier.entry.responsible)
        key = f"eoffice.dossier.handover:{dossier.pk}:{dossier.handover_due.isoformat()}"
        for user in recipients:
            if core.notify(user, message, dossier.get_absolute_url(), email=True, dedup_key=key):
                sent += 1
    return sent
