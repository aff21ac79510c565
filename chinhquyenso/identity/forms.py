"""Forms of the identity pages: sign-in, one-time code, new token."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .tokens import MAX_TOKEN_DAYS, NAME_MAX_LENGTH


class LoginForm(AuthenticationForm):
    # One message for an unknown account, a wrong password and a disabled account alike, so the
    # page never tells an attacker which accounts exist.
    error_messages = {
        "invalid_login": _(
            "The username, e-mail address or password is not correct. Check them and try again."
        ),
        "inactive": _(
            "The username, e-mail address or password is not correct. Check them and try again."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username or e-mail address")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class OneTimeCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6,8}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the 6-digit code shown in the app.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": r"\s*[0-9]{6,8}\s*",
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What the token is for, e.g. the script or system that uses it."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        required=False,
        initial=90,
        help_text=_("Leave empty for a token that does not expire."),
    )
