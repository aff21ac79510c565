"""Asking the providers of automatic elements (sources.py): by administrative level when the
provider can, and at most once per element, period, unit and level while a page is computed."""

import contextlib
import contextvars
import functools
import inspect
from collections.abc import Callable, Iterator

from django.utils import timezone

from .periods import Period
from .sources import PROVIDERS, Figure

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "reporting_provider_memo", default=None
)


@contextlib.contextmanager
def one_reading() -> Iterator[None]:
    """Within the block (one page, one API call) a figure is computed once and reused."""
    token = _memo.set({}) if _memo.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _memo.reset(token)


def remembered(key: tuple, compute: Callable[[], object]):
    """`compute()` once per `key` inside one_reading(); every time outside it."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@functools.cache
def _accepts_level(function: Callable) -> bool:
    return "level" in inspect.signature(function).parameters


def automatic_figure(element, period: Period, unit, level: int | None = None) -> Figure:
    """The provider's figure for the unit's subtree (only its units of `level`, if given)."""
    function = PROVIDERS.get(element.provider)
    now = timezone.now()
    if function is None:
        return Figure(None, "reporting", f"unknown provider {element.provider!r}", now)
    if level is not None and not _accepts_level(function):
        return Figure(None, element.provider, "not available per administrative level", now)

    def compute() -> Figure:
        if level is None:
            return function(period, unit)
        return function(period, unit, level=level)

    return remembered(("figure", element.provider, period.id, unit.pk, level), compute)
