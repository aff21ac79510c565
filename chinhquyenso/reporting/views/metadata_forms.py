"""Report form pages: the list, a form's regime and ordered rows, its validation rules (with the
expression checked as it is typed) and the units it is assigned to."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import services
from ..choices import Importance, Operator, Periodicity, ReportKind
from ..models import DataElement, DataSet, DataSetAssignment, OrgUnit, ValidationRule
from .metadata import choices, live_check, manager_view, save_with

SHOWN_ASSIGNMENTS = 100


@manager_view
def form_list(request):
    spec = ListSpec(
        title=gettext_lazy("Report forms"),
        queryset=DataSet.objects.annotate(
            row_count=Count("rows", distinct=True),
            unit_count=Count("assignments", distinct=True),
        ).order_by("code"),
        columns=[
            Column(gettext_lazy("Code"), lambda f: f.code, link=True),
            Column(gettext_lazy("Name"), lambda f: f.name),
            Column(gettext_lazy("Periodicity"), lambda f: f.get_periodicity_display()),
            Column(gettext_lazy("Due (days after the cut-off)"), lambda f: f.due_days),
            Column(gettext_lazy("Locked (days after the due date)"), lambda f: f.lock_days),
            Column(gettext_lazy("Approval"), lambda f: _("yes") if f.requires_approval else ""),
            Column(gettext_lazy("Data elements"), lambda f: f.row_count),
            Column(gettext_lazy("Assigned units"), lambda f: f.unit_count),
        ],
        filters=[
            Filter(
                "q",
                gettext_lazy("Code or name"),
                lambda qs, v: qs.filter(name__icontains=v) | qs.filter(code__icontains=v),
                input_type="search",
            ),
            Filter(
                "periodicity",
                gettext_lazy("Periodicity"),
                lambda qs, v: qs.filter(periodicity=v),
                choices=choices(Periodicity),
            ),
        ],
        export_name="bieu-mau-bao-cao",
    )
    extra = {
        "detail_url": "reporting:metadata_form",
        "new_url": "reporting:metadata_form_new",
        "new_label": _("New report form"),
    }
    return render_list(request, spec, "reporting/metadata_list.html", extra)


class FormForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=500)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ReportKind.choices)
    periodicity = forms.ChoiceField(label=gettext_lazy("Periodicity"), choices=Periodicity.choices)
    legal_basis = forms.CharField(label=gettext_lazy("Legal basis"), max_length=500, required=False)
    due_days = forms.IntegerField(
        label=gettext_lazy("Due (days after the cut-off)"), min_value=0, max_value=365
    )
    lock_days = forms.IntegerField(
        label=gettext_lazy("Locked (days after the due date)"),
        min_value=0,
        max_value=365,
        help_text=gettext_lazy("0: entry never closes by time."),
    )
    requires_approval = forms.BooleanField(
        label=gettext_lazy("Approval by the unit's head"), required=False
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rows = forms.CharField(
        label=gettext_lazy("Rows"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("One data element a line, in order: CODE or CODE | Section."),
    )

    def clean_rows(self):
        return services.parse_rows(self.cleaned_data["rows"])


@manager_view
def form_edit(request, code: str | None = None):
    data_set = get_object_or_404(DataSet, code=code) if code else None
    if data_set is not None:
        initial = {name: getattr(data_set, name) for name in FormForm.base_fields if name != "rows"}
        initial["rows"] = services.rows_text(data_set)
    else:
        initial = {"due_days": 5, "lock_days": 10, "requires_approval": True, "is_active": True}
    form = FormForm(request.POST or None, initial=initial)
    if data_set is not None:
        form.fields["code"].disabled = True
    if request.method == "POST":
        saved = save_with(
            request,
            form,
            lambda data: services.save_form(creating=data_set is None, actor=request.user, **data),
            _("The report form was saved."),
        )
        if saved is not None:
            return redirect("reporting:metadata_form", code=saved.code)
    context = {"form": form, "data_set": data_set, "element_codes": _element_codes()}
    if data_set is not None:
        context |= _form_extras(data_set)
    return render(request, "reporting/metadata_form.html", context)


def _element_codes():
    return DataElement.objects.filter(is_active=True).values_list("code", "name")


def _form_extras(data_set: DataSet) -> dict:
    assignments = DataSetAssignment.objects.filter(data_set=data_set).select_related("org_unit")
    by_level = dict(assignments.values_list("org_unit__level").annotate(n=Count("id")).order_by())
    return {
        "rules": data_set.rules.all(),
        "assign_form": AssignForm(),
        "assigned": assignments.order_by("org_unit__path")[:SHOWN_ASSIGNMENTS],
        "assigned_count": assignments.count(),
        "assigned_by_level": [(UnitLevel(level).label, n) for level, n in sorted(by_level.items())],
        "shown_assignments": SHOWN_ASSIGNMENTS,
        "unit_codes": OrgUnit.objects.filter(depth__lte=1).values_list("code", "name"),
    }


class RuleForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    left = forms.CharField(label=gettext_lazy("Left side"), max_length=1000)
    operator = forms.ChoiceField(label=gettext_lazy("Operator"), choices=Operator.choices)
    right = forms.CharField(label=gettext_lazy("Right side"), max_length=1000)
    importance = forms.ChoiceField(label=gettext_lazy("Importance"), choices=Importance.choices)
    message = forms.CharField(label=gettext_lazy("Message shown"), max_length=500)


@manager_view
def rule_edit(request, code: str, rule: str | None = None):
    data_set = get_object_or_404(DataSet, code=code)
    found = get_object_or_404(ValidationRule, data_set=data_set, code=rule) if rule else None
    initial = {name: getattr(found, name) for name in RuleForm.base_fields} if found else {}
    form = RuleForm(request.POST or None, initial=initial)
    live_check(form, "left", "right")
    if found is not None:
        form.fields["code"].disabled = True
    if request.method == "POST":
        saved = save_with(
            request,
            form,
            lambda data: services.save_rule(
                data_set, creating=found is None, actor=request.user, **data
            ),
            _("The validation rule was saved."),
        )
        if saved is not None:
            return redirect("reporting:metadata_form", code=data_set.code)
    context = {"form": form, "data_set": data_set, "rule": found}
    return render(request, "reporting/metadata_rule.html", context)


@manager_view
@require_POST
def rule_delete(request, code: str, rule: str):
    found = get_object_or_404(ValidationRule, data_set__code=code, code=rule)
    services.delete_rule(found, actor=request.user)
    messages.success(request, _("The validation rule was deleted."))
    return redirect("reporting:metadata_form", code=code)


class AssignForm(forms.Form):
    unit = forms.CharField(
        label=gettext_lazy("Reporting unit (code)"),
        max_length=60,
        widget=forms.TextInput(attrs={"list": "unit-codes"}),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Assign to"),
        choices=[
            ("subtree", gettext_lazy("The unit and every unit below it")),
            ("unit", gettext_lazy("This unit only")),
        ],
    )
    level = forms.TypedChoiceField(
        label=gettext_lazy("Only units of the level"),
        choices=[("", gettext_lazy("Every level"))]
        + [(str(v), label) for v, label in UnitLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean_unit(self):
        unit = OrgUnit.objects.filter(code=self.cleaned_data["unit"].strip()).first()
        if unit is None:
            raise ValidationError(_("There is no reporting unit with this code."))
        return unit


@manager_view
@require_POST
def form_assign(request, code: str):
    data_set = get_object_or_404(DataSet, code=code)
    form = AssignForm(request.POST)
    count = save_with(
        request,
        form,
        lambda data: services.assign_to_units(
            data_set,
            data["unit"],
            subtree=data["scope"] == "subtree",
            level=data["level"],
            actor=request.user,
        ),
        _("The form was assigned."),
    )
    if count is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.info(request, _("%(n)s units newly assigned.") % {"n": count})
    return redirect("reporting:metadata_form", code=code)


@manager_view
@require_POST
def form_unassign(request, code: str):
    data_set = get_object_or_404(DataSet, code=code)
    ids = [int(v) for v in request.POST.getlist("unit") if v.isdigit()]
    count = services.unassign_units(data_set, ids, actor=request.user)
    messages.success(request, _("%(n)s units no longer send this form.") % {"n": count})
    return redirect("reporting:metadata_form", code=code)
