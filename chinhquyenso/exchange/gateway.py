"""The exchange gateway's account: the actor that registers arrivals and answers recalls.

It is an ordinary official account holding the clerk role over the agencies that receive through
exchange, created by `manage.py exchange_setup` through the core services (docs/exchange.md).
"""

from django.conf import settings
from django.contrib.auth import get_user_model

DEFAULT_USERNAME = "exchange-gateway"


def username() -> str:
    return getattr(settings, "EXCHANGE_GATEWAY_USERNAME", "") or DEFAULT_USERNAME


def gateway_user():
    """The gateway account, or None when exchange_setup has not been run."""
    return get_user_model().objects.filter(username=username(), is_active=True).first()
