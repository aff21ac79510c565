"""The current request's user and IP, so services can audit without threading them through."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    user_id: int | None
    user_repr: str
    ip_address: str | None


class HttpRequestContext:
    """The context of one HTTP request; the user is read from the request when an event asks.

    Reading it late matters for the API: a bearer token authenticates inside the view, after the
    middleware ran, and the token's owner is who acted. It also spares requests that audit
    nothing from resolving the session's user.
    """

    __slots__ = ("_request", "ip_address")

    def __init__(self, request, ip_address: str | None):
        self._request = request
        self.ip_address = ip_address

    def _user(self):
        user = getattr(self._request, "user", None)
        return user if user is not None and user.is_authenticated else None

    @property
    def user_id(self) -> int | None:
        user = self._user()
        return user.pk if user is not None else None

    @property
    def user_repr(self) -> str:
        user = self._user()
        return user.get_username() if user is not None else ""


_current: contextvars.ContextVar[RequestContext | HttpRequestContext | None] = (
    contextvars.ContextVar("cqs_request_context", default=None)
)


def current() -> RequestContext | HttpRequestContext | None:
    return _current.get()


def set_current(ctx: RequestContext | HttpRequestContext | None) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
