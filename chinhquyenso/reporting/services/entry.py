"""Entering values: one cell (the grid) or many at once (imports, the dataValueSets API), checked
for the unit's permission, the form and period, the report's state and the value's type; every
change audited; a batch is all-or-nothing unless the caller asks for DHIS2's partial import."""

import dataclasses
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..choices import ValueSource
from ..models import (
    CategoryCombo,
    CategoryOptionCombo,
    DataElement,
    DataSet,
    DataSetElement,
    DataValue,
    OrgUnit,
)
from ..periods import Period
from . import validation
from .entry_state import State, as_period, entry_state, report_for
from .entry_values import parse_value
from .units import units_with_perm

ENTER = "reporting.enter_data"


class Strategy:
    """DHIS2's importStrategy."""

    CREATE_AND_UPDATE = "CREATE_AND_UPDATE"
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    ALL = (CREATE_AND_UPDATE, CREATE, UPDATE, DELETE)


@dataclasses.dataclass
class SaveResult:
    # created, updated, deleted, unchanged, or ignored (the import strategy left it alone)
    action: str
    value: DataValue | None
    warnings: list[validation.Violation] = dataclasses.field(default_factory=list)
    note: str = ""


@dataclasses.dataclass(frozen=True)
class RowError:
    index: int
    object: str  # the identifier at fault (element, unit, cell, period code) or ""
    message: str
    # Which part of the row: element, org_unit, period, option_combo, value, comment, or "".
    field: str = ""


@dataclasses.dataclass
class BatchResult:
    results: list[SaveResult | None]
    errors: list[RowError]
    dry_run: bool

    def count(self, action: str) -> int:
        return sum(1 for r in self.results if r is not None and r.action == action)


class ValuesRefused(ValidationError):
    """A batch with at least one bad row: nothing was stored; `row_errors` says what and where."""

    def __init__(self, row_errors: list[RowError], results: list[SaveResult | None]):
        self.row_errors = row_errors
        self.results = results
        super().__init__([error.message for error in row_errors])


def _refuse(message: str, obj: str, field: str) -> ValidationError:
    error = ValidationError(message)
    error.object, error.field = obj, field
    return error


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You do not have permission to do this.")


