"""The JSON API under /api/v1/: one NinjaAPI; each app contributes a router from its api.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from chinhquyenso.assist.api import router as assist_router
from chinhquyenso.core.api import router as core_router
from chinhquyenso.core.api_files import router as files_router
from chinhquyenso.eoffice.api import router as eoffice_router
from chinhquyenso.eoffice.api_copies import router as copies_router
from chinhquyenso.eoffice.api_dossiers import router as dossiers_router
from chinhquyenso.eoffice.api_handling import router as handling_router
from chinhquyenso.eoffice.api_outgoing import router as outgoing_router
from chinhquyenso.eoffice.api_registers import router as registers_router
from chinhquyenso.exchange.api import router as exchange_router
from chinhquyenso.feedback.api_officer import router as feedback_officer_router
from chinhquyenso.feedback.api_public import router as feedback_public_router
from chinhquyenso.identity.api import router as identity_router
from chinhquyenso.identity.api_auth import api_auth
from chinhquyenso.reporting.api_datavalues import router as reporting_datavalues_router
from chinhquyenso.reporting.api_indicators import router as reporting_indicators_router
from chinhquyenso.reporting.api_metadata import router as reporting_metadata_router
from chinhquyenso.reporting.api_metadata_units import router as reporting_units_router
from chinhquyenso.reporting.api_report_document import router as reporting_document_router
from chinhquyenso.reporting.api_reports import router as reporting_reports_router
from chinhquyenso.services.api_backoffice import router as services_backoffice_router
from chinhquyenso.services.api_catalogue import router as services_catalogue_router
from chinhquyenso.services.api_indicators import router as service_indicators_router
from chinhquyenso.services.api_portal import router as services_portal_router

api = NinjaAPI(
    title="Chính quyền số API",
    version="1.0.0",
    description="JSON API of the chinhquyenso platform. Authenticate with a personal access "
    "token: `Authorization: Bearer <token>` (create one at /identity/tokens/ or with "
    "`manage.py create_api_token USERNAME`).",
    urls_namespace="api",
    auth=api_auth,
)
api.add_router("/", identity_router)
api.add_router("/", core_router)
api.add_router("/files", files_router)
api.add_router("/assist", assist_router)
api.add_router("/eoffice", eoffice_router)
api.add_router("/eoffice", handling_router)
api.add_router("/eoffice", outgoing_router)
api.add_router("/eoffice", registers_router)
api.add_router("/eoffice", copies_router)
api.add_router("/eoffice", dossiers_router)
api.add_router("/exchange", exchange_router)
api.add_router("/services", services_portal_router)
api.add_router("/services", services_catalogue_router)
api.add_router("/services", service_indicators_router)
api.add_router("/services", services_backoffice_router)
api.add_router("/reporting/", reporting_metadata_router)
api.add_router("/reporting/", reporting_units_router)
api.add_router("/reporting/", reporting_document_router)
api.add_router("/reporting/", reporting_indicators_router)
api.add_router("/reporting/", reporting_datavalues_router)
api.add_router("/reporting/", reporting_reports_router)
api.add_router("/feedback", feedback_public_router)
api.add_router("/feedback", feedback_officer_router)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    """A service refused the input: 422 with the reason, per field where the service named one."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = " ".join(message for messages in errors.values() for message in messages)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    detail = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"detail": detail}, status=403)
