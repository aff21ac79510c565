"""The resolution's own indicator set (data/reporting/nghi-quyet-chuyen-doi-so-2023.yaml): data
elements, indicators with their 2025 and 2030 targets, report forms and their rules, created or
brought up to date through the metadata services. Running it again changes nothing."""

import collections
import dataclasses
import decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import expressions, services
from .choices import Importance, ValueSource
from .models import (
    DataElement,
    DataSet,
    Indicator,
    IndicatorTarget,
    OrgUnit,
    ValidationRule,
)

DEFAULT_PATH = Path(settings.BASE_DIR) / "data" / "reporting" / "nghi-quyet-chuyen-doi-so-2023.yaml"
COMMUNE = 3


@dataclasses.dataclass
class LoadSummary:
    created: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    updated: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    unchanged: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    assigned: int = 0

    def count(self, kind: str, before, changed: bool) -> None:
        target = self.created if before is None else self.updated if changed else self.unchanged
        target[kind] += 1


def _differs(obj, values: dict) -> bool:
    return any(getattr(obj, field) != value for field, value in values.items())


def _element(row: dict, summary: LoadSummary, actor) -> None:
    data = services.ElementData(
        code=row["code"],
        name=row["name"],
        value_type=row.get("value_type", "number"),
        unit=row.get("unit", ""),
        aggregation=row.get("aggregation", "sum"),
        source=row.get("source", ValueSource.ENTERED),
        provider=row.get("provider", ""),
        description=row.get("description", ""),
    )
    existing = DataElement.objects.filter(code=data.code).first()
    fields = dataclasses.asdict(data)
    combo = fields.pop("combo_code")
    changed = existing is None or _differs(existing, fields) or existing.combo.code != combo
    if changed:
        services.save_data_element(data, actor=actor)
    summary.count("elements", existing, changed)


def _decimal(value) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(str(value))


def _targets(indicator: Indicator, rows: list[dict], summary: LoadSummary, actor) -> None:
    for row in rows:
        levels = row.get("levels") or {None: row.get("value")}
        for level, value in levels.items():
            level = None if level is None else int(level)
            existing = IndicatorTarget.objects.filter(
                indicator=indicator, year=row["year"], level=level
            ).first()
            wanted = {
                "value": _decimal(value),
                "comparison": str(row["comparison"]),
                "text": row["text"],
            }
            changed = existing is None or _differs(existing, wanted)
            if changed:
                services.set_target(indicator, year=row["year"], level=level, actor=actor, **wanted)
            summary.count("targets", existing, changed)


def _indicator(row: dict, order: int, reference: str, groups: dict, summary, actor) -> None:
    sections = sorted({t["section"] for t in row.get("targets", [])})
    data = services.IndicatorData(
        code=row["code"],
        name=row["name"],
        numerator=row["numerator"],
        denominator=row.get("denominator", "1"),
        factor=decimal.Decimal(str(row.get("factor", 1))),
        unit=row.get("unit", ""),
        decimals=row.get("decimals", 1),
        source=_source(row),
        periodicity=row.get("periodicity", "yearly"),
        reference=f"{reference}, {'; '.join(sections)}" if sections else reference,
        description=row.get("description", ""),
        group_code=row["group"],
        group_name=groups[row["group"]]["name"],
        sort_order=order,
    )
    existing = Indicator.objects.filter(code=data.code).select_related("group").first()
    fields = dataclasses.asdict(data)
    group_code = fields.pop("group_code")
    fields.pop("group_name")
    changed = (
        existing is None
        or _differs(existing, fields)
        or (existing.group.code if existing.group else "") != group_code
    )
    indicator = services.save_indicator(data, actor=actor) if changed else existing
    summary.count("indicators", existing, changed)
    _targets(indicator, row.get("targets", []), summary, actor)


def _source(row: dict) -> str:
    """Automatic when every element the indicator reads comes from another module."""
    codes = {
        ref.element
        for text in (row["numerator"], row.get("denominator", "1"))
        for ref in expressions.parse(text).references
    }
    sources = set(DataElement.objects.filter(code__in=codes).values_list("source", flat=True))
    return ValueSource.AUTOMATIC if sources == {ValueSource.AUTOMATIC} else ValueSource.ENTERED


def _form(row: dict, summary: LoadSummary, actor) -> None:
    rows = [(code, section) for section, codes in row["sections"].items() for code in codes]
    existing = DataSet.objects.filter(code=row["code"]).first()
    wanted = {
        "name": row["name"],
        "periodicity": row["periodicity"],
        "legal_basis": row.get("legal_basis", ""),
    }
    current = (
        list(existing.rows.order_by("sort_order").values_list("element__code", "section"))
        if existing
        else []
    )
    changed = existing is None or _differs(existing, wanted) or current != rows
    if changed:
        data_set = services.save_data_set(
            code=row["code"],
            elements=rows,
            actor=actor,
            **wanted,
        )
    else:
        data_set = existing
    summary.count("forms", existing, changed)
    for rule in row.get("rules", []):
        rule = {"importance": Importance.HIGH, **rule}
        found = ValidationRule.objects.filter(data_set=data_set, code=rule["code"]).first()
        values = {k: v for k, v in rule.items() if k != "code"}
        rule_changed = found is None or _differs(found, values)
        if rule_changed:
            services.save_validation_rule(data_set, actor=actor, **rule)
        summary.count("rules", found, rule_changed)
    units = OrgUnit.objects.filter(is_active=True)
    if row.get("assign_to") == "province":
        units = units.filter(parent=None)
    elif row.get("assign_to") == "communes":
        units = units.filter(level=COMMUNE)
    else:
        units = units.none()
    summary.assigned += services.assign_data_set(data_set, list(units), actor=actor)


@transaction.atomic
def load_resolution_indicators(path: Path | str | None = None, actor=None) -> LoadSummary:
    """Create or update every element, indicator, target and form of the file; report forms are
    assigned to the province (yearly) and to the communes (six-monthly) that exist now."""
    path = Path(path or DEFAULT_PATH)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError(
            _("The indicator set “%(path)s” cannot be read: %(error)s")
            % {"path": path.name, "error": exc}
        ) from exc
    summary = LoadSummary()
    for row in data["elements"]:
        _element(row, summary, actor)
    groups = {group["code"]: group for group in data["groups"]}
    for order, row in enumerate(data["indicators"]):
        _indicator(row, order, data["reference"], groups, summary, actor)
    for row in data["forms"]:
        _form(row, summary, actor)
    return summary
