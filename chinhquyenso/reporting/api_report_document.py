"""The report on the resolution through the API: the DOCX or PDF of a period and unit, and an
outgoing draft in e-office with it attached."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from . import services
from .models import OrgUnit
from .report_document import generate_resolution_report
from .views.report_document import DOCX_TYPE, file_response

router = Router(tags=["reporting report document"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class DraftIn(Schema):
    period: str
    unit: str
    signer: str = ""  # username of the leader who approves and signs
    reviewer: str = ""


class DraftOut(Schema):
    outgoing_document: int
    subject: str


def _unit(request, code: str) -> OrgUnit:
    unit = get_object_or_404(OrgUnit, code=code)
    services.require_unit(request.user, "reporting.view", unit)
    return unit


@router.get(
    "/resolution-report",
    response={200: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The six-monthly (2026S1) or yearly (2026) report on the resolution, DOCX or PDF",
)
def resolution_report(request, period: str, unit: str, format: str = "docx"):
    org_unit = _unit(request, unit)
    generated = generate_resolution_report(period, org_unit)
    if format == "pdf":
        return file_response(generated.pdf, f"{generated.file_stem}.pdf", "application/pdf")
    return file_response(generated.docx, f"{generated.file_stem}.docx", DOCX_TYPE)


def _user(username: str):
    if not username:
        return None
    return get_object_or_404(get_user_model(), username=username, is_active=True)


@router.post(
    "/resolution-report/draft",
    response={201: DraftOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open an outgoing draft in e-office with the report attached (DOCX)",
)
def resolution_report_draft(request, payload: DraftIn):
    org_unit = _unit(request, payload.unit)
    document = services.create_report_draft(
        request.user,
        payload.period,
        org_unit,
        signer=_user(payload.signer),
        reviewer=_user(payload.reviewer),
    )
    return Status(201, {"outgoing_document": document.pk, "subject": document.subject})
