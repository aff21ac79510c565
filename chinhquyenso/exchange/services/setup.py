"""Setting an instance up for exchange: the gateway account (through the core services)."""

from django.conf import settings
from django.db import transaction

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role

from ..gateway import gateway_user, username


def ensure_gateway(admin, agency, email: str = "") -> object:
    """Create the gateway account, clerk over `agency` and the agencies below it (idempotent).

    Its mailbox (notices about arrivals) defaults to DEFAULT_FROM_EMAIL."""
    user = gateway_user()
    with transaction.atomic():
        if user is None:
            user = core.create_official(
                admin,
                username(),
                "Cổng liên thông văn bản (edXML)",
                email or settings.DEFAULT_FROM_EMAIL,
                agency,
            )
        if not core.has_perm(user, "eoffice.register_incoming", agency):
            core.assign_role(admin, user, Role.CLERK, agency=agency, include_descendants=True)
    return user
