"""Issuing, checking and revoking personal access tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from chinhquyenso.core import audit

from .models import ApiToken

TOKEN_PREFIX = "cqs_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token; the clear value is returned once and never stored."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=clear[:10],
            token_hash=_hash(clear),
            expires_at=expires_at,
        )
        audit.record("identity.token.create", token, actor=user, after={"name": name})
    return token, clear


def authenticate_token(clear: str):
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(clear), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(user, token_id: int) -> bool:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None or token.revoked_at is not None:
            return False
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("identity.token.revoke", token, actor=user)
    return True
