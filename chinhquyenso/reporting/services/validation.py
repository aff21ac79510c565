"""Validation rules of a report form, run over one unit's values for one period (DHIS2's
validation rule analysis): each side is an expression over the form's elements and disaggregation
cells; a rule whose values are missing is skipped. High importance blocks, low only warns."""

import dataclasses
import decimal
import operator as op
from collections import defaultdict

from ..choices import Importance, Operator, ValueSource
from ..expressions import parse
from ..models import DataSet, DataValue, OrgUnit
from ..periods import Period
from ..sources import PROVIDERS
from .entry_state import as_period

_COMPARE = {
    Operator.EQUAL: op.eq,
    Operator.NOT_EQUAL: op.ne,
    Operator.LESS: op.lt,
    Operator.LESS_EQUAL: op.le,
    Operator.GREATER: op.gt,
    Operator.GREATER_EQUAL: op.ge,
}


@dataclasses.dataclass(frozen=True)
class Violation:
    rule_code: str
    rule_name: str
    message: str
    importance: str
    left: decimal.Decimal
    operator: str
    right: decimal.Decimal
    elements: frozenset[str]

    @property
    def blocks(self) -> bool:
        return self.importance == Importance.HIGH

    @property
    def operator_label(self) -> str:
        return Operator(self.operator).label

    def as_dict(self) -> dict:
        return {
            "rule": self.rule_code,
            "name": self.rule_name,
            "message": self.message,
            "importance": self.importance,
            "blocks": self.blocks,
            "left": str(self.left),
            "operator": self.operator,
            "operator_label": self.operator_label,
            "right": str(self.right),
            "elements": sorted(self.elements),
        }


def form_values(
    data_set: DataSet, org_unit: OrgUnit, period: Period | str, *, live: set[str] | None = None
) -> dict[str, decimal.Decimal]:
    """The unit's numeric values on the form by expression key: "CODE" (total over the cells) and
    "CODE.CELL". Automatic elements named in `live` that have no stored (frozen) value are
    computed by their provider, so a rule over them works before submission too."""
    period = as_period(period)
    values: dict[str, decimal.Decimal] = {}
    totals: dict[str, decimal.Decimal] = defaultdict(decimal.Decimal)
    rows = DataValue.objects.filter(
        org_unit=org_unit, period=period.id, element__data_sets=data_set, number__isnull=False
    ).values_list("element__code", "option_combo__code", "number")
    for code, cell, number in rows:
        values[f"{code}.{cell}"] = number
        totals[code] += number
    values.update(totals)
    automatic = data_set.elements.filter(source=ValueSource.AUTOMATIC, code__in=live or ())
    for element in automatic:
        if element.code in values or element.provider not in PROVIDERS:
            continue
        figure = PROVIDERS[element.provider](period, org_unit)
        if figure.value is not None:
            values[element.code] = decimal.Decimal(figure.value)
    return values


def run_rules(
    data_set: DataSet,
    org_unit: OrgUnit,
    period: Period | str,
    *,
    element_code: str | None = None,
) -> list[Violation]:
    """The rules of the form that the unit's values break, high importance first; with
    `element_code`, only the rules that refer to that element."""
    parsed = []
    for rule in data_set.rules.all():
        left, right = parse(rule.left), parse(rule.right)
        codes = frozenset(ref.element for ref in left.references + right.references)
        if element_code is None or element_code in codes:
            parsed.append((rule, left, right, codes))
    if not parsed:
        return []
    referenced = set().union(*(codes for _r, _l, _rt, codes in parsed))
    values = form_values(data_set, org_unit, period, live=referenced)
    found = []
    for rule, left, right, codes in parsed:
        left_value, right_value = left.evaluate(values), right.evaluate(values)
        if left_value is None or right_value is None:
            continue  # a value is missing: the rule is skipped (DHIS2's default)
        if _COMPARE[rule.operator](left_value, right_value):
            continue
        found.append(
            Violation(
                rule.code,
                rule.name,
                rule.message,
                rule.importance,
                left_value,
                rule.operator,
                right_value,
                codes,
            )
        )
    found.sort(key=lambda v: (not v.blocks, v.rule_code))
    return found
