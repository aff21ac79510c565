"""Bearer-token authentication for the JSON API (personal access tokens), with session fallback."""

from ninja.security import HttpBearer, django_auth


class PersonalTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        from .tokens import authenticate_token

        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


api_auth = [PersonalTokenAuth(), django_auth]
