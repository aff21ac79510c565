from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistConfig(AppConfig):
    name = "chinhquyenso.assist"
    label = "assist"
    verbose_name = _("Assistance (OCR and prefill)")

    def ready(self):
        from chinhquyenso.core.permissions import register_permissions

        from .permissions import ASSIST_PERMISSIONS

        register_permissions(ASSIST_PERMISSIONS)
