"""Top-level URL map: web pages per app, the JSON API, health and language switching."""

from django.contrib import admin
from django.urls import include, path

from chinhquyenso.core.views.health import healthz
from chinhquyenso.identity.admin_site import TwoFactorAdminSite

from .api import api

# The admin asks for the TOTP second factor too; swapping the class keeps every registration.
admin.site.__class__ = TwoFactorAdminSite

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("identity/", include("chinhquyenso.identity.urls")),
    path("eoffice/", include("chinhquyenso.eoffice.urls")),
    path("assist/", include("chinhquyenso.assist.urls")),
    path("services/", include("chinhquyenso.services.urls")),
    path("exchange/", include("chinhquyenso.exchange.urls")),
    path("reporting/", include("chinhquyenso.reporting.urls")),
    path("feedback/", include("chinhquyenso.feedback.urls")),
    path("open311/v2/", include("chinhquyenso.feedback.open311.urls")),
    path("", include("chinhquyenso.core.urls")),
]
