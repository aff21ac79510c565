"""Signing keys (PKCS#12) of people and agencies, managed by administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import UserKind

from ..forms_outgoing import KeyForm
from ..models import SigningCredential
from ..services import signing
from .common import User
from .outgoing import add_errors, nav_flags


def _scopes(user):
    """Agencies whose people's keys (manage_users) and whose own keys (manage_agencies) the
    user administers; nobody else may open these pages."""
    people = core.agencies_with_perm(user, "core.manage_users")
    own = core.agencies_with_perm(user, "core.manage_agencies")
    if not people.exists() and not own.exists():
        raise PermissionDenied
    return people, own


def _credentials(user):
    people, own = _scopes(user)
    return (
        SigningCredential.objects.filter(Q(user__agency__in=people) | Q(agency__in=own))
        .select_related("user", "agency", "created_by")
        .order_by("revoked_at", "-created_at", "-id")
    )


@login_required
def key_list(request):
    credentials = _credentials(request.user)[:500]
    context = {"credentials": credentials, **nav_flags(request.user)}
    return render(request, "eoffice/key_list.html", context)


def _key_form(user, *args) -> KeyForm:
    people, own = _scopes(user)
    return KeyForm(
        *args,
        users=User.objects.filter(
            agency__in=people, kind=UserKind.OFFICIAL, is_active=True
        ).order_by("full_name", "username"),
        agencies=own.filter(valid_to__isnull=True).order_by("name"),
    )


@login_required
def key_add(request):
    if request.method != "POST":
        return render(request, "eoffice/key_form.html", {"form": _key_form(request.user)})
    form = _key_form(request.user, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        person = data["owner"] == "person"
        try:
            signing.add_credential(
                request.user,
                user=data["user"] if person else None,
                agency=None if person else data["agency"],
                label=data["label"],
                pkcs12_bytes=data["pkcs12"].read(),
                passphrase=data["passphrase"],
                image_upload=data["image"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The signing key was added."))
            return redirect("eoffice:key_list")
    return render(request, "eoffice/key_form.html", {"form": form}, status=422)


@require_POST
@login_required
def key_revoke(request, pk: int):
    credential = _credentials(request.user).filter(pk=pk).first()
    if credential is None:
        raise Http404
    try:
        signing.revoke_credential(request.user, credential)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The signing key was revoked."))
    return redirect("eoffice:key_list")
