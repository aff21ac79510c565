from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "chinhquyenso.exchange"
    label = "exchange"
    verbose_name = _("Document exchange")

    def ready(self):
        from chinhquyenso.core.permissions import register_permissions
        from chinhquyenso.eoffice.signals import register_external_status_provider

        from . import receivers  # noqa: F401  (connects to the e-office signals)
        from .permissions import EXCHANGE_PERMISSIONS
        from .services.recipients import external_statuses

        register_permissions(EXCHANGE_PERMISSIONS)
        # The e-office's outgoing pages ask it how far each external recipient got.
        register_external_status_provider(external_statuses)
