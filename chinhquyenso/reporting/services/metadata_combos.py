"""Disaggregations: categories with their options, disaggregation sets, and the cells (option
combinations) a set generates. A cell that already holds values is never dropped silently."""

import itertools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..models import Category, CategoryCombo, CategoryOption, CategoryOptionCombo, DataValue
from .metadata import _check_code, _require, default_option_combo


def _unique_codes(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned, seen = [], set()
    for code, name in pairs:
        code, name = _check_code(code), (name or "").strip()
        if not name:
            raise ValidationError(_("The option “%(code)s” needs a name.") % {"code": code})
        if code in seen:
            raise ValidationError(_("The option code “%(code)s” is repeated.") % {"code": code})
        seen.add(code)
        cleaned.append((code, name))
    return cleaned


@transaction.atomic
def save_category(
    *,
    code: str,
    name: str,
    options: list[tuple[str, str]],
    creating: bool = False,
    actor=None,
) -> Category:
    """Create (or, unless `creating`, update) a disaggregation and its ordered options; the
    cells of every disaggregation set using it follow."""
    _require(actor)
    code = _check_code(code)
    if not (name or "").strip():
        raise ValidationError(_("Enter the name of the disaggregation."))
    options = _unique_codes(options)
    if not options:
        raise ValidationError(_("A disaggregation needs at least one option."))
    category = Category.objects.select_for_update().filter(code=code).first()
    if category is not None and creating:
        raise ValidationError(
            _("The code “%(code)s” is already used by another disaggregation.") % {"code": code}
        )
    before = _category_snapshot(category) if category else None
    category = category or Category(code=code)
    category.name = name.strip()
    category.save()
    kept = []
    for order, (option_code, option_name) in enumerate(options):
        option, _created = CategoryOption.objects.update_or_create(
            category=category,
            code=option_code,
            defaults={"name": option_name, "sort_order": order},
        )
        kept.append(option.pk)
    dropped = CategoryOption.objects.filter(category=category).exclude(pk__in=kept)
    for combo in CategoryCombo.objects.filter(categories=category):
        _regenerate(combo, excluded_options=set(dropped.values_list("pk", flat=True)))
    dropped.delete()
    core.audit_record(
        "reporting.category.save",
        category,
        before=before,
        after=_category_snapshot(category),
        actor=actor,
    )
    return category


def _category_snapshot(category: Category) -> dict:
    return core.audit_snapshot(category) | {
        "options": [[o.code, o.name] for o in category.options.order_by("sort_order", "pk")]
    }


@transaction.atomic
def save_category_combo(
    *,
    code: str,
    name: str,
    categories: list[str],
    creating: bool = False,
    actor=None,
) -> CategoryCombo:
    """Create or update a disaggregation set and generate its cells: one per combination of the
    options of its disaggregations (Cấp tỉnh × Nữ, Cấp tỉnh × Nam, …)."""
    _require(actor)
    code = _check_code(code)
    if code == CategoryCombo.DEFAULT_CODE:
        raise ValidationError(_("The default disaggregation set cannot be changed."))
    if not (name or "").strip():
        raise ValidationError(_("Enter the name of the disaggregation set."))
    wanted = list(dict.fromkeys(c.strip() for c in categories if c.strip()))
    if not wanted:
        raise ValidationError(_("Choose at least one disaggregation."))
    found = {c.code: c for c in Category.objects.filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError(
            _("Unknown disaggregations: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    default_option_combo()
    combo = CategoryCombo.objects.select_for_update().filter(code=code).first()
    if combo is not None and creating:
        raise ValidationError(
            _("The code “%(code)s” is already used by another disaggregation set.") % {"code": code}
        )
    before = _combo_snapshot(combo) if combo else None
    combo = combo or CategoryCombo(code=code)
    combo.name = name.strip()
    combo.save()
    combo.categories.set([found[c] for c in wanted])
    _regenerate(combo)
    core.audit_record(
        "reporting.combo.save", combo, before=before, after=_combo_snapshot(combo), actor=actor
    )
    return combo


def _combo_snapshot(combo: CategoryCombo) -> dict:
    return core.audit_snapshot(combo) | {
        "categories": sorted(combo.categories.values_list("code", flat=True)),
        "cells": list(combo.option_combos.order_by("sort_order").values_list("code", flat=True)),
    }


def _regenerate(combo: CategoryCombo, excluded_options: set[int] = frozenset()) -> None:
    """Make the cells of `combo` the product of its disaggregations' options (without
    `excluded_options`, which are about to be deleted). Existing cells keep their code."""
    categories = list(combo.categories.order_by("code"))
    option_lists = []
    for category in categories:
        options = [
            o for o in category.options.order_by("sort_order", "pk") if o.pk not in excluded_options
        ]
        if not options:
            raise ValidationError(
                _("The disaggregation “%(name)s” has no options.") % {"name": category.name}
            )
        option_lists.append(options)
    existing = {
        frozenset(cell.options.values_list("pk", flat=True)): cell
        for cell in combo.option_combos.prefetch_related("options")
    }
    kept = set()
    for order, options in enumerate(itertools.product(*option_lists)):
        key = frozenset(o.pk for o in options)
        name = ", ".join(o.name for o in options)
        cell = existing.get(key)
        if cell is None:
            cell_code = "_".join([combo.code, *(o.code for o in options)])
            if len(cell_code) > 100:
                raise ValidationError(
                    _("The cell code “%(code)s” is longer than 100 characters: use shorter codes.")
                    % {"code": cell_code}
                )
            if CategoryOptionCombo.objects.filter(code=cell_code).exists():
                raise ValidationError(
                    _("The cell code “%(code)s” is already used by another disaggregation set.")
                    % {"code": cell_code}
                )
            cell = CategoryOptionCombo.objects.create(
                combo=combo, code=cell_code, name=name, sort_order=order
            )
            cell.options.set(options)
        elif (cell.name, cell.sort_order) != (name, order):
            cell.name, cell.sort_order = name, order
            cell.save(update_fields=["name", "sort_order"])
        kept.add(cell.pk)
    obsolete = combo.option_combos.exclude(pk__in=kept)
    used = sorted(
        DataValue.objects.filter(option_combo__in=obsolete)
        .values_list("option_combo__name", flat=True)
        .distinct()
    )
    if used:
        raise ValidationError(
            _("These cells already hold reported values and cannot be removed: %(cells)s.")
            % {"cells": "; ".join(used)}
        )
    obsolete.delete()


def cells_of(combo: CategoryCombo) -> list[CategoryOptionCombo]:
    return list(combo.option_combos.order_by("sort_order", "pk"))
