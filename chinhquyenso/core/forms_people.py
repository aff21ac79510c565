"""Forms of the people pages; they collect input, the services in services/people.py validate it."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .choices import Role, UserKind
from .forms import DateInput


class PasswordPairMixin:
    """Two password boxes that must match; the strength policy is the service's job."""

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords do not match."))
        return data


class OfficialForm(PasswordPairMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty: the official then sets a password through the reset link."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, agencies, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["department"].queryset = departments


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        required=False,
        help_text=_("Leave agency and department empty only for platform-wide roles."),
    )
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    include_descendants = forms.BooleanField(
        label=_("Also applies to subordinate agencies"), required=False
    )
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: from today."),
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day (inclusive); empty: until revoked."),
    )

    def __init__(self, *args, roles, agencies, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["agency"].queryset = agencies
        self.fields["department"].queryset = departments


class RegistrationForm(PasswordPairMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("I register as"),
        choices=[(UserKind.CITIZEN, _("A citizen")), (UserKind.BUSINESS, _("A business"))],
        widget=forms.RadioSelect,
        initial=UserKind.CITIZEN,
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    full_name = forms.CharField(
        label=_("Full name (citizen) or registered business name"), max_length=200
    )
    citizen_id = forms.CharField(
        label=_("Citizen identity number (CCCD)"),
        max_length=20,
        required=False,
        help_text=_("Citizens: the 12 digits on your citizen identity card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        help_text=_("Businesses: 10 digits, or 10 digits-3 digits for a branch."),
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request so the policy is described in the visitor's language.
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()
