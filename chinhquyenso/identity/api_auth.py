"""Bearer-token authentication for the JSON API (personal access tokens), with session fallback."""

from ninja.security import HttpBearer, SessionAuth

from .two_factor import must_verify


class PersonalTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        from .tokens import authenticate_token

        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session, refused for an administrator who has not passed the second factor."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and must_verify(user) and not user.is_verified():
            return None
        return user


api_auth = [PersonalTokenAuth(), VerifiedSessionAuth()]
