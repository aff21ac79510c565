from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "chinhquyenso.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from chinhquyenso.core.permissions import register_permissions

        from .permissions import REPORTING_PERMISSIONS

        register_permissions(REPORTING_PERMISSIONS)
        # Automatic figures register their providers (sources.PROVIDERS) on import.
        from . import sources_eoffice, sources_feedback, sources_services  # noqa: F401
