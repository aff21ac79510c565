"""E-forms (biểu mẫu điện tử): a JSON Schema subset with Vietnamese field kinds ("x-kind"),
checked on save, rendered as a Django form and validated on the server with Vietnamese errors."""

import datetime
import json
import re
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext as _

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.selectors.units import unit_on, units_on
from chinhquyenso.core.validators import CITIZEN_ID_RE, TAX_CODE_RE

TYPES = {"string", "integer", "boolean"}
PROPERTY_KEYS = {"type", "title", "description", "enum", "maxLength", "pattern", "x-kind"}
SCHEMA_KEYS = {"type", "title", "properties", "required", "$schema", "x-order"}
KIND_PATTERNS = {
    # The registry's own formats: a CCCD has 12 digits; a tax code 10, or 10-3 for a branch.
    "cccd": CITIZEN_ID_RE,
    "tax_code": TAX_CODE_RE,
    "phone": re.compile(r"(0|\+84)\d{9,10}"),
    "date": re.compile(r"(\d{2})/(\d{2})/(\d{4})"),
}
KINDS = {"cccd", "phone", "tax_code", "date", "admin_unit", "email"}
DEFAULT_MAX_LENGTH = 500


def province_code() -> str:
    return getattr(settings, "PROVINCE_CODE", "51")


def current_units(today: datetime.date | None = None):
    """Commune-level units of the province valid today (96 since the 1 July 2025 reform)."""
    today = today or timezone.localdate()
    province = unit_on(province_code(), today)
    if province is None:
        return units_on(today, level=UnitLevel.COMMUNE).none()
    return units_on(today, level=UnitLevel.COMMUNE, parent=province)


def validate_schema(schema) -> None:
    """Refuse a schema the platform cannot render or check (unknown kinds, types, keys)."""
    errors: list[str] = []
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise ValidationError(_("The e-form must be a JSON object schema with type object."))
    unknown = set(schema) - SCHEMA_KEYS
    if unknown:
        errors.append(
            _("Unknown keys in the e-form: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        raise ValidationError(_("The e-form has no fields (properties)."))
    for name, spec in properties.items():
        errors.extend(_property_errors(name, spec))
    required = schema.get("required", [])
    if not isinstance(required, list) or any(r not in properties for r in required):
        errors.append(_("The required list of the e-form names fields it does not have."))
    if errors:
        raise ValidationError(errors)


def _property_errors(name: str, spec) -> list[str]:
    label = {"name": name}
    if not re.match(r"^[a-z][a-z0-9_]{0,59}$", name):
        return [_("Field %(name)s: use lower-case letters, digits and underscores.") % label]
    if not isinstance(spec, dict):
        return [_("Field %(name)s must be an object.") % label]
    errors = []
    unknown = set(spec) - PROPERTY_KEYS
    if unknown:
        errors.append(
            _("Field %(name)s has unknown keys: %(keys)s.")
            % {**label, "keys": ", ".join(sorted(unknown))}
        )
    if spec.get("type") not in TYPES:
        errors.append(_("Field %(name)s: the type must be string, integer or boolean.") % label)
    if not isinstance(spec.get("title"), str) or not spec["title"].strip():
        errors.append(_("Field %(name)s needs a title.") % label)
    kind = spec.get("x-kind")
    if kind is not None and kind not in KINDS:
        errors.append(
            _("Field %(name)s: unknown kind %(kind)s (known: %(known)s).")
            % {**label, "kind": kind, "known": ", ".join(sorted(KINDS))}
        )
    if kind is not None and spec.get("type") != "string":
        errors.append(_("Field %(name)s: a field with a kind must be of type string.") % label)
    enum = spec.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum):
        errors.append(_("Field %(name)s: enum must be a non-empty list.") % label)
    max_length = spec.get("maxLength")
    if max_length is not None and (not isinstance(max_length, int) or max_length < 1):
        errors.append(_("Field %(name)s: maxLength must be a positive whole number.") % label)
    pattern = spec.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            errors.append(
                _("Field %(name)s: the pattern is not a valid regular expression.") % label
            )
    return errors


def _check_kind(kind: str, value: str) -> None:
    if kind == "cccd" and not KIND_PATTERNS["cccd"].fullmatch(value):
        raise ValidationError(_("A citizen identity number (CCCD) has exactly 12 digits."))
    if kind == "phone" and not KIND_PATTERNS["phone"].fullmatch(value.replace(" ", "")):
        raise ValidationError(
            _("Enter a Vietnamese phone number: 0 or +84 followed by 9 or 10 digits.")
        )
    if kind == "tax_code" and not KIND_PATTERNS["tax_code"].fullmatch(value):
        raise ValidationError(_("A tax code has 10 digits, or 10 digits, a hyphen and 3 digits."))
    if kind == "date":
        match = KIND_PATTERNS["date"].fullmatch(value)
        try:
            if not match:
                raise ValueError
            day, month, year = (int(part) for part in match.groups())
            datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("Enter a real calendar date as dd/mm/yyyy, e.g. 05/09/2025.")
            ) from None
    if kind == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("Enter a valid email address.")) from None
    if kind == "admin_unit" and not current_units().filter(code=value).exists():
        raise ValidationError(
            _("Choose a current commune, ward or special zone of the province (since 1/7/2025).")
        )


