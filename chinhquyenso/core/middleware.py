"""Middleware: who is acting and from where (for the audit log), the CSP header, and a shorter
chain for API calls that carry a bearer token and no session."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from . import request_context


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is trusted solely through the proxy's own configuration.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The user is looked up when an audit event is written, not here (HttpRequestContext).
        token = request_context.set_current(
            request_context.HttpRequestContext(request, client_ip(request))
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_REPORT_ONLY_SETTING = "CONTENT_SECURITY_POLICY_REPORT_ONLY"
_default_policies: dict[str, tuple[str, str]] = {}


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _default_policies.clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' policy built once instead of per response.

    Building the header string cost every response (each API call too) ~300 Python calls. A
    response that asks for its own policy (csp decorators) or a request that used a nonce goes
    through django-csp unchanged.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):
            return response
        policies = _default_policies.get("default")
        if policies is None:
            policies = (build_policy(), build_policy(report_only=True))
            _default_policies["default"] = policies
        for value, header, exempt, setting in (
            (policies[0], HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                policies[1],
                HEADER_REPORT_ONLY,
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                value
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


API_PREFIX = "/api/"
# What a bearer-token API call without a session cookie does not use: static files, the session
# and the user it holds (the token names the user), CSRF (no cookie to forge with), the admins'
# second factor for the browser (tokens are issued to a verified session), flash messages and
# the sign-in lockout. Any other middleware, including one added later, still applies.
SKIPPED_FOR_BEARER_API = frozenset(
    {
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "chinhquyenso.identity.middleware.RequireAdminTwoFactorMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "axes.middleware.AxesMiddleware",
    }
)


class _ChainHandler(BaseHandler):
    """A handler whose middleware chain is the given list (all synchronous middleware)."""

    def __init__(self, paths: list[str]):
        super().__init__()
        self._paths = paths

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware, self._template_response_middleware = [], []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(self._paths):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


class BearerApiMiddleware:
    """First in MIDDLEWARE: an API call with a bearer token and no session cookie goes through
    the middleware it needs only (SKIPPED_FOR_BEARER_API lists the others).

    The middleware skipped cost such a call about a fifth of its Python work. With a session
    cookie, or without a token, the request takes the whole chain as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._short = None

    def _short_chain(self):
        if self._short is None:
            skipped = {*SKIPPED_FOR_BEARER_API, f"{__name__}.{type(self).__name__}"}
            short = _ChainHandler([m for m in settings.MIDDLEWARE if m not in skipped])
            short.load_middleware()
            self._short = short._middleware_chain
        return self._short

    def __call__(self, request):
        if (
            request.path_info.startswith(API_PREFIX)
            and request.META.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            # No session: the token's owner, set by the API's authentication, is the user.
            request.user = AnonymousUser()
            return self._short_chain()(request)
        return self.get_response(request)
