"""Pluggable transports: another instance of this platform, an LGSP-style endpoint, or in-process.

A connector sends one message to one partner and returns the partner's answer; it raises
ConnectorError when the partner could not be reached (the outbox retries later).
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .choices import ConnectorKind
from .models import Partner


class ConnectorError(Exception):
    """The partner did not answer (network down, timeout, 5xx): try again later."""


@dataclass
class Response:
    http_status: int
    body: bytes
    content_type: str = ""

    def json(self) -> dict:
        try:
            value = json.loads(self.body or b"{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class Connector:
    def send(
        self, partner: Partner, payload: bytes, *, kind: str, sender: str, recipient: str
    ) -> Response:
        raise NotImplementedError


def _timeout() -> float:
    return float(getattr(settings, "EXCHANGE_HTTP_TIMEOUT", 30))


def _post(url: str, payload: bytes, headers: dict[str, str]) -> Response:
    if urlsplit(url).scheme not in {"http", "https"}:
        raise ConnectorError(f"Unsupported endpoint URL: {url}")
    request = urllib.request.Request(url, data=payload, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as answer:  # noqa: S310
            return Response(answer.status, answer.read(), answer.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp is not None else b""
        if exc.code >= 500 or exc.code in {408, 429}:
            raise ConnectorError(f"HTTP {exc.code}: {body[:300]!r}") from exc
        return Response(exc.code, body, exc.headers.get("Content-Type", ""))
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise ConnectorError(str(getattr(exc, "reason", exc))) from exc


class PlatformConnector(Connector):
    """POST the edXML to another instance's /exchange/inbound/ with our system id and secret."""

    def send(self, partner, payload, *, kind, sender, recipient):
        from .services.partners import outbound_secret

        return _post(
            partner.endpoint_url,
            payload,
            {
                "Content-Type": "application/xml; charset=utf-8",
                "X-Exchange-System-Id": partner.outbound_system_id,
                "X-Exchange-Secret": outbound_secret(partner),
                "X-Exchange-Recipient": recipient,
                "X-Exchange-Kind": kind,
            },
        )


class LgspConnector(Connector):
    """LGSP-style: credentials and routing in headers (systemId, secret, from, to, messagetype);
    the LGSP answers JSON {"status": "OK"|"FAIL", "ErrorDesc": …} and relays statuses later."""

    def send(self, partner, payload, *, kind, sender, recipient):
        from .services.partners import outbound_secret

        response = _post(
            partner.endpoint_url,
            payload,
            {
                "Content-Type": "application/xml; charset=utf-8",
                "systemId": partner.outbound_system_id,
                "secret": outbound_secret(partner),
                "from": sender,
                "to": recipient,
                "servicetype": "eDoc",
                "messagetype": "status" if kind == "status" else "edoc",
            },
        )
        data = response.json()
        if response.http_status == 200 and str(data.get("status", "")).upper() == "FAIL":
            reason = str(data.get("ErrorDesc") or data.get("errorDesc") or "FAIL")
            return Response(422, json.dumps({"reason": reason}).encode(), "application/json")
        return response


class InProcessConnector(Connector):
    """Hands the message to this instance's own inbound service, as the partner whose system id
    we present (tests and demos: two "agencies" on one database)."""

    def send(self, partner, payload, *, kind, sender, recipient):
        from .services import inbound
        from .services.partners import authenticate, outbound_secret

        caller = authenticate(partner.outbound_system_id, outbound_secret(partner))
        reply = inbound.receive(payload, caller, recipient_organ_id=recipient)
        if reply.http_status >= 500:
            raise ConnectorError(reply.body.decode("utf-8", "replace")[:300])
        return Response(reply.http_status, reply.body, reply.content_type)


CONNECTORS: dict[str, type[Connector]] = {
    ConnectorKind.PLATFORM: PlatformConnector,
    ConnectorKind.LGSP: LgspConnector,
    ConnectorKind.IN_PROCESS: InProcessConnector,
}


def connector_for(partner: Partner) -> Connector:
    return CONNECTORS[partner.connector]()
