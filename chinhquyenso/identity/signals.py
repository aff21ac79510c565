"""Sign-in, sign-out, failed and locked-out events written to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from chinhquyenso.core import audit

from .backends import find_user


@receiver(user_logged_in, dispatch_uid="identity.audit_login")
def audit_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit.record("identity.login", user, actor=user)


@receiver(user_logged_out, dispatch_uid="identity.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is None:
        return  # the session had already ended
    with transaction.atomic():
        audit.record("identity.logout", user, actor=user)


@receiver(user_login_failed, dispatch_uid="identity.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password with asterisks in `credentials`.
    identifier = str(credentials.get("username") or "")[:150]
    account = find_user(identifier) if identifier else None
    with transaction.atomic():
        audit.record(
            "identity.login_failed",
            account,
            object_type="core.user",
            object_repr=identifier,
            after={"username": identifier, "known_account": account is not None},
        )


@receiver(user_locked_out, dispatch_uid="identity.audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    account = find_user(username) if username else None
    with transaction.atomic():
        audit.record(
            "identity.locked_out",
            account,
            object_type="core.user",
            object_repr=str(username or "")[:150],
            after={"username": username},
        )
