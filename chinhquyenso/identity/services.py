"""Account changes a user makes to their own account (tokens: tokens.py; TOTP: two_factor.py)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import audit


def change_password(user, new_password: str) -> None:
    """Set a new password that passes the policy (AUTH_PASSWORD_VALIDATORS); raises otherwise."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("You do not have permission to do this."))
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        # The hash itself stays out of the audit log.
        audit.record("identity.password.change", user, actor=user)