class _KindValidator:
    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, value) -> None:
        if value not in (None, ""):
            _check_kind(self.kind, str(value).strip())


def _unit_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((u.code, u.name) for u in current_units().order_by("name"))]


def _field(name: str, spec: dict, required: bool) -> forms.Field:
    title = spec.get("title", name)
    common = {"label": title, "required": required, "help_text": spec.get("description", "")}
    if spec["type"] == "boolean":
        return forms.BooleanField(**common)
    if "enum" in spec:
        choices = [("", "—")] + [(str(v), str(v)) for v in spec["enum"]]
        coerce = int if spec["type"] == "integer" else str
        return forms.TypedChoiceField(choices=choices, coerce=coerce, empty_value=None, **common)
    if spec["type"] == "integer":
        return forms.IntegerField(**common)
    kind = spec.get("x-kind")
    validators = [_KindValidator(kind)] if kind else []
    if spec.get("pattern"):
        validators.append(_PatternValidator(spec["pattern"]))
    widget = forms.TextInput(attrs={"inputmode": "numeric"}) if kind in {"cccd", "phone"} else None
    if kind == "date":
        widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})
    if kind == "admin_unit":
        # The current units only, read when the form is drawn (never while validating); the
        # validator checks the code again on submit.
        widget = forms.Select(choices=CallableChoiceIterator(_unit_choices))
    return forms.CharField(
        max_length=spec.get("maxLength", DEFAULT_MAX_LENGTH),
        validators=validators,
        widget=widget,
        **common,
    )


class _PatternValidator:
    def __init__(self, pattern: str):
        self.pattern = re.compile(pattern)

    def __call__(self, value) -> None:
        if value and not self.pattern.search(str(value)):
            raise ValidationError(_("The value does not have the expected format."))


@lru_cache(maxsize=256)
def _form_class(schema_json: str) -> type[forms.Form]:
    """The form class of one schema, built once per process (keyed by the schema's content)."""
    schema = json.loads(schema_json)
    required = set(schema.get("required", []))
    fields = {
        name: _field(name, spec, name in required)
        for name, spec in schema.get("properties", {}).items()
    }
    return type("EForm", (forms.Form,), fields)


def build_form(schema: dict, data=None, *, prefix: str | None = None) -> forms.Form:
    """A Django form with one field per property, in the schema's order."""
    # Not sorted: the order of the properties is the order of the fields.
    key = json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    return _form_class(key)(data, prefix=prefix)


def validate_data(schema: dict, data: dict) -> dict:
    """The cleaned answers of one filled-in form, or ValidationError with errors per field."""
    if not isinstance(data, dict):
        raise ValidationError(_("The form answers must be a JSON object."))
    unknown = set(data) - set(schema.get("properties", {}))
    form_input = {}
    for name, value in data.items():
        if isinstance(value, bool):
            # A checkbox posts "on" or nothing; JSON false must read as unchecked.
            if value:
                form_input[name] = "on"
        elif value is not None:
            form_input[name] = str(value)
    form = build_form(schema, form_input)
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    for name in sorted(unknown):
        errors[name] = [_("The form has no field %(name)s.") % {"name": name}]
    if errors:
        raise ValidationError(errors)
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}


def labelled_answers(schema: dict, data: dict) -> list[tuple[str, object]]:
    """The answers in the schema's order, each under its Vietnamese title (for review pages)."""
    properties = (schema or {}).get("properties", {})
    order = (schema or {}).get("x-order") or list(properties)
    known = [name for name in order if name in data]
    extra = [name for name in data if name not in properties]
    return [(properties.get(name, {}).get("title", name), data[name]) for name in known + extra]
