"""Issuing, listing, checking and revoking personal access tokens (the token service)."""

import datetime
import functools
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import audit, permissions
from chinhquyenso.core.compiled import CompiledQuery

from .models import ApiToken

TOKEN_PREFIX = "cqs_"
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
MAX_TOKEN_DAYS = 3650
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_self(user) -> None:
    # A token acts with all of its owner's rights, so only the owner may create or revoke one.
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("You do not have permission to do this."))


def expiry_after_days(days: int | None) -> datetime.datetime | None:
    """The expiry moment `days` from now; None means the token does not expire."""
    if days is None:
        return None
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            _("The validity must be between 1 and %(max)d days.") % {"max": MAX_TOKEN_DAYS},
            code="token_days",
        )
    return timezone.now() + datetime.timedelta(days=days)


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def issue_token(
    user, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the clear value is returned once and never stored."""
    _require_self(user)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name, e.g. the script that uses it."))
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("The name may have at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(_("The expiry date must be in the future."))
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=clear[:10],
            token_hash=_hash(clear),
            expires_at=expires_at,
        )
        audit.record(
            "identity.token.create",
            token,
            actor=user,
            after={"name": name, "prefix": token.prefix, "expires_at": expires_at},
        )
    return token, clear


def _token_user_roles(token_hash):
    # One row per role assignment of the token's owner (one row with empty role columns when
    # there is none): the roles every API request checks come with the sign-in.
    return (
        ApiToken.objects.filter(token_hash=token_hash, revoked_at__isnull=True)
        .order_by("user__role_assignments__pk")
        .values_list(
            "pk",
            "expires_at",
            "last_used_at",
            *(f"user__{a}" for a in _user_columns()),
            *permissions.role_columns("user__role_assignments__"),
        )
    )


@functools.cache
def _user_columns() -> tuple[str, ...]:
    return tuple(f.attname for f in get_user_model()._meta.concrete_fields)


# Every API request runs this lookup: compiled once (core/compiled.py).
_LOOKUP = CompiledQuery(_token_user_roles, str)


def authenticate_token(clear: str):
    rows = _LOOKUP.rows(_hash(clear))
    if not rows:
        return None
    token_id, expires_at, last_used_at, *rest = rows[0]
    users = len(_user_columns())
    user = get_user_model().from_db("default", _user_columns(), rest[:users])
    if not user.is_active:
        return None
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        return None
    permissions.set_roles(user, permissions.roles_from_rows(row[3 + users :] for row in rows))
    # At most one write a minute per token: a script calling the API hundreds of times a second
    # must not turn every read into a database write.
    if last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


def revoke_token(user, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there is no such active token."""
    _require_self(user)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None or token.revoked_at is not None:
            return False
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            "identity.token.revoke",
            token,
            actor=user,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
        )
    return True
