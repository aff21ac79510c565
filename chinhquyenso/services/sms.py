"""Text messages to applicants through a pluggable gateway (setting SERVICES_SMS_GATEWAY).

The default "log" gateway only writes the message to the log: a real operator's gateway (the
province's contract with a telecom brand-name service) is a class with the same `send` method.
"""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("chinhquyenso.services.sms")

DEFAULT_GATEWAY = "chinhquyenso.services.sms.LogGateway"


class SmsGateway(Protocol):
    def send(self, phone: str, message: str) -> None:
        """Send `message` to `phone`; raise on a failure the caller should know about."""


class LogGateway:
    """Records each message in the log instead of sending it (development, tests, no contract)."""

    def send(self, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", phone, message)


def gateway() -> SmsGateway:
    return import_string(getattr(settings, "SERVICES_SMS_GATEWAY", DEFAULT_GATEWAY))()
