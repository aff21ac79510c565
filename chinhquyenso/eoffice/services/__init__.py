"""The door of the e-office app: registration, routing and handling, visibility and queues."""

from .copies import copy_types_for, make_copy
from .handling import (
    Target,
    assign,
    complete,
    decide_extension,
    is_handler,
    present,
    reassign,
    record_progress,
    request_extension,
)
from .outgoing_approval import (
    approve,
    comment,
    review,
    submit_for_approval,
    submit_for_review,
)
from .outgoing_arrivals import refuse_arrival, register_arrival
from .outgoing_draft import add_version, create_draft, update_draft
from .outgoing_issue import correct, issue, recall
from .registration import (
    SEARCH_TYPE,
    DuplicateSuspected,
    IncomingData,
    find_duplicates,
    register_incoming,
    resolve_doc_type,
    return_to_sender,
    type_abbreviations,
)
from .signatures import check_signatures

__all__ = [
    "add_version",
    "approve",
    "comment",
    "correct",
    "create_draft",
    "issue",
    "recall",
    "refuse_arrival",
    "register_arrival",
    "review",
    "submit_for_approval",
    "submit_for_review",
    "update_draft",
    "SEARCH_TYPE",
    "DuplicateSuspected",
    "IncomingData",
    "Target",
    "assign",
    "check_signatures",
    "complete",
    "copy_types_for",
    "decide_extension",
    "find_duplicates",
    "is_handler",
    "make_copy",
    "present",
    "reassign",
    "record_progress",
    "register_incoming",
    "request_extension",
    "resolve_doc_type",
    "return_to_sender",
    "type_abbreviations",
]
