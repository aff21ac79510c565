"""The door of document exchange: partners and directory, sending, receiving, statuses, the log."""

from .inbound import Reply, receive
from .log import LogBreak, append, purge_payloads, verify_chain
from .outbox import attempt, backoff, deliver_due
from .partners import (
    add_organisation,
    authenticate,
    create_partner,
    remove_organisation,
    rotate_secret,
    route,
    update_partner,
)
from .sending import recall_issued, send_issued
from .setup import ensure_gateway
from .statuses import accept_recall, queue_status, refuse_recall

__all__ = [
    "LogBreak",
    "Reply",
    "accept_recall",
    "add_organisation",
    "append",
    "attempt",
    "authenticate",
    "backoff",
    "create_partner",
    "deliver_due",
    "ensure_gateway",
    "purge_payloads",
    "queue_status",
    "recall_issued",
    "receive",
    "refuse_recall",
    "remove_organisation",
    "rotate_secret",
    "route",
    "send_issued",
    "update_partner",
    "verify_chain",
]
