"""Partners admin: the list, a partner with its organisation directory, creation and changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import services
from ..forms import OrganisationForm, PartnerForm
from ..keys import instance_key
from ..models import Organisation, Partner

MANAGE = "exchange.manage_partners"


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def partner_list(request):
    core.require(request.user, MANAGE)
    form = PartnerForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            partner, secret = services.create_partner(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(
                request,
                _("Partner %(name)s created. Give it this secret now; it is not shown again: "
                  "%(secret)s") % {"name": partner.name, "secret": secret},
            )  # fmt: skip
            return redirect(partner.get_absolute_url())
    partners = Partner.objects.order_by("name")
    return render(
        request,
        "exchange/partner_list.html",
        {"partners": partners, "form": form, "fingerprint": instance_key().fingerprint},
    )


@login_required
def partner_detail(request, pk: int):
    core.require(request.user, MANAGE)
    partner = get_object_or_404(Partner, pk=pk)
    form = OrganisationForm(request.POST or None if "add_organisation" in request.POST else None)
    if request.method == "POST":
        try:
            if "add_organisation" in request.POST and form.is_valid():
                services.add_organisation(request.user, partner, **form.cleaned_data)
                return redirect(partner.get_absolute_url())
            if "remove" in request.POST:
                organisation = get_object_or_404(
                    Organisation, pk=request.POST["remove"], partner=partner
                )
                services.remove_organisation(request.user, organisation)
                return redirect(partner.get_absolute_url())
            if "rotate" in request.POST:
                secret = services.rotate_secret(request.user, partner)
                messages.success(
                    request, _("New secret (shown once): %(secret)s") % {"secret": secret}
                )
                return redirect(partner.get_absolute_url())
            if "toggle" in request.POST:
                services.update_partner(request.user, partner, is_active=not partner.is_active)
                return redirect(partner.get_absolute_url())
        except ValidationError as exc:
            _errors(form, exc)
    return render(
        request,
        "exchange/partner_detail.html",
        {"partner": partner, "organisations": partner.organisations.all(), "form": form},
    )
