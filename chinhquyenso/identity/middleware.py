"""Administrators must pass a TOTP second factor before using the platform."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .two_factor import has_confirmed_device, must_verify

# Reachable before the second factor: health checks, language switching and static assets.
ALWAYS_OPEN_PREFIXES = ("/healthz", "/i18n/")
IDENTITY_OPEN_URLS = ("identity:otp_setup", "identity:otp_verify", "identity:logout")


def _is_bearer_request(request) -> bool:
    # Tokens are only issued to a verified session; the API's own session fallback re-checks the
    # second factor (identity/api_auth.py), so a bogus bearer header opens nothing.
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def _is_open_path(path: str) -> bool:
    if path.startswith(ALWAYS_OPEN_PREFIXES) or path.startswith(settings.STATIC_URL):
        return True
    return path in {reverse(name) for name in IDENTITY_OPEN_URLS}


class RequireAdminTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A bearer request is let through before `request.user` is touched: resolving the
        # session's user would cost every API call a session lookup it does not use.
        if _is_bearer_request(request):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or user.is_verified()
            or _is_open_path(request.path)
            or not must_verify(user)
        ):
            return self.get_response(request)
        target = "identity:otp_verify" if has_confirmed_device(user) else "identity:otp_setup"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # htmx would swap the redirected page into a fragment; ask it to navigate instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
