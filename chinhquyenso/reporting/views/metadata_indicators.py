"""Indicator pages: the list by group, an indicator's formula (checked as it is typed) and its
targets per year and administrative level."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import services
from ..choices import Periodicity, TargetComparison, ValueSource
from ..models import Indicator, IndicatorGroup, IndicatorTarget
from .metadata import choices, live_check, manager_view, save_with


def _targets(indicator: Indicator) -> str:
    return "; ".join(
        f"{t.year}{f' ({UnitLevel(t.level).label})' if t.level else ''}: {t.text or t.value}"
        for t in indicator.targets.all()
    )


@manager_view
def indicator_list(request):
    spec = ListSpec(
        title=gettext_lazy("Indicators"),
        queryset=Indicator.objects.select_related("group").prefetch_related("targets"),
        columns=[
            Column(gettext_lazy("Code"), lambda i: i.code, link=True),
            Column(gettext_lazy("Name"), lambda i: i.name),
            Column(gettext_lazy("Group"), lambda i: i.group.name if i.group_id else ""),
            Column(gettext_lazy("Unit of measure"), lambda i: i.unit),
            Column(gettext_lazy("Source"), lambda i: i.get_source_display()),
            Column(gettext_lazy("Reference"), lambda i: i.reference),
            Column(gettext_lazy("Targets"), _targets),
        ],
        filters=[
            Filter(
                "q",
                gettext_lazy("Code or name"),
                lambda qs, v: qs.filter(name__icontains=v) | qs.filter(code__icontains=v),
                input_type="search",
            ),
            Filter(
                "group",
                gettext_lazy("Group"),
                lambda qs, v: qs.filter(group__code=v),
                choices=list(IndicatorGroup.objects.values_list("code", "name")),
            ),
            Filter(
                "source",
                gettext_lazy("Source"),
                lambda qs, v: qs.filter(source=v),
                choices=choices(ValueSource),
            ),
        ],
        export_name="chi-so",
    )
    extra = {
        "detail_url": "reporting:metadata_indicator",
        "new_url": "reporting:metadata_indicator_new",
        "new_label": _("New indicator"),
    }
    return render_list(request, spec, "reporting/metadata_list.html", extra)


class IndicatorForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=500)
    group_code = forms.ChoiceField(label=gettext_lazy("Group"), required=False)
    reference = forms.CharField(
        label=gettext_lazy("Reference"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Where the indicator comes from, e.g. Nghị quyết …, II.3.1."),
    )
    numerator = forms.CharField(label=gettext_lazy("Numerator"), max_length=1000)
    denominator = forms.CharField(label=gettext_lazy("Denominator"), max_length=1000)
    factor = forms.DecimalField(label=gettext_lazy("Factor"), max_digits=12, decimal_places=4)
    unit = forms.CharField(label=gettext_lazy("Unit of measure"), max_length=50, required=False)
    decimals = forms.IntegerField(label=gettext_lazy("Decimals"), min_value=0, max_value=6)
    source = forms.ChoiceField(label=gettext_lazy("Source"), choices=ValueSource.choices)
    periodicity = forms.ChoiceField(label=gettext_lazy("Periodicity"), choices=Periodicity.choices)
    sort_order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=32767)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_code"].choices = [("", "—")] + list(
            IndicatorGroup.objects.values_list("code", "name")
        )


class TargetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    level = forms.TypedChoiceField(
        label=gettext_lazy("Administrative level"),
        choices=[("", gettext_lazy("The province as a whole"))]
        + [(str(v), label) for v, label in UnitLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comparison = forms.ChoiceField(
        label=gettext_lazy("Comparison"), choices=TargetComparison.choices
    )
    value = forms.DecimalField(
        label=gettext_lazy("Target value"), max_digits=16, decimal_places=4, required=False
    )
    text = forms.CharField(label=gettext_lazy("Target as written"), max_length=500, required=False)


@manager_view
def indicator_edit(request, code: str | None = None):
    indicator = get_object_or_404(Indicator, code=code) if code else None
    if indicator is not None:
        initial = {
            name: getattr(indicator, name)
            for name in IndicatorForm.base_fields
            if name != "group_code"
        }
        initial["group_code"] = indicator.group.code if indicator.group_id else ""
    else:
        initial = {"denominator": "1", "factor": 1, "decimals": 1, "periodicity": "yearly"}
    form = IndicatorForm(request.POST or None, initial=initial)
    live_check(form, "numerator", "denominator")
    if indicator is not None:
        form.fields["code"].disabled = True
    if request.method == "POST":

        def save(data):
            group = IndicatorGroup.objects.filter(code=data["group_code"]).first()
            data["group_name"] = group.name if group else ""
            return services.save_indicator_checked(
                services.IndicatorData(**data), indicator=indicator, actor=request.user
            )

        saved = save_with(request, form, save, _("The indicator was saved."))
        if saved is not None:
            return redirect("reporting:metadata_indicator", code=saved.code)
    context = {"form": form, "indicator": indicator}
    if indicator is not None:
        context["targets"] = [
            (t, UnitLevel(t.level).label if t.level else "") for t in indicator.targets.all()
        ]
        context["target_form"] = TargetForm(initial={"comparison": TargetComparison.AT_LEAST})
    return render(request, "reporting/metadata_indicator.html", context)


@manager_view
@require_POST
def target_set(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    form = TargetForm(request.POST)
    saved = save_with(
        request,
        form,
        lambda data: services.save_target(indicator, actor=request.user, **data),
        _("The target was saved."),
    )
    if saved is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("reporting:metadata_indicator", code=code)


@manager_view
@require_POST
def target_delete(request, code: str, pk: int):
    target = get_object_or_404(IndicatorTarget, indicator__code=code, pk=pk)
    services.delete_target(target, actor=request.user)
    messages.success(request, _("The target was removed."))
    return redirect("reporting:metadata_indicator", code=code)
