"""Forms of the exchange pages (partners admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ConnectorKind


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    connector = forms.ChoiceField(label=_("Connector"), choices=ConnectorKind.choices)
    endpoint_url = forms.URLField(label=_("Endpoint URL"), required=False, assume_scheme="https")
    system_id = forms.CharField(label=_("System id the partner uses to call us"), max_length=100)
    outbound_system_id = forms.CharField(
        label=_("Our system id at the partner"), max_length=100, required=False
    )
    outbound_secret_value = forms.CharField(
        label=_("Our secret at the partner"), required=False, widget=forms.PasswordInput
    )
    certificate_pem = forms.CharField(
        label=_("Partner's signing certificate (PEM)"), required=False, widget=forms.Textarea
    )
    client_cert_fingerprint = forms.CharField(
        label=_("Client certificate SHA-256 (optional)"), max_length=95, required=False
    )


class OrganisationForm(forms.Form):
    organ_id = forms.CharField(label=_("Electronic identifier"), max_length=13)
    name = forms.CharField(label=_("Name"), max_length=255)
