"""The current request's user and IP, so services can audit without threading them through."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    user_id: int | None
    user_repr: str
    ip_address: str | None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "cqs_request_context", default=None
)


def current() -> RequestContext | None:
    return _current.get()


def set_current(ctx: RequestContext | None) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
