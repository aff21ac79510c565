"""Core registry shared by every building block."""

from .agencies import Agency, Department
from .audit import AuditChainHead, AuditEvent
from .calendar import CalendarDay
from .files import StoredFile
from .notifications import Notification
from .people import RoleAssignment, User
from .search import SearchEntry
from .sequences import SequenceCounter
from .units import AdministrativeUnit, UnitSuccession

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "AuditChainHead",
    "AuditEvent",
    "CalendarDay",
    "Department",
    "Notification",
    "RoleAssignment",
    "SearchEntry",
    "SequenceCounter",
    "StoredFile",
    "UnitSuccession",
    "User",
]
