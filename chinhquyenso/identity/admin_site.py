"""The Django admin behind the second factor (django-otp), following REQUIRE_ADMIN_2FA."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class TwoFactorAdminSite(OTPAdminSite):
    """Installed by swapping the class of `admin.site` (config/urls.py): registrations stay."""

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.REQUIRE_ADMIN_2FA else None

    @property
    def login_template(self):
        return "otp/admin111/login.html" if settings.REQUIRE_ADMIN_2FA else None

    def has_permission(self, request):
        if not settings.REQUIRE_ADMIN_2FA:
            return AdminSite.has_permission(self, request)
        return super().has_permission(request)
