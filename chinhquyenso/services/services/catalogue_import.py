"""Importing the catalogue from its workbook (or the same rows as JSON): all or nothing.

Every row is checked before anything is written; one bad cell refuses the whole file with the list
of errors by sheet, row and column. Procedures are matched by code: new ones are created, known
ones updated (their documents and steps replaced by the file's), the others are left alone.
"""

from dataclasses import dataclass, field

from django.db import transaction

from chinhquyenso.core import services as core

# A module import: catalogue_xlsx itself imports this package's catalogue module.
from .. import catalogue_xlsx
from ..models import Procedure
from .catalogue import MANAGE, save_procedure_unchecked


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def import_catalogue(user, sheets: dict[str, list[tuple[int, dict]]]) -> ImportReport:
    """Raises CatalogueImportRefused (a ValidationError) with `row_errors` when any row is wrong."""
    core.require(user, MANAGE)
    items = catalogue_xlsx.procedures_from_sheets(sheets)
    codes = [data.code for data in items]
    existing = Procedure.objects.filter(code__in=codes).prefetch_related("agencies")
    for procedure in existing:
        for agency in procedure.agencies.all():
            core.require(user, MANAGE, agency)
    for data in items:
        for agency in data.agencies:
            core.require(user, MANAGE, agency)
    report = ImportReport()
    with transaction.atomic():
        for data in items:
            _procedure, state = save_procedure_unchecked(data)
            getattr(report, state).append(data.code)
        core.audit_record(
            "services.catalogue.import",
            object_type="services.procedure",
            object_repr=f"{len(items)} procedures",
            after=report.as_dict(),
        )
    return report


def import_catalogue_xlsx(user, content: bytes) -> ImportReport:
    core.require(user, MANAGE)
    return import_catalogue(user, catalogue_xlsx.read_workbook(content))
