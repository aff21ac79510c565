"""Expressions over data elements, as in DHIS2: ``#{ONLINE_DOSSIERS} / #{ALL_DOSSIERS}``.

A reference is ``#{ELEMENT}`` (the total over disaggregations) or ``#{ELEMENT.OPTION_COMBO}``.
Only numbers, references, + - * /, unary minus and parentheses are allowed; the expression is
parsed with Python's `ast` and evaluated by a whitelist walker, never by `eval`.
"""

import ast
import dataclasses
import decimal
import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REFERENCE = re.compile(r"#\{\s*([A-Za-z0-9_\-]+)(?:\.([A-Za-z0-9_\-]+))?\s*\}")
_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
)


@dataclasses.dataclass(frozen=True)
class Reference:
    element: str
    option_combo: str | None = None

    @property
    def key(self) -> str:
        return f"{self.element}.{self.option_combo}" if self.option_combo else self.element


@dataclasses.dataclass(frozen=True)
class Expression:
    text: str
    references: tuple[Reference, ...]
    _tree: ast.Expression = dataclasses.field(compare=False, repr=False)

    def evaluate(self, values: Mapping[str, decimal.Decimal | None]) -> decimal.Decimal | None:
        """The value, or None when a referenced value is missing or a division by zero occurs
        (DHIS2's "skip if any value is missing")."""
        names = {}
        for index, reference in enumerate(self.references):
            value = values.get(reference.key)
            if value is None:
                return None
            names[f"_r{index}"] = decimal.Decimal(value)
        try:
            return _walk(self._tree.body, names)
        except (decimal.DivisionByZero, decimal.InvalidOperation, ZeroDivisionError):
            return None


def parse(text: str) -> Expression:
    """Parse an expression; a clear ValidationError names what is wrong."""
    references: list[Reference] = []
    index: dict[Reference, int] = {}

    def substitute(match: re.Match) -> str:
        reference = Reference(match.group(1), match.group(2))
        if reference not in index:
            index[reference] = len(references)
            references.append(reference)
        return f"_r{index[reference]}"

    source = REFERENCE.sub(substitute, text or "")
    if not source.strip():
        raise ValidationError(_("The expression is empty."))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ValidationError(
            _("The expression “%(text)s” cannot be read.") % {"text": text}
        ) from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ValidationError(
                _(
                    "The expression “%(text)s” may only use numbers, #{element} references,"
                    " + - * / and parentheses."
                )
                % {"text": text}
            )
        if isinstance(node, ast.Name) and not re.fullmatch(r"_r\d+", node.id):
            raise ValidationError(
                _("“%(name)s” in “%(text)s” is not a reference; write data elements as #{CODE}.")
                % {"name": node.id, "text": text}
            )
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ValidationError(_("The expression “%(text)s” contains text.") % {"text": text})
    return Expression(text, tuple(references), tree)


def _walk(node: ast.AST, names: dict[str, decimal.Decimal]) -> decimal.Decimal:
    if isinstance(node, ast.Constant):
        return decimal.Decimal(str(node.value))
    if isinstance(node, ast.Name):
        return names[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _walk(node.operand, names)
        return -value if isinstance(node.op, ast.USub) else value
    left, right = _walk(node.left, names), _walk(node.right, names)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if right == 0:
        raise decimal.DivisionByZero
    return left / right
