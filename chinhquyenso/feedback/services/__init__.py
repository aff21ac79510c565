"""The door of the feedback app: other apps, views and the API call only what is exported here."""

from .queries import (
    COUNT_KEYS,
    counts_by_agency,
    filtered,
    officer_report,
    officer_reports,
    own_report,
    own_reports,
    public_report,
    public_reports,
    statistics,
)
from .reports import (
    NewReport,
    accept,
    answer,
    overdue,
    rate,
    receiving_agency,
    reject,
    submit,
    transfer,
)

__all__ = [
    "COUNT_KEYS",
    "counts_by_agency",
    "NewReport",
    "accept",
    "answer",
    "filtered",
    "officer_report",
    "officer_reports",
    "overdue",
    "own_report",
    "own_reports",
    "public_report",
    "public_reports",
    "rate",
    "receiving_agency",
    "reject",
    "statistics",
    "submit",
    "transfer",
]
