"""The door of the online-public-services app: every write goes through these modules."""

from .applications import (  # noqa: F401
    NewAttachment,
    answer_supplement,
    attach,
    detach,
    missing_documents,
    own_dossier,
    own_dossiers,
    rate,
    save_form,
    start_application,
    submit,
    withdraw,
)
from .notifications import notify_applicant  # noqa: F401
from .warehouse import (  # noqa: F401
    add_result_to_warehouse,
    digitise_document,
    documents_for_officer,
    my_documents,
    upload_document,
    usable_documents,
    usage_log,
)
