"""Signals the e-office sends so other apps (document exchange) can follow its documents without
the e-office importing them. Each is sent inside the service's transaction."""

from django.dispatch import Signal

# An outgoing document was issued: kwargs document, user.
outgoing_issued = Signal()
# An issued outgoing document was recalled: kwargs document, user, reason.
outgoing_recalled = Signal()
# An incoming document changed status (presented, assigned, in_progress, completed, returned):
# kwargs document, status, user (may be None), note.
incoming_status_changed = Signal()


# Who knows how far an outgoing document got with each external recipient (the document exchange
# does): functions of (document) returning {recipient electronic id: (status, note)}, status one
# of selectors_outgoing.RECIPIENT_STATUS_LABELS. Registered by the app that delivers; the
# e-office only asks, so it never imports that app and the status is never stored twice.
external_status_providers: list = []


def register_external_status_provider(provider) -> None:
    if provider not in external_status_providers:
        external_status_providers.append(provider)
