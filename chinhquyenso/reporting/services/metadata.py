"""Keeping the reporting metadata: data elements, disaggregations, report forms and their rules,
indicators and targets. Every change is checked, audited and all-or-nothing."""

import dataclasses
import decimal
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import expressions
from ..choices import Importance, Operator, Periodicity, TargetComparison, ValueSource, ValueType
from ..models import (
    CategoryCombo,
    CategoryOptionCombo,
    DataElement,
    DataSet,
    DataSetAssignment,
    DataSetElement,
    Indicator,
    IndicatorGroup,
    IndicatorTarget,
    OrgUnit,
    ValidationRule,
)

CODE = re.compile(r"^[A-Za-z0-9_\-]{1,60}$")


def default_option_combo() -> CategoryOptionCombo:
    """The single cell of elements that are not disaggregated (DHIS2's "default")."""
    combo, _created = CategoryCombo.objects.get_or_create(
        code=CategoryCombo.DEFAULT_CODE, defaults={"name": "default"}
    )
    cell, _created = CategoryOptionCombo.objects.get_or_create(
        code=CategoryCombo.DEFAULT_CODE, defaults={"combo": combo, "name": "default"}
    )
    return cell


def _check_code(code: str) -> str:
    code = (code or "").strip()
    if not CODE.match(code):
        raise ValidationError(
            _("“%(code)s” is not a valid code: use letters, digits, _ and - (at most 60).")
            % {"code": code}
        )
    return code


def _require(actor) -> None:
    if actor is not None:
        core.require(actor, "reporting.manage_metadata")


@dataclasses.dataclass
class ElementData:
    code: str
    name: str
    value_type: str = ValueType.NUMBER
    unit: str = ""
    aggregation: str = "sum"
    source: str = ValueSource.ENTERED
    provider: str = ""
    short_name: str = ""
    description: str = ""
    combo_code: str = CategoryCombo.DEFAULT_CODE


@transaction.atomic
def save_data_element(data: ElementData, actor=None) -> DataElement:
    _require(actor)
    code = _check_code(data.code)
    if data.value_type not in ValueType.values:
        raise ValidationError(_("Unknown value type “%(type)s”.") % {"type": data.value_type})
    if data.source == ValueSource.AUTOMATIC:
        from ..sources import PROVIDERS

        if data.provider not in PROVIDERS:
            raise ValidationError(
                _("Unknown automatic source “%(provider)s”.") % {"provider": data.provider}
            )
    default_option_combo()
    combo = CategoryCombo.objects.filter(code=data.combo_code).first()
    if combo is None:
        raise ValidationError(
            _("Unknown disaggregation set “%(code)s”.") % {"code": data.combo_code}
        )
    element = DataElement.objects.select_for_update().filter(code=code).first()
    before = core.audit_snapshot(element) if element else None
    element = element or DataElement(code=code)
    for field in (
        "name",
        "value_type",
        "unit",
        "aggregation",
        "source",
        "provider",
        "short_name",
        "description",
    ):
        setattr(element, field, getattr(data, field))
    element.combo = combo
    element.full_clean()
    element.save()
    core.audit_record(
        "reporting.element.save",
        element,
        before=before,
        after=core.audit_snapshot(element),
        actor=actor,
    )
    return element


