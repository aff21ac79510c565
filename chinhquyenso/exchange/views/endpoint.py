"""The inbound HTTPS endpoint partners POST edXML to; authenticated per partner.

Credentials: `X-Exchange-System-Id` + `X-Exchange-Secret` (or LGSP-style `systemId` + `secret`),
or a client certificate whose SHA-256 the TLS terminator puts in EXCHANGE_CLIENT_CERT_HEADER.
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import services
from ..edxml.safe import max_message_bytes
from ..keys import instance_key


def _client_fingerprint(request) -> str:
    header = getattr(settings, "EXCHANGE_CLIENT_CERT_HEADER", "")
    if not header:
        return ""
    return request.META.get("HTTP_" + header.upper().replace("-", "_"), "")


def _partner(request):
    headers = request.headers
    fingerprint = _client_fingerprint(request)
    if fingerprint:
        return services.authenticate(client_fingerprint=fingerprint)
    return services.authenticate(
        headers.get("X-Exchange-System-Id") or headers.get("systemId", ""),
        headers.get("X-Exchange-Secret") or headers.get("secret", ""),
    )


def _read_body(request) -> bytes | None:
    limit = max_message_bytes()
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > limit:
        return None
    data = request.read(limit + 1)
    return None if len(data) > limit else data


@csrf_exempt
@require_POST
def inbound(request):
    """Receive one edXML document or status message."""
    payload = _read_body(request)
    if payload is None:
        body = {"status": "02", "reason": "too_large: the message exceeds the size limit."}
        return HttpResponse(json.dumps(body), status=413, content_type="application/json")
    reply = services.receive(
        payload,
        _partner(request),
        recipient_organ_id=request.headers.get("X-Exchange-Recipient")
        or request.headers.get("to", ""),
    )
    return HttpResponse(reply.body, status=reply.http_status, content_type=reply.content_type)


def certificate(request):
    """Our signing certificate (PEM), for partners to configure."""
    return HttpResponse(instance_key().cert_pem, content_type="application/x-pem-file")
