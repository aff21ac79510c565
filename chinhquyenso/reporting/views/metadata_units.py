"""Reporting unit pages: the tree (opened a part at a time, so a province of 10,000 units stays
light), creating, renaming and moving a unit, and the sync from the platform's agencies."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import UnitLevel

from .. import services
from ..models import OrgUnit
from .metadata import manager_view, save_with

SEARCH_LIMIT = 100


class UnitForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    level = forms.TypedChoiceField(
        label=gettext_lazy("Administrative level"), choices=UnitLevel.choices, coerce=int
    )
    parent = forms.CharField(
        label=gettext_lazy("Parent unit (code)"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "unit-codes"}),
        help_text=gettext_lazy("Empty: a top unit."),
    )

    def clean_parent(self):
        code = self.cleaned_data["parent"].strip()
        if not code:
            return None
        parent = OrgUnit.objects.filter(code=code).first()
        if parent is None:
            raise ValidationError(_("There is no reporting unit with this code."))
        return parent


@manager_view
def unit_tree(request):
    root = None
    if request.GET.get("root"):
        root = get_object_or_404(OrgUnit, code=request.GET["root"])
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        found = OrgUnit.objects.filter(name_folded__contains=core.fold(query)).order_by("path")[
            :SEARCH_LIMIT
        ]
    form = UnitForm(initial={"parent": root.code if root else "", "level": UnitLevel.COMMUNE})
    context = {
        "root": root,
        "ancestors": _ancestors(root) if root else [],
        "tree": services.unit_tree(root, depth=2 if root else 1),
        "query": query,
        "found": found,
        "form": form,
        "unit_codes": OrgUnit.objects.filter(depth__lte=1).values_list("code", "name"),
    }
    return render(request, "reporting/metadata_units.html", context)


def _ancestors(unit: OrgUnit) -> list[OrgUnit]:
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@manager_view
@require_POST
def unit_create(request):
    form = UnitForm(request.POST)
    saved = save_with(
        request,
        form,
        lambda data: services.create_org_unit(actor=request.user, **data),
        _("The reporting unit was created."),
    )
    if saved is None:
        return render(
            request,
            "reporting/metadata_unit.html",
            {"form": form, "unit": None, "title": _("New reporting unit")},
        )
    return redirect(f"{_tree_url()}?root={saved.parent.code if saved.parent else saved.code}")


def _tree_url() -> str:
    return reverse("reporting:metadata_units")


@manager_view
def unit_edit(request, code: str):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent", "agency"), code=code)
    initial = {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.code if unit.parent_id else "",
    }
    form = UnitForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True
    if request.method == "POST":
        saved = save_with(
            request,
            form,
            lambda data: services.update_org_unit(
                unit,
                name=data["name"],
                level=data["level"],
                parent=data["parent"],
                actor=request.user,
            ),
            _("The reporting unit was saved; its subtree moved with it."),
        )
        if saved is not None:
            return redirect(f"{_tree_url()}?root={saved.code}")
    context = {
        "form": form,
        "unit": unit,
        "title": unit.name,
        "forms": unit.assignments.select_related("data_set"),
        "unit_codes": OrgUnit.objects.filter(depth__lte=1).values_list("code", "name"),
    }
    return render(request, "reporting/metadata_unit.html", context)


@manager_view
@require_POST
def unit_sync(request):
    count = services.sync_from_agencies(actor=request.user)
    messages.success(
        request,
        _("%(n)s reporting units were created or updated from the platform's agencies.")
        % {"n": count},
    )
    return redirect("reporting:metadata_units")
