"""The procedure catalogue API: public search and a procedure's details (no token needed), and the
catalogue keepers' workbook import."""

from dataclasses import asdict
from decimal import Decimal

from django.http import Http404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from . import services
from .catalogue_xlsx import CatalogueImportRefused
from .models import Procedure

router = Router(tags=["services catalogue"])
MAX_RESULTS = 200


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    field_name: str
    level: int
    online_level: str
    processing_days: int
    fee: Decimal
    fee_text: str

    @staticmethod
    def resolve_field(obj) -> str:
        return obj.field.code

    @staticmethod
    def resolve_field_name(obj) -> str:
        return obj.field.name

    @staticmethod
    def resolve_fee(obj) -> Decimal:
        return obj.fee_amount


class DocumentOut(Schema):
    order: int
    name: str
    copies: str
    mandatory: bool


class StepOut(Schema):
    order: int
    name: str
    role: str
    agency_hint: str
    time_share: int


class AgencyOut(Schema):
    electronic_id: str
    name: str


class ProcedureDetailOut(ProcedureOut):
    implementing_body: str
    fee_exemptions: str
    legal_basis: str
    result_type: str
    interagency: bool
    is_active: bool
    agencies: list[AgencyOut]
    documents: list[DocumentOut]
    steps: list[StepOut]
    form_schema: dict

    @staticmethod
    def resolve_agencies(obj) -> list:
        return sorted(obj.agencies.all(), key=lambda a: a.name)

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.required_documents.all())

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())


class RowErrorOut(Schema):
    sheet: str
    row: int
    column: str
    message: str


class ImportOut(Schema):
    created: list[str]
    updated: list[str]
    unchanged: list[str]


class ImportRefusedOut(ErrorOut):
    rows: list[RowErrorOut]


@router.get(
    "/procedures",
    response=list[ProcedureOut],
    auth=None,
    summary="Search the procedures offered (public; diacritics optional)",
)
def list_procedures(
    request,
    q: str = "",
    field: str = "",
    level: int | None = None,
    online_level: str = "",
    limit: int = 50,
    offset: int = 0,
):
    limit = max(1, min(limit, MAX_RESULTS))
    offset = max(0, offset)
    qs = services.search_procedures(q, field or None, level, online_level or None)
    return list(qs[offset : offset + limit])


# Before /procedures/{code}: the path converter would otherwise take "import" as a code.
@router.post(
    "/procedures/import",
    response={200: ImportOut, 403: ErrorOut, 422: ImportRefusedOut},
    summary="Import the catalogue workbook (all or nothing; errors by sheet, row and column)",
)
def import_procedures(request, file: File[UploadedFile]):
    try:
        report = services.import_catalogue_xlsx(request.user, file.read())
    except CatalogueImportRefused as exc:
        return Status(
            422,
            {
                "detail": " ".join(exc.messages),
                "errors": {"__all__": exc.messages},
                "rows": [asdict(error) for error in exc.row_errors],
            },
        )
    return report.as_dict()


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut},
    auth=None,
    summary="One offered procedure with its documents, steps and e-form (public)",
)
def get_procedure(request, code: str):
    procedure = (
        Procedure.objects.select_related("field")
        .prefetch_related("agencies", "required_documents", "steps")
        .filter(code=code, is_active=True)
        .first()
    )
    if procedure is None:
        raise Http404
    return procedure
