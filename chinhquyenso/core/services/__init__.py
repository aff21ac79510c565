"""The door of the core app: other apps call only what is re-exported here.

Each concern lives in its own module (units, agencies, people, files, workdays, search); shared
infrastructure (audit, permissions, text folding) lives beside this package.
"""

from chinhquyenso.core.audit import record as audit_record
from chinhquyenso.core.audit import snapshot as audit_snapshot
from chinhquyenso.core.permissions import (
    agencies_with_perm,
    agency_ids_with_perm,
    departments_with_perm,
    has_perm,
    has_perm_in_agency,
    has_role,
    require,
    roles_of,
)
from chinhquyenso.core.text import fold

from .agencies import (
    close_agency,
    create_agency,
    create_department,
    update_agency,
    update_department,
)
from .files import FileIntegrityError, FileRefused, open_file, store_file
from .notifications import mark_read, notify, unread_count
from .notify import send_email_async
from .people import (
    assign_role,
    citizen_at_counter,
    create_official,
    deactivate_user,
    register_business,
    register_citizen,
    revoke_role,
    update_official,
)
from .search import index_object, remove_object, search
from .units import import_admin_units
from .workdays import add_working_days, is_working_day, working_days_between

__all__ = [
    "citizen_at_counter",
    "agencies_with_perm",
    "agency_ids_with_perm",
    "departments_with_perm",
    "close_agency",
    "create_agency",
    "create_department",
    "import_admin_units",
    "update_agency",
    "update_department",
    "mark_read",
    "notify",
    "unread_count",
    "FileIntegrityError",
    "FileRefused",
    "add_working_days",
    "assign_role",
    "create_official",
    "deactivate_user",
    "register_business",
    "register_citizen",
    "revoke_role",
    "update_official",
    "index_object",
    "is_working_day",
    "open_file",
    "remove_object",
    "search",
    "send_email_async",
    "store_file",
    "working_days_between",
    "audit_record",
    "audit_snapshot",
    "fold",
    "has_perm",
    "has_perm_in_agency",
    "has_role",
    "require",
    "roles_of",
]
