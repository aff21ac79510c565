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
