"""Metadata management pages: the overview, data elements (list, search, export, create, edit)
and the live expression check the rule and indicator pages call while a formula is typed."""

import json
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import services
from ..choices import AggregationType, ValueSource, ValueType
from ..models import (
    Category,
    CategoryCombo,
    DataElement,
    DataSet,
    Indicator,
    OrgUnit,
)

MANAGE = "reporting.manage_metadata"


def manager_view(view):
    """Signed in and holding reporting.manage_metadata."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not core.has_perm(request.user, MANAGE):
            raise PermissionDenied(_("You do not have permission to do this."))
        return view(request, *args, **kwargs)

    return wrapped


def save_with(request, form: forms.Form, save, success: str, rename: dict | None = None):
    """Run `save(cleaned_data)`; a service's refusal lands next to its field (or above the form)
    and nothing is stored. Returns the saved object or None."""
    if not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc, rename or {})
        return None
    messages.success(request, success)
    return saved


def add_errors(form: forms.Form, exc: ValidationError, rename: dict) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        name = rename.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def live_check(form: forms.Form, *names: str) -> None:
    """Check these expression fields on the server while they are typed (HTMX)."""
    url = reverse("reporting:metadata_check")
    for name in names:
        form.fields[name].widget.attrs.update(
            {
                "hx-post": url,
                "hx-trigger": "input changed delay:400ms, load",
                "hx-target": f"#check-{name}",
                "hx-include": "closest form",
                "hx-vals": json.dumps({"check_field": name}),
                "aria-describedby": f"check-{name}",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )


def choices(enum) -> list[tuple[str, str]]:
    return [(str(value), label) for value, label in enum.choices]


@manager_view
def index(request):
    counts = {
        "elements": DataElement.objects.count(),
        "categories": Category.objects.count(),
        "combos": CategoryCombo.objects.exclude(code=CategoryCombo.DEFAULT_CODE).count(),
        "forms": DataSet.objects.count(),
        "indicators": Indicator.objects.count(),
        "units": OrgUnit.objects.count(),
    }
    return render(request, "reporting/metadata_index.html", {"counts": counts})


def _search(qs, value):
    return qs.filter(Q(code__icontains=value) | Q(name__icontains=value))


@manager_view
def element_list(request):
    spec = ListSpec(
        title=gettext_lazy("Data elements"),
        queryset=DataElement.objects.select_related("combo")
        .annotate(form_count=Count("data_sets"))
        .order_by("code"),
        columns=[
            Column(gettext_lazy("Code"), lambda e: e.code, link=True),
            Column(gettext_lazy("Name"), lambda e: e.name),
            Column(gettext_lazy("Value type"), lambda e: e.get_value_type_display()),
            Column(gettext_lazy("Unit of measure"), lambda e: e.unit),
            Column(gettext_lazy("Disaggregation set"), lambda e: e.combo.name),
            Column(gettext_lazy("Aggregation"), lambda e: e.get_aggregation_display()),
            Column(gettext_lazy("Source"), lambda e: e.get_source_display()),
            Column(gettext_lazy("Report forms"), lambda e: e.form_count),
        ],
        filters=[
            Filter("q", gettext_lazy("Code or name"), _search, input_type="search"),
            Filter(
                "value_type",
                gettext_lazy("Value type"),
                lambda qs, v: qs.filter(value_type=v),
                choices=choices(ValueType),
            ),
            Filter(
                "source",
                gettext_lazy("Source"),
                lambda qs, v: qs.filter(source=v),
                choices=choices(ValueSource),
            ),
            Filter(
                "combo",
                gettext_lazy("Disaggregation set"),
                lambda qs, v: qs.filter(combo__code=v),
                choices=list(CategoryCombo.objects.values_list("code", "name")),
            ),
        ],
        export_name="chi-tieu-du-lieu",
    )
    extra = {
        "detail_url": "reporting:metadata_element",
        "new_url": "reporting:metadata_element_new",
        "new_label": _("New data element"),
    }
    return render_list(request, spec, "reporting/metadata_list.html", extra)


class ElementForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=500)
    short_name = forms.CharField(label=gettext_lazy("Short name"), max_length=120, required=False)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    value_type = forms.ChoiceField(label=gettext_lazy("Value type"), choices=ValueType.choices)
    unit = forms.CharField(label=gettext_lazy("Unit of measure"), max_length=50, required=False)
    aggregation = forms.ChoiceField(
        label=gettext_lazy("Aggregation"), choices=AggregationType.choices
    )
    combo_code = forms.ChoiceField(label=gettext_lazy("Disaggregation set"))
    source = forms.ChoiceField(label=gettext_lazy("Source"), choices=ValueSource.choices)
    provider = forms.CharField(
        label=gettext_lazy("Automatic source (provider key)"), max_length=100, required=False
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        services.default_option_combo()
        self.fields["combo_code"].choices = list(CategoryCombo.objects.values_list("code", "name"))
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code cannot change: expressions use it.")


def _element_initial(element: DataElement) -> dict:
    fields = [name for name in ElementForm.base_fields if name != "combo_code"]
    return {name: getattr(element, name) for name in fields} | {"combo_code": element.combo.code}


@manager_view
def element_edit(request, code: str | None = None):
    element = get_object_or_404(DataElement, code=code) if code else None
    form = ElementForm(
        request.POST or None,
        initial=_element_initial(element) if element else {"combo_code": "default"},
        editing=element is not None,
    )
    if request.method == "POST":

        def save(data):
            element_data = services.ElementData(**data)
            if element is None:
                return services.create_data_element(element_data, actor=request.user)
            return services.update_data_element(element, element_data, actor=request.user)

        saved = save_with(request, form, save, _("The data element was saved."))
        if saved is not None:
            return redirect("reporting:metadata_element", code=saved.code)
    context = {
        "form": form,
        "object": element,
        "title": element.name if element else _("New data element"),
        "back_url": "reporting:metadata_elements",
        "back_label": _("Data elements"),
    }
    if element is not None:
        context["used_in"] = list(element.data_sets.all())
    return render(request, "reporting/metadata_edit.html", context)


@login_required
def check_expression(request):
    """HTMX: the verdict on the expression being typed (rule sides, indicator formulas)."""
    if not (core.has_perm(request.user, MANAGE) or core.has_perm(request.user, "reporting.view")):
        raise PermissionDenied
    field = request.POST.get("check_field", "")
    text = request.POST.get(field, "") if field else ""
    code = request.POST.get("data_set", "")
    data_set = DataSet.objects.filter(code=code).first() if code else None
    result = services.check_expression(text, data_set) if text.strip() else None
    return render(request, "reporting/metadata_check.html", {"result": result})
