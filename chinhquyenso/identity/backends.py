"""Sign in with either the username or the e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user_model = get_user_model()
        identifier = username.strip()
        query = Q(username=identifier)
        if "@" in identifier:
            query |= Q(email__iexact=identifier)
        user = user_model._default_manager.filter(query).first()
        if user is None:
            user_model().set_password(password)  # same time cost as a real check (no user oracle)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