@transaction.atomic
def save_data_set(
    *,
    code: str,
    name: str,
    periodicity: str,
    elements: list[tuple[str, str]] | list[str],
    actor=None,
    **fields,
) -> DataSet:
    """Create or replace a report form; `elements` are codes or (code, section) pairs, in order."""
    _require(actor)
    code = _check_code(code)
    if periodicity not in Periodicity.values:
        raise ValidationError(_("Unknown periodicity “%(value)s”.") % {"value": periodicity})
    rows = [(item, "") if isinstance(item, str) else tuple(item) for item in elements]
    found = {e.code: e for e in DataElement.objects.filter(code__in=[c for c, _s in rows])}
    missing = [c for c, _s in rows if c not in found]
    if missing:
        raise ValidationError(
            _("Unknown data elements: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    data_set = DataSet.objects.select_for_update().filter(code=code).first()
    before = core.audit_snapshot(data_set) if data_set else None
    data_set = data_set or DataSet(code=code)
    data_set.name, data_set.periodicity = name, periodicity
    for field, value in fields.items():
        setattr(data_set, field, value)
    data_set.full_clean()
    data_set.save()
    DataSetElement.objects.filter(data_set=data_set).delete()
    DataSetElement.objects.bulk_create(
        DataSetElement(data_set=data_set, element=found[c], section=section, sort_order=i)
        for i, (c, section) in enumerate(rows)
    )
    after = core.audit_snapshot(data_set) | {"elements": [c for c, _s in rows]}
    core.audit_record("reporting.form.save", data_set, before=before, after=after, actor=actor)
    return data_set


def _check_expression(text: str, allowed: set[str] | None = None) -> None:
    parsed = expressions.parse(text)
    codes = {ref.element for ref in parsed.references}
    known = set(DataElement.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = codes - known
    if not unknown and allowed is not None:
        # Known elements that are not on the rule's own form are refused the same way.
        unknown = codes - allowed
    if unknown:
        raise ValidationError(
            _("“%(text)s” refers to data elements that are not known here: %(codes)s.")
            % {"text": text, "codes": ", ".join(sorted(unknown))}
        )


@transaction.atomic
def save_validation_rule(
    data_set: DataSet,
    *,
    code: str,
    name: str,
    left: str,
    operator: str,
    right: str,
    message: str,
    importance: str = Importance.HIGH,
    actor=None,
) -> ValidationRule:
    _require(actor)
    code = _check_code(code)
    if operator not in Operator.values:
        raise ValidationError(_("Unknown operator “%(op)s”.") % {"op": operator})
    on_form = set(data_set.elements.values_list("code", flat=True))
    _check_expression(left, on_form)
    _check_expression(right, on_form)
    rule = ValidationRule.objects.filter(data_set=data_set, code=code).first()
    before = core.audit_snapshot(rule) if rule else None
    rule = rule or ValidationRule(data_set=data_set, code=code)
    rule.name, rule.left, rule.operator, rule.right = name, left, operator, right
    rule.message, rule.importance = message, importance
    rule.save()
    core.audit_record(
        "reporting.rule.save", rule, before=before, after=core.audit_snapshot(rule), actor=actor
    )
    return rule


@transaction.atomic
def assign_data_set(data_set: DataSet, units: list[OrgUnit], actor=None) -> int:
    _require(actor)
    existing = set(
        DataSetAssignment.objects.filter(data_set=data_set).values_list("org_unit_id", flat=True)
    )
    new = [DataSetAssignment(data_set=data_set, org_unit=u) for u in units if u.pk not in existing]
    DataSetAssignment.objects.bulk_create(new)
    if new:
        core.audit_record(
            "reporting.form.assign",
            data_set,
            after={"units": [a.org_unit.code for a in new]},
            actor=actor,
        )
    return len(new)


@dataclasses.dataclass
class IndicatorData:
    code: str
    name: str
    numerator: str
    denominator: str = "1"
    factor: decimal.Decimal = decimal.Decimal(1)
    unit: str = ""
    decimals: int = 1
    source: str = ValueSource.ENTERED
    periodicity: str = Periodicity.YEARLY
    reference: str = ""
    description: str = ""
    group_code: str = ""
    group_name: str = ""
    sort_order: int = 0


@transaction.atomic
def save_indicator(data: IndicatorData, actor=None) -> Indicator:
    _require(actor)
    code = _check_code(data.code)
    _check_expression(data.numerator)
    _check_expression(data.denominator)
    group = None
    if data.group_code:
        group, _created = IndicatorGroup.objects.get_or_create(
            code=data.group_code, defaults={"name": data.group_name or data.group_code}
        )
    indicator = Indicator.objects.select_for_update().filter(code=code).order_by("pk").first()
    before = core.audit_snapshot(indicator) if indicator else None
    indicator = indicator or Indicator(code=code)
    for field in (
        "name",
        "numerator",
        "denominator",
        "factor",
        "unit",
        "decimals",
        "source",
        "periodicity",
        "reference",
        "description",
        "sort_order",
    ):
        setattr(indicator, field, getattr(data, field))
    indicator.group = group
    indicator.full_clean()
    indicator.save()
    core.audit_record(
        "reporting.indicator.save",
        indicator,
        before=before,
        after=core.audit_snapshot(indicator),
        actor=actor,
    )
    return indicator


@transaction.atomic
def set_target(
    indicator: Indicator,
    *,
    year: int,
    value: decimal.Decimal | None,
    comparison: str = TargetComparison.AT_LEAST,
    level: int | None = None,
    text: str = "",
    actor=None,
) -> IndicatorTarget:
    _require(actor)
    if comparison not in TargetComparison.values:
        raise ValidationError(_("Unknown comparison “%(value)s”.") % {"value": comparison})
    if value is None and comparison != TargetComparison.YES:
        raise ValidationError(_("A numeric target needs a value."))
    target, _created = IndicatorTarget.objects.update_or_create(
        indicator=indicator,
        year=year,
        level=level,
        defaults={"value": value, "comparison": comparison, "text": text},
    )
    core.audit_record(
        "reporting.target.set", target, after=core.audit_snapshot(target), actor=actor
    )
    return target
