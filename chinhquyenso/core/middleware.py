"""Middleware: who is acting and from where (for the audit log), and the CSP header."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

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
