"""Forms of the core registry pages; they only collect input, the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AgencyKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    notation_abbr = forms.CharField(
        label=_("Notation abbreviation"),
        max_length=30,
        required=False,
        help_text=_("Used in document numbers, e.g. UBND in 12/QĐ-UBND."),
    )
    # Longer than 13 on purpose: a mistyped identifier reaches the service, whose message says
    # what the right shape is.
    electronic_id = forms.CharField(
        label=_("Electronic identifier"),
        max_length=50,
        required=False,
        help_text=_("Like 000.00.00.H48 (Quyết định 20/2020/QĐ-TTg)."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AgencyKind.choices)
    parent = forms.ModelChoiceField(label=_("Parent agency"), queryset=None, required=False)
    administrative_unit = forms.ModelChoiceField(
        label=_("Administrative unit"), queryset=None, required=False
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day (inclusive); leave empty while the agency exists."),
    )

    def __init__(self, *args, parents, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["administrative_unit"].queryset = units


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    abbreviation = forms.CharField(
        label=_("Abbreviation"),
        max_length=30,
        help_text=_("Used after the agency abbreviation in letters, e.g. VX in 12/UBND-VX."),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DateInput())
