"""Disaggregation pages: the disaggregations with their options, the disaggregation sets with the
cells they generate."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..models import Category, CategoryCombo
from .metadata import manager_view, save_with


@manager_view
def disaggregation_list(request):
    context = {
        "categories": Category.objects.prefetch_related("options"),
        "combos": CategoryCombo.objects.prefetch_related("categories", "option_combos"),
    }
    return render(request, "reporting/metadata_disaggregations.html", context)


def parse_options(text: str) -> list[tuple[str, str]]:
    """One option a line: ``CODE | Name``."""
    options = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, separator, name = line.partition("|")
        if not separator or not name.strip():
            raise ValidationError(
                _("Line %(n)s: write the option as “CODE | Name”.") % {"n": number}
            )
        options.append((code.strip(), name.strip()))
    return options


class CategoryForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=50)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    options = forms.CharField(
        label=gettext_lazy("Options"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One a line, in order: CODE | Name (e.g. COMMUNE | Cấp xã)."),
    )

    def clean_options(self):
        return parse_options(self.cleaned_data["options"])


@manager_view
def category_edit(request, code: str | None = None):
    category = get_object_or_404(Category, code=code) if code else None
    initial = {}
    if category is not None:
        initial = {
            "code": category.code,
            "name": category.name,
            "options": "\n".join(f"{o.code} | {o.name}" for o in category.options.all()),
        }
    form = CategoryForm(request.POST or None, initial=initial)
    if category is not None:
        form.fields["code"].disabled = True
    if request.method == "POST":
        saved = save_with(
            request,
            form,
            lambda data: services.save_category(
                creating=category is None, actor=request.user, **data
            ),
            _("The disaggregation was saved; the cells of its sets follow."),
        )
        if saved is not None:
            return redirect("reporting:metadata_disaggregations")
    context = {
        "form": form,
        "object": category,
        "title": category.name if category else _("New disaggregation"),
        "back_url": "reporting:metadata_disaggregations",
        "back_label": _("Disaggregations"),
    }
    return render(request, "reporting/metadata_edit.html", context)


class ComboForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=50)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Disaggregations"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("One cell is made for each combination of their options."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = list(Category.objects.values_list("code", "name"))


@manager_view
def combo_edit(request, code: str | None = None):
    combo = get_object_or_404(CategoryCombo, code=code) if code else None
    initial = {}
    if combo is not None:
        initial = {
            "code": combo.code,
            "name": combo.name,
            "categories": list(combo.categories.values_list("code", flat=True)),
        }
    form = ComboForm(request.POST or None, initial=initial)
    if combo is not None:
        form.fields["code"].disabled = True
    if request.method == "POST":
        saved = save_with(
            request,
            form,
            lambda data: services.save_category_combo(
                creating=combo is None, actor=request.user, **data
            ),
            _("The disaggregation set was saved and its cells generated."),
        )
        if saved is not None:
            return redirect("reporting:metadata_combo", code=saved.code)
    context = {
        "form": form,
        "object": combo,
        "title": combo.name if combo else _("New disaggregation set"),
        "back_url": "reporting:metadata_disaggregations",
        "back_label": _("Disaggregations"),
        "cells": services.cells_of(combo) if combo else [],
    }
    return render(request, "reporting/metadata_edit.html", context)
