"""Identity pages: sign-in, lockout, two-factor, tokens."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, credentials, *args, **kwargs):
    return render(
        request,
        "identity/locked.html",
        {"message": _("Too many failed sign-in attempts. Try again later.")},
        status=429,
    )
