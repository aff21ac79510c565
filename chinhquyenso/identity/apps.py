"""App configuration: connects the audit receivers for sign-in events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "chinhquyenso.identity"
    label = "identity"
    verbose_name = _("Identity")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