class _Entry:
    """One user's entry session: looks up codes once per batch and checks every rule."""

    def __init__(self, user):
        if not getattr(user, "is_authenticated", False):
            raise PermissionDenied(_("Sign in to enter data."))
        self.user = user
        self.elements: dict[str, DataElement] = {}
        self.units: dict[str, OrgUnit] = {}
        self.cells: dict[int, dict[str, CategoryOptionCombo]] = {}
        self.allowed: set[int] | None = None

    def element(self, ref) -> DataElement:
        if isinstance(ref, DataElement):
            return ref
        code = str(ref or "").strip()
        if code not in self.elements:
            element = DataElement.objects.select_related("combo").filter(code=code).first()
            if element is None or not element.is_active:
                raise _refuse(
                    _("Unknown data element “%(code)s”.") % {"code": code}, code, "element"
                )
            self.elements[code] = element
        return self.elements[code]

    def unit(self, ref) -> OrgUnit:
        if isinstance(ref, OrgUnit):
            return ref
        code = str(ref or "").strip()
        if code not in self.units:
            unit = OrgUnit.objects.filter(code=code, is_active=True).first()
            if unit is None:
                raise _refuse(
                    _("Unknown reporting unit “%(code)s”.") % {"code": code}, code, "org_unit"
                )
            self.units[code] = unit
        return self.units[code]

    def cell(self, element: DataElement, ref) -> CategoryOptionCombo:
        code = ref.code if isinstance(ref, CategoryOptionCombo) else str(ref or "").strip()
        if element.combo_id not in self.cells:
            self.cells[element.combo_id] = {
                c.code: c for c in CategoryOptionCombo.objects.filter(combo_id=element.combo_id)
            }
        cells = self.cells[element.combo_id]
        if not code and element.combo.code == CategoryCombo.DEFAULT_CODE:
            code = CategoryCombo.DEFAULT_CODE
        if code in cells:
            return cells[code]
        if not code:
            message = _("“%(element)s” is broken down by %(combo)s: give one of %(cells)s.")
        else:
            message = _(
                "“%(cell)s” is not a disaggregation of “%(element)s”; use one of %(cells)s."
            )
        raise _refuse(
            message
            % {
                "cell": code,
                "element": element.code,
                "combo": element.combo.name,
                "cells": ", ".join(sorted(cells)),
            },
            code or element.code,
            "option_combo",
        )

    def check_unit(self, unit: OrgUnit) -> None:
        if self.allowed is None:
            self.allowed = set(units_with_perm(self.user, ENTER).values_list("pk", flat=True))
        if unit.pk not in self.allowed:
            error = PermissionDenied(
                _("You may not enter data for the reporting unit “%(unit)s”.") % {"unit": unit.name}
            )
            error.object, error.field = unit.code, "org_unit"
            raise error

    def forms(
        self, element: DataElement, unit: OrgUnit, period: Period, data_set: DataSet | None
    ) -> list[DataSet]:
        """The assigned forms this value belongs to, each of them open for entry (the report
        rows are locked until the end of the transaction)."""
        if data_set is not None:
            on_form = DataSetElement.objects.filter(data_set=data_set, element=element).exists()
            if not on_form:
                raise _refuse(
                    _("“%(element)s” is not on the form “%(form)s”.")
                    % {"element": element.code, "form": data_set.name},
                    element.code,
                    "element",
                )
            candidates = [data_set]
        else:
            candidates = list(
                DataSet.objects.filter(rows__element=element, assignments__org_unit=unit)
                .distinct()
                .order_by("code")
            )
            if not candidates:
                raise _refuse(
                    _("“%(element)s” is not on any form the unit “%(unit)s” reports.")
                    % {"element": element.code, "unit": unit.name},
                    element.code,
                    "element",
                )
            matching = [f for f in candidates if f.periodicity == period.periodicity]
            candidates = matching or candidates[:1]
        for form in candidates:
            state = entry_state(form, unit, period)
            if state.state == State.NOT_ASSIGNED:
                raise _refuse(state.reason, unit.code, "org_unit")
            if state.state in (State.WRONG_PERIOD, State.NOT_STARTED):
                raise _refuse(state.reason, period.id, "period")
            report = report_for(form, unit, period, lock=True)
            state = entry_state(form, unit, period, report=report)
            if not state.is_open:
                raise _refuse(state.reason, period.id, "period")
        return candidates

    def save(
        self,
        *,
        element,
        org_unit,
        period,
        value,
        option_combo=None,
        comment: str | None = None,
        data_set: DataSet | None = None,
        strategy: str = Strategy.CREATE_AND_UPDATE,
        enforce_rules: bool = False,
    ) -> SaveResult:
        element = self.element(element)
        unit = self.unit(org_unit)
        try:
            period = as_period(period)
        except ValidationError as exc:
            raise _refuse(_message(exc), str(period), "period") from None
        cell = self.cell(element, option_combo)
        self.check_unit(unit)
        if element.source == ValueSource.AUTOMATIC:
            raise _refuse(
                _(
                    "“%(element)s” is computed automatically from another module; it cannot be"
                    " entered (its value is frozen into the report when it is submitted)."
                )
                % {"element": element.name},
                element.code,
                "element",
            )
        forms = self.forms(element, unit, period, data_set)
        try:
            parsed = None if strategy == Strategy.DELETE else parse_value(element, value)
        except ValidationError as exc:
            raise _refuse(_message(exc), element.code, "value") from None
        if parsed is not None and parsed[1] == 0 and not element.zero_is_significant:
            parsed = None  # zeros of this element are not worth a row (DHIS2)
        comment = None if comment is None else str(comment).strip()
        if comment and len(comment) > 1000:
            raise _refuse(_("The comment is longer than 1000 characters."), element.code, "comment")
        key = {"element": element, "period": period.id, "org_unit": unit, "option_combo": cell}
        existing = DataValue.objects.select_for_update().filter(**key).first()
        if parsed is None:
            return self._delete(existing)
        if existing is None and strategy == Strategy.UPDATE:
            return SaveResult("ignored", None, note=_("No value to update."))
        if existing is not None and strategy == Strategy.CREATE:
            return SaveResult("ignored", existing, note=_("A value exists; it was not replaced."))
        text, number = parsed
        if existing and existing.value == text and comment in (None, existing.comment):
            return SaveResult("unchanged", existing)
        stored, action, before = self._store(existing, key, period, text, number, comment)
        warnings = []
        if enforce_rules:
            for form in forms:
                violations = validation.run_rules(form, unit, period, element_code=element.code)
                blocking = [v.message for v in violations if v.blocks]
                if blocking:
                    raise _refuse(" ".join(blocking), element.code, "value")
                warnings += violations
        core.audit_record(
            "reporting.value.save",
            stored,
            before=before,
            after=core.audit_snapshot(stored),
            actor=self.user,
        )
        return SaveResult(action, stored, warnings)

    def _store(self, existing, key, period, text, number, comment):
        if existing is None:
            try:
                with transaction.atomic():
                    created = DataValue.objects.create(
                        **key,
                        period_start=period.start,
                        value=text,
                        number=number,
                        comment=comment or "",
                        stored_by=self.user,
                    )
                return created, "created", None
            except IntegrityError:
                # Another save of the same cell committed first: update its row instead.
                existing = DataValue.objects.select_for_update().get(**key)
        before = core.audit_snapshot(existing)
        existing.value, existing.number, existing.stored_by = text, number, self.user
        existing.lineage = None
        if comment is not None:
            existing.comment = comment
        existing.save()
        return existing, "updated", before

    def _delete(self, existing: DataValue | None) -> SaveResult:
        if existing is None:
            return SaveResult("unchanged", None)
        before = core.audit_snapshot(existing)
        core.audit_record(
            "reporting.value.delete", existing, before=before, after=None, actor=self.user
        )
        existing.delete()
        return SaveResult("deleted", None)


