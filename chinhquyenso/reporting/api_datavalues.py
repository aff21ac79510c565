"""DHIS2-compatible `dataValueSets` under /api/v1/reporting/: import (JSON, dryRun,
importStrategy, atomicMode) answered with an importSummary, and export of a form's values."""

from ninja import Router, Schema, Status

from .services import imports_dhis2

router = Router(tags=["reporting data values"])
# Field and parameter names are DHIS2's (camelCase), so its clients work unchanged.


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class DataValueIn(Schema):
    dataElement: str
    categoryOptionCombo: str | None = None
    orgUnit: str | None = None
    period: str | None = None
    value: str | int | float | bool | None = None
    comment: str | None = None


class DataValueSetIn(Schema):
    dataSet: str | None = None
    period: str | None = None
    orgUnit: str | None = None
    completeDate: str | None = None
    dataValues: list[DataValueIn] = []


class ImportOptionsOut(Schema):
    dryRun: bool
    importStrategy: str
    atomicMode: str


class ImportCountOut(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int


class ConflictOut(Schema):
    object: str
    value: str
    property: str = ""
    indexes: list[int] = []


class ImportSummaryOut(Schema):
    responseType: str
    status: str
    description: str
    importOptions: ImportOptionsOut
    importCount: ImportCountOut
    conflicts: list[ConflictOut]
    dataSetComplete: str


class DataValueOut(Schema):
    dataElement: str
    categoryOptionCombo: str
    orgUnit: str
    period: str
    value: str
    comment: str
    storedBy: str
    created: str
    lastUpdated: str
    lineage: dict | None = None


class DataValueSetOut(Schema):
    dataSet: str
    period: str
    orgUnit: str
    completeDate: str | None = None
    dataValues: list[DataValueOut]


@router.post(
    "/dataValueSets",
    response={200: ImportSummaryOut, 409: ImportSummaryOut, 403: ErrorOut, 422: ErrorOut},
    url_name="reporting_datavaluesets_import",
)
def import_values(
    request,
    payload: DataValueSetIn,
    dryRun: bool = False,
    importStrategy: str = "CREATE_AND_UPDATE",
    atomicMode: str = "ALL",
):
    """Import values as DHIS2 does (identifiers are our codes). Atomic by default: one bad value
    and nothing is stored, status ERROR (HTTP 409) with every bad value among the conflicts;
    `atomicMode=NONE` stores the good values (status WARNING). `completeDate` also submits the
    report of dataSet/period/orgUnit."""
    options = imports_dhis2.Options(
        dry_run=dryRun, strategy=importStrategy.upper(), atomic_mode=atomicMode.upper()
    )
    summary = imports_dhis2.import_data_value_set(request.auth, payload.model_dump(), options)
    return Status(409 if summary["status"] == "ERROR" else 200, summary)


@router.get(
    "/dataValueSets",
    response={200: DataValueSetOut, 403: ErrorOut, 422: ErrorOut},
    url_name="reporting_datavaluesets_export",
)
def export_values(
    request,
    dataSet: str,
    period: str,
    orgUnit: str,
    children: bool = False,
):
    """The stored values of a form for a period and a unit; `children=true` adds every unit
    below it. Needs reporting.view on the unit."""
    return imports_dhis2.export_data_value_set(
        request.auth, data_set=dataSet, period=period, org_unit=orgUnit, children=children
    )
