from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "chinhquyenso.exchange"
    label = "exchange"
    verbose_name = _("Document exchange")

    def ready(self):
        from chinhquyenso.core.permissions import register_permissions

        from . import receivers  # noqa: F401  (connects to the e-office signals)
        from .permissions import EXCHANGE_PERMISSIONS

        register_permissions(EXCHANGE_PERMISSIONS)