def save_value(
    user,
    *,
    element,
    org_unit,
    period,
    value,
    option_combo=None,
    comment: str | None = None,
    data_set: DataSet | None = None,
    enforce_rules: bool = False,
) -> SaveResult:
    """Store, change or (empty value) delete one value. `element`, `org_unit`, `option_combo` are
    objects or codes, `period` a Period or its id; comment None keeps the stored comment. With
    `enforce_rules` (the grid), a value that breaks a high-importance rule is refused."""
    with transaction.atomic():
        return _Entry(user).save(
            element=element,
            org_unit=org_unit,
            period=period,
            value=value,
            option_combo=option_combo,
            comment=comment,
            data_set=data_set,
            enforce_rules=enforce_rules,
        )


def save_values(
    user,
    rows: Iterable[dict],
    *,
    atomic: bool = True,
    dry_run: bool = False,
    strategy: str = Strategy.CREATE_AND_UPDATE,
) -> BatchResult:
    """Save many values (each row: the keyword arguments of save_value) in one transaction.

    atomic (default): any bad row → ValuesRefused listing every bad row, nothing stored.
    atomic=False: DHIS2's partial import, good rows stored, bad rows in `errors`.
    dry_run: everything is checked and counted, then rolled back."""
    if strategy not in Strategy.ALL:
        raise ValidationError(_("Unknown import strategy “%(value)s”.") % {"value": strategy})
    entry = _Entry(user)
    results: list[SaveResult | None] = []
    errors: list[RowError] = []
    with transaction.atomic():
        for index, row in enumerate(rows):
            try:
                with transaction.atomic():
                    results.append(entry.save(**row, strategy=strategy))
            except (ValidationError, PermissionDenied) as exc:
                results.append(None)
                errors.append(
                    RowError(
                        index,
                        getattr(exc, "object", ""),
                        _message(exc),
                        getattr(exc, "field", ""),
                    )
                )
        if dry_run or (atomic and errors):
            transaction.set_rollback(True)
    if atomic and errors:
        raise ValuesRefused(errors, results)
    return BatchResult(results, errors, dry_run)
