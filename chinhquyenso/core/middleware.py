"""Middleware that records who is acting and from where, for the audit log."""

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
