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
