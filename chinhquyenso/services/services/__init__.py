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
from .backoffice_common import assign_code, current_step, handled_dossiers  # noqa: F401
from .backoffice_late import issue_apology, send_overdue_dossier_alerts  # noqa: F401
from .backoffice_processing import (  # noqa: F401
    approve,
    complete_step,
    hand_over,
    return_result,
    sign_result,
    start_step,
    upload_result,
)
from .backoffice_reception import (  # noqa: F401
    ApplicantData,
    Scan,
    WalkIn,
    check_and_accept,
    receive_walk_in,
    refuse,
    request_supplement,
    resume_clock,
)
from .catalogue import (  # noqa: F401
    DocumentData,
    ProcedureData,
    StepData,
    create_procedure,
    deactivate_procedure,
    search_procedures,
    update_procedure,
)
from .catalogue_import import ImportReport, import_catalogue, import_catalogue_xlsx  # noqa: F401
from .notifications import notify_applicant  # noqa: F401
from .warehouse import (  # noqa: F401
    add_result_to_warehouse,
    create_document_type,
    digitise_document,
    documents_for_officer,
    my_documents,
    upload_document,
    usable_documents,
    usage_log,
)
