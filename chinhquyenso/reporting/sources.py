"""Automatic figures: data elements whose values another module already knows.

A provider computes one element for one period and reporting unit by calling the owning app's
services (never its models), and says where the figure came from (the lineage shown beside it).
Providers register themselves with `@provider("key")`; `DataElement.provider` names the key.
"""

import dataclasses
import datetime
import decimal
from collections.abc import Callable

from .periods import Period


@dataclasses.dataclass(frozen=True)
class Figure:
    value: decimal.Decimal | None
    module: str
    query: str
    computed_at: datetime.datetime

    def lineage(self) -> dict:
        return {
            "module": self.module,
            "query": self.query,
            "computed_at": self.computed_at.isoformat(),
        }


# key → callable(period, org_unit) -> Figure
PROVIDERS: dict[str, Callable[[Period, object], Figure]] = {}


def provider(key: str):
    def register(function: Callable[[Period, object], Figure]):
        if key in PROVIDERS and PROVIDERS[key] is not function:
            raise RuntimeError(f"reporting provider {key!r} registered twice")
        PROVIDERS[key] = function
        return function

    return register
