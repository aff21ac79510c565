"""Shared steps of the outgoing-document services: locking, status changes, trace, notices.

The flow itself lives in outgoing_draft.py (drafting, review, approval), outgoing_issue.py
(numbering, issue, delivery, recall, correction) and outgoing_arrivals.py (the receiving side).
"""

import importlib

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..models import OutgoingDocument, OutgoingTrace

SIGNING_MODULE = "chinhquyenso.eoffice.services.signing"
SEARCH_TYPE = "eoffice.outgoing"


def signing():
    """The signing services, looked up at call time (built beside this module)."""
    return importlib.import_module(SIGNING_MODULE)


def locked(document: OutgoingDocument) -> OutgoingDocument:
    return (
        OutgoingDocument.objects.select_for_update(of=("self",))
        .select_related("agency", "department", "doc_type")
        .get(pk=document.pk)
    )


def require_status(document: OutgoingDocument, *allowed: str) -> None:
    if document.status not in allowed:
        raise ValidationError(
            _("This is not possible while the document is “%(status)s”.")
            % {"status": document.get_status_display()}
        )


def set_status(document: OutgoingDocument, status: str, *fields: str) -> dict:
    """Change the status (and save `fields` too); returns the `before` of the audit event."""
    before = core.audit_snapshot(document, ["status", *fields])
    document.status = status
    document.save(update_fields=["status", *fields, "updated_at"])
    return before


def trace(document: OutgoingDocument, actor, action: str, note: str = "") -> OutgoingTrace:
    return OutgoingTrace.objects.create(document=document, actor=actor, action=action, note=note)


def audit(action: str, document: OutgoingDocument, before: dict | None, *fields: str) -> None:
    core.audit_record(
        f"eoffice.outgoing.{action}",
        document,
        before=before,
        after=core.audit_snapshot(document, ["status", *fields]),
    )


def tell(users, message: str, document: OutgoingDocument, *, skip=None) -> None:
    """Notify each distinct user once (not `skip`, usually the one who acted)."""
    seen = set()
    for user in users:
        if user is None or user.pk in seen or (skip is not None and user.pk == skip.pk):
            continue
        seen.add(user.pk)
        core.notify(user, message, document_url(document))


def document_url(document: OutgoingDocument) -> str:
    try:
        return document.get_absolute_url()
    except NoReverseMatch:  # the web pages come separately; the notice goes out without a link
        return ""


def label(document: OutgoingDocument) -> str:
    return document.number_text or document.subject[:120]
