"""Checking expressions over data elements before they are stored, and while they are typed: every
reference must name a known numeric element (on the form, for a validation rule) and a cell of
that element's disaggregation set."""

import dataclasses

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import expressions
from ..choices import ValueType
from ..models import CategoryOptionCombo, DataElement, DataSet


@dataclasses.dataclass(frozen=True)
class ExpressionCheck:
    ok: bool
    message: str
    # "CODE — name" of each reference, for the person typing the expression.
    references: tuple[str, ...] = ()


def check_expression(text: str, data_set: DataSet | None = None) -> ExpressionCheck:
    """Whether `text` can be stored (as a rule side of `data_set`, or an indicator formula)."""
    try:
        parsed = expressions.parse(text)
    except ValidationError as exc:
        return ExpressionCheck(False, " ".join(exc.messages))
    codes = {ref.element for ref in parsed.references}
    elements = {e.code: e for e in DataElement.objects.filter(code__in=codes)}
    unknown = sorted(codes - elements.keys())
    if unknown:
        return ExpressionCheck(
            False, _("Unknown data elements: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if data_set is not None:
        on_form = set(data_set.elements.values_list("code", flat=True))
        outside = sorted(codes - on_form)
        if outside:
            return ExpressionCheck(
                False,
                _("Not on this report form: %(codes)s.") % {"codes": ", ".join(outside)},
            )
    textual = sorted(
        code
        for code, e in elements.items()
        if e.value_type in (ValueType.TEXT, ValueType.BOOLEAN) and code in codes
    )
    if textual:
        return ExpressionCheck(
            False,
            _("These data elements are not numbers and cannot be computed: %(codes)s.")
            % {"codes": ", ".join(textual)},
        )
    cell_codes = {ref.option_combo for ref in parsed.references if ref.option_combo}
    cells = {c.code: c for c in CategoryOptionCombo.objects.filter(code__in=cell_codes)}
    described = []
    for ref in parsed.references:
        element = elements[ref.element]
        if ref.option_combo:
            cell = cells.get(ref.option_combo)
            if cell is None or cell.combo_id != element.combo_id:
                return ExpressionCheck(
                    False,
                    _("“%(cell)s” is not a cell of the data element %(code)s.")
                    % {"cell": ref.option_combo, "code": ref.element},
                )
            described.append(f"{ref.key} — {element.name} ({cell.name})")
        else:
            described.append(f"{ref.key} — {element.name}")
    return ExpressionCheck(True, _("The expression is valid."), tuple(described))


def require_valid_expression(text: str, data_set: DataSet | None = None, field: str = "") -> None:
    result = check_expression(text, data_set)
    if not result.ok:
        raise ValidationError({field: result.message} if field else result.message)
