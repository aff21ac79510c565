"""Account lockout after repeated failed sign-ins (django-axes), keyed by the account itself."""

from django.conf import settings

from .backends import find_user


def lockout_username(request, credentials: dict | None) -> str | None:
    """The key axes counts failures under: the account's username, whatever was typed.

    Without this, "an@example.vn", "An@Example.vn" and the username would each get their own
    allowance of attempts against one account.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = credentials.get(field) if credentials else request.POST.get(field)
    if not raw:
        return raw
    user = find_user(raw)
    if user is not None:
        return user.get_username()
    identifier = raw.strip()
    return identifier.lower() if "@" in identifier else identifier
