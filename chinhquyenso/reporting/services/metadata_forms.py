"""Keeping data elements, report forms and their validation rules from the management pages and
the API: creating refuses a code already in use, editing keeps the code, and a change that would
orphan something (a rule's element, a disaggregation holding values) is refused."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import expressions
from ..models import DataElement, DataSet, DataValue, ValidationRule
from .metadata import (
    ElementData,
    _check_code,
    _require,
    save_data_element,
    save_data_set,
    save_validation_rule,
)
from .metadata_expressions import require_valid_expression

FORM_FIELDS = (
    "description",
    "kind",
    "legal_basis",
    "due_days",
    "lock_days",
    "requires_approval",
    "is_active",
)


def _taken(code: str, what: str) -> ValidationError:
    return ValidationError(
        {
            "code": _("The code “%(code)s” is already used by %(what)s.")
            % {"code": code, "what": what}
        }
    )


@transaction.atomic
def create_data_element(data: ElementData, actor=None) -> DataElement:
    _require(actor)
    code = _check_code(data.code)
    if DataElement.objects.filter(code=code).exists():
        raise _taken(code, _("another data element"))
    return save_data_element(data, actor=actor)


@transaction.atomic
def update_data_element(element: DataElement, data: ElementData, actor=None) -> DataElement:
    """Change an element; its code stays (expressions name it), and its disaggregation set or
    value type cannot change once values are stored."""
    _require(actor)
    data.code = element.code
    has_values = DataValue.objects.filter(element=element).exists()
    if has_values and data.combo_code != element.combo.code:
        raise ValidationError(
            {
                "combo_code": _(
                    "Values are already stored for this data element: its disaggregation set "
                    "cannot change."
                )
            }
        )
    if has_values and data.value_type != element.value_type:
        raise ValidationError(
            {
                "value_type": _(
                    "Values are already stored for this data element: its value type cannot change."
                )
            }
        )
    return save_data_element(data, actor=actor)


def parse_rows(text: str) -> list[tuple[str, str]]:
    """Form rows typed one per line as ``CODE`` or ``CODE | Section``."""
    rows, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, _sep, section = line.partition("|")
        code = code.strip()
        if code in seen:
            message = _("Line %(n)s: %(code)s is already on the form.")
            raise ValidationError({"rows": message % {"n": number, "code": code}})
        seen.add(code)
        rows.append((code, section.strip()))
    return rows


def rows_text(data_set: DataSet) -> str:
    return "\n".join(
        f"{row.element.code} | {row.section}" if row.section else row.element.code
        for row in data_set.rows.select_related("element")
    )


@transaction.atomic
def save_form(
    *,
    code: str,
    name: str,
    periodicity: str,
    rows: list[tuple[str, str]],
    creating: bool = False,
    actor=None,
    **fields,
) -> DataSet:
    """Create or change a report form and its ordered rows; an element a validation rule of the
    form reads cannot be removed."""
    _require(actor)
    code = _check_code(code)
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)})
    if not (name or "").strip():
        raise ValidationError({"name": _("Enter the name of the report form.")})
    if not rows:
        raise ValidationError({"rows": _("A report form needs at least one data element.")})
    existing = DataSet.objects.filter(code=code).first()
    if existing is not None and creating:
        raise _taken(code, _("another report form"))
    if existing is not None:
        kept = {c for c, _s in rows}
        for rule in existing.rules.all():
            used = {
                ref.element
                for side in (rule.left, rule.right)
                for ref in expressions.parse(side).references
            }
            if used - kept:
                raise ValidationError(
                    {
                        "rows": _(
                            "The validation rule “%(rule)s” reads %(codes)s: change or delete "
                            "the rule before removing them from the form."
                        )
                        % {"rule": rule.name, "codes": ", ".join(sorted(used - kept))}
                    }
                )
    return save_data_set(
        code=code, name=name.strip(), periodicity=periodicity, elements=rows, actor=actor, **fields
    )


@transaction.atomic
def save_rule(
    data_set: DataSet,
    *,
    code: str,
    name: str,
    left: str,
    operator: str,
    right: str,
    message: str,
    importance: str,
    creating: bool = False,
    actor=None,
) -> ValidationRule:
    """Create or change a validation rule after checking both sides against the form."""
    _require(actor)
    code = _check_code(code)
    if creating and ValidationRule.objects.filter(data_set=data_set, code=code).exists():
        raise _taken(code, _("another rule of this form"))
    if not (name or "").strip():
        raise ValidationError({"name": _("Enter the name of the rule.")})
    if not (message or "").strip():
        raise ValidationError({"message": _("Enter the message shown when the rule fails.")})
    require_valid_expression(left, data_set, "left")
    require_valid_expression(right, data_set, "right")
    return save_validation_rule(
        data_set,
        code=code,
        name=name.strip(),
        left=left.strip(),
        operator=operator,
        right=right.strip(),
        message=message.strip(),
        importance=importance,
        actor=actor,
    )


@transaction.atomic
def delete_rule(rule: ValidationRule, actor=None) -> None:
    _require(actor)
    core.audit_record("reporting.rule.delete", rule, before=core.audit_snapshot(rule), actor=actor)
    rule.delete()
