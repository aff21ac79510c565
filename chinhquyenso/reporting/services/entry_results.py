"""What entering values answers: the import strategies, each row's outcome, a batch's result,
and the refusal of a batch that had bad rows (every bad row with where and why)."""

import dataclasses

from django.core.exceptions import ValidationError

from ..models import DataValue
from . import validation


class Strategy:
    """DHIS2's importStrategy."""

    CREATE_AND_UPDATE = "CREATE_AND_UPDATE"
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    ALL = (CREATE_AND_UPDATE, CREATE, UPDATE, DELETE)


@dataclasses.dataclass
class SaveResult:
    # created, updated, deleted, unchanged, or ignored (the import strategy left it alone)
    action: str
    value: DataValue | None
    warnings: list[validation.Violation] = dataclasses.field(default_factory=list)
    note: str = ""


@dataclasses.dataclass(frozen=True)
class RowError:
    index: int
    object: str  # the identifier at fault (element, unit, cell, period code) or ""
    message: str
    # Which part of the row: element, org_unit, period, option_combo, value, comment, or "".
    field: str = ""


@dataclasses.dataclass
class BatchResult:
    results: list[SaveResult | None]
    errors: list[RowError]
    dry_run: bool

    def count(self, action: str) -> int:
        return sum(1 for r in self.results if r is not None and r.action == action)


class ValuesRefused(ValidationError):
    """A batch with at least one bad row: nothing was stored; `row_errors` says what and where."""

    def __init__(self, row_errors: list[RowError], results: list[SaveResult | None]):
        self.row_errors = row_errors
        self.results = results
        super().__init__([error.message for error in row_errors])
