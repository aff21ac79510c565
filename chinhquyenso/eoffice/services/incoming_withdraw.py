"""Removing an incoming document its sender recalled (Nghị định 30/2020 Phụ lục VI: an accepted
recall deletes the recipient's copy). The audit event keeps what was removed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..choices import IncomingStatus
from ..models import IncomingDocument
from .registration import SEARCH_TYPE

NOT_YET_HANDLED = {IncomingStatus.REGISTERED, IncomingStatus.PRESENTED}


def withdraw_incoming(
    user, document: IncomingDocument, reason: str, *, force: bool = False
) -> None:
    """Delete a recalled incoming document; unless `force`, only while nobody handles it yet."""
    core.require(user, "eoffice.register_incoming", document.agency)
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        if not force and document.status not in NOT_YET_HANDLED:
            raise ValidationError(
                _("This document is already being handled; a clerk must decide on the recall.")
            )
        if document.copies.exists() or document.dossier_items.exists():
            raise ValidationError(
                _("This document was copied or filed in a dossier; remove those first.")
            )
        snapshot = core.audit_snapshot(document)
        core.audit_record(
            "eoffice.incoming.withdraw", document, before=snapshot, after={"reason": reason}
        )
        core.remove_object(SEARCH_TYPE, document.pk)
        document.delete()
