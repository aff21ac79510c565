"""The door of the core app: other apps call only what is re-exported here.

Each concern lives in its own module (units, agencies, people, files, workdays, search); shared
infrastructure (audit, permissions, text folding) lives beside this package.
"""

from chinhquyenso.core.audit import record as audit_record
from chinhquyenso.core.audit import snapshot as audit_snapshot
from chinhquyenso.core.permissions import has_perm, has_role, require
from chinhquyenso.core.text import fold

__all__ = [
    "audit_record",
    "audit_snapshot",
    "fold",
    "has_perm",
    "has_role",
    "require",
]
