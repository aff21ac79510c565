"""Keeping indicators and their targets from the management pages and the API: formulas are
checked reference by reference, a code is never taken twice."""

import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import UnitLevel

from ..models import Indicator, IndicatorTarget
from .metadata import IndicatorData, _check_code, _require, save_indicator, set_target
from .metadata_expressions import require_valid_expression


@transaction.atomic
def save_indicator_checked(
    data: IndicatorData, *, indicator: Indicator | None = None, actor=None
) -> Indicator:
    """Create an indicator (`indicator` None: its code must be free) or change `indicator`
    (its code stays)."""
    _require(actor)
    if indicator is None:
        code = _check_code(data.code)
        if Indicator.objects.filter(code=code).exists():
            message = _("The code “%(code)s” is already used by another indicator.")
            raise ValidationError({"code": message % {"code": code}})
    else:
        data.code = indicator.code
    if not (data.name or "").strip():
        raise ValidationError({"name": _("Enter the name of the indicator.")})
    require_valid_expression(data.numerator, field="numerator")
    require_valid_expression(data.denominator or "1", field="denominator")
    data.denominator = data.denominator or "1"
    if data.factor is None or data.factor == 0:
        raise ValidationError({"factor": _("The factor must be a number other than 0.")})
    return save_indicator(data, actor=actor)


@transaction.atomic
def save_target(
    indicator: Indicator,
    *,
    year: int,
    value: decimal.Decimal | None,
    comparison: str,
    level: int | None = None,
    text: str = "",
    actor=None,
) -> IndicatorTarget:
    """Set the target of a year (and administrative level) — one per year and level."""
    _require(actor)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("The year must lie between 2000 and 2100.")})
    if level is not None and level not in UnitLevel.values:
        message = _("Unknown administrative level %(level)s.")
        raise ValidationError({"level": message % {"level": level}})
    return set_target(
        indicator,
        year=int(year),
        value=value,
        comparison=comparison,
        level=level,
        text=(text or "").strip(),
        actor=actor,
    )


@transaction.atomic
def delete_target(target: IndicatorTarget, actor=None) -> None:
    _require(actor)
    core.audit_record(
        "reporting.target.delete", target, before=core.audit_snapshot(target), actor=actor
    )
    target.delete()
