from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EofficeConfig(AppConfig):
    name = "chinhquyenso.eoffice"
    label = "eoffice"
    verbose_name = _("E-office")

    def ready(self):
        from chinhquyenso.core.permissions import register_permissions

        from .permissions import EOFFICE_PERMISSIONS

        register_permissions(EOFFICE_PERMISSIONS)
