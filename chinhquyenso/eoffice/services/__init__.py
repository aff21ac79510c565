"""The door of the e-office app: registration, routing and handling, visibility and queues."""

from .. import kpi  # noqa: F401  (online processing by level, read by the reporting app)
from .copies import copy_types_for, make_copy, sign_copy
from .dossiers import (
    add_document,
    close_dossier,
    file_code,
    hand_over,
    open_dossier,
    remove_document,
    send_dossier_handover_reminders,
)
from .fileplan import (
    EntryData,
    add_entry,
    approve_file_plan,
    create_file_plan,
    import_entries,
    remove_entry,
    reopen_file_plan,
    update_entry,
)
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
from .incoming_withdraw import withdraw_incoming
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
from .signing import add_credential, sign_pdf_as_agency
from .signing import verify as verify_signatures

__all__ = [
    "add_credential",
    "sign_pdf_as_agency",
    "verify_signatures",
    "SEARCH_TYPE",
    "DuplicateSuspected",
    "EntryData",
    "IncomingData",
    "Target",
    "add_document",
    "add_entry",
    "add_version",
    "approve",
    "approve_file_plan",
    "assign",
    "check_signatures",
    "close_dossier",
    "comment",
    "complete",
    "copy_types_for",
    "correct",
    "create_draft",
    "create_file_plan",
    "decide_extension",
    "file_code",
    "find_duplicates",
    "hand_over",
    "import_entries",
    "is_handler",
    "issue",
    "make_copy",
    "open_dossier",
    "present",
    "reassign",
    "recall",
    "record_progress",
    "refuse_arrival",
    "register_arrival",
    "register_incoming",
    "remove_document",
    "remove_entry",
    "reopen_file_plan",
    "request_extension",
    "resolve_doc_type",
    "return_to_sender",
    "sign_copy",
    "review",
    "send_dossier_handover_reminders",
    "submit_for_approval",
    "submit_for_review",
    "type_abbreviations",
    "update_draft",
    "update_entry",
    "withdraw_incoming",
]
