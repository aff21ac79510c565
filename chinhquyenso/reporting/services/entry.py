"""Entering values: one cell (the grid) or many at once (imports, the dataValueSets API), checked
for the unit's permission, the form and period, the report's state and the value's type; every
change audited; a batch is all-or-nothing unless the caller asks for DHIS2's partial import."""

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
from .entry_results import BatchResult, RowError, SaveResult, Strategy, ValuesRefused
from .entry_state import State, as_period, entry_state, report_for
from .entry_values import parse_value
from .units import units_with_perm

ENTER = "reporting.enter_data"


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
        # Within one transaction: the forms of an element at a unit, the elements of a form,
        # and the reports already checked open and locked.
        self.candidates: dict[tuple[int, int], list[DataSet]] = {}
        self.on_form: dict[int, set[int]] = {}
        self.opened: set[tuple[int, int, str]] = set()
        # Values of the batch locked up front: (element, period, unit, cell) → value, and the
        # (element, period, unit) whose cells were all fetched.
        self.stored: dict[tuple, DataValue | None] = {}
        self.fetched: set[tuple[int, str, int]] = set()

    def prefetch(self, rows: list[dict]) -> None:
        """Look up a batch's elements and units, and lock its stored values, in a few queries."""
        codes = {r.get("element") for r in rows if isinstance(r.get("element"), str)}
        for element in DataElement.objects.select_related("combo").filter(
            code__in=codes - set(self.elements), is_active=True
        ):
            self.elements[element.code] = element
        units = {r.get("org_unit") for r in rows if isinstance(r.get("org_unit"), str)}
        for unit in OrgUnit.objects.filter(code__in=units - set(self.units), is_active=True):
            self.units[unit.code] = unit
        wanted = set()
        for row in rows:
            element, unit = row.get("element"), row.get("org_unit")
            element = element if isinstance(element, DataElement) else self.elements.get(element)
            unit = unit if isinstance(unit, OrgUnit) else self.units.get(unit)
            try:
                period = as_period(row.get("period"))
            except ValidationError:
                continue
            if element is not None and unit is not None:
                wanted.add((element.pk, period.id, unit.pk))
        if not wanted:
            return
        found = DataValue.objects.select_for_update().filter(
            element_id__in={w[0] for w in wanted},
            period__in={w[1] for w in wanted},
            org_unit_id__in={w[2] for w in wanted},
        )
        for value in found:
            key = (value.element_id, value.period, value.org_unit_id)
            self.stored[(*key, value.option_combo_id)] = value
        self.fetched |= wanted

    def existing(self, key: dict) -> DataValue | None:
        ids = (key["element"].pk, key["period"], key["org_unit"].pk)
        if ids in self.fetched:
            return self.stored.get((*ids, key["option_combo"].pk))
        return DataValue.objects.select_for_update().filter(**key).first()

    def remember(self, key: dict, value: DataValue | None) -> None:
        ids = (key["element"].pk, key["period"], key["org_unit"].pk)
        if ids in self.fetched:
            self.stored[(*ids, key["option_combo"].pk)] = value

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
            if data_set.pk not in self.on_form:
                self.on_form[data_set.pk] = set(
                    DataSetElement.objects.filter(data_set=data_set).values_list(
                        "element_id", flat=True
                    )
                )
            if element.pk not in self.on_form[data_set.pk]:
                raise _refuse(
                    _("“%(element)s” is not on the form “%(form)s”.")
                    % {"element": element.code, "form": data_set.name},
                    element.code,
                    "element",
                )
            candidates = [data_set]
        else:
            if (element.pk, unit.pk) not in self.candidates:
                self.candidates[element.pk, unit.pk] = list(
                    DataSet.objects.filter(rows__element=element, assignments__org_unit=unit)
                    .distinct()
                    .order_by("code")
                )
            candidates = self.candidates[element.pk, unit.pk]
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
            if (form.pk, unit.pk, period.id) in self.opened:
                continue
            state = entry_state(form, unit, period)
            if state.state == State.NOT_ASSIGNED:
                raise _refuse(state.reason, unit.code, "org_unit")
            if state.state in (State.WRONG_PERIOD, State.NOT_STARTED):
                raise _refuse(state.reason, period.id, "period")
            report = report_for(form, unit, period, lock=True)
            state = entry_state(form, unit, period, report=report)
            if not state.is_open:
                raise _refuse(state.reason, period.id, "period")
            self.opened.add((form.pk, unit.pk, period.id))
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
        existing = self.existing(key)
        if parsed is None:
            self.remember(key, None)
            return self._delete(existing)
        if existing is None and strategy == Strategy.UPDATE:
            return SaveResult("ignored", None, note=_("No value to update."))
        if existing is not None and strategy == Strategy.CREATE:
            return SaveResult("ignored", existing, note=_("A value exists; it was not replaced."))
        text, number = parsed
        if existing and existing.value == text and comment in (None, existing.comment):
            return SaveResult("unchanged", existing)
        stored, action, before = self._store(existing, key, period, text, number, comment)
        self.remember(key, stored)
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
    rows = list(rows)
    results: list[SaveResult | None] = []
    errors: list[RowError] = []
    with transaction.atomic():
        entry.prefetch(rows)
        for index, row in enumerate(rows):
            # Every check runs before a row writes its value, so a refused row has stored
            # nothing (at most the report row, created on first use): no savepoint per row.
            try:
                results.append(entry.save(**row, strategy=strategy, enforce_rules=False))
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
