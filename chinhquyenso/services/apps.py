from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "chinhquyenso.services"
    label = "services"
    verbose_name = _("Online public services")

    def ready(self):
        from chinhquyenso.core.permissions import register_permissions

        from .permissions import SERVICES_PERMISSIONS

        register_permissions(SERVICES_PERMISSIONS)
