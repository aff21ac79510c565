from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "chinhquyenso.feedback"
    label = "feedback"
    verbose_name = _("Citizen feedback")

    def ready(self):
        from chinhquyenso.core.permissions import register_permissions

        from .permissions import FEEDBACK_PERMISSIONS

        register_permissions(FEEDBACK_PERMISSIONS)
