"""Sign in with either the username or the e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def find_user(identifier: str):
    """The account a sign-in identifier (username, or e-mail in any letter case) points to."""
    identifier = identifier.strip()
    if not identifier:
        return None
    query = Q(username=identifier)
    if "@" in identifier:
        query |= Q(email__iexact=identifier)
    # Ordered so the lockout counter (identity/lockout.py) and the check below pick the same row.
    return get_user_model()._default_manager.filter(query).order_by("pk").first()


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            get_user_model()().set_password(password)  # same time cost as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
