"""Identity pages: sign-in, lockout, password change, two-factor, personal access tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from chinhquyenso.core.listing import Column, ListSpec, render_list

from . import services, tokens, two_factor
from .forms import LoginForm, OneTimeCodeForm, TokenCreateForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(lockout_limit=settings.AXES_FAILURE_LIMIT, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """Shown by django-axes (HTTP 429) while an account is locked after failed sign-ins."""
    return render(
        request,
        "identity/locked.html",
        {"lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60)},
        status=429,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "identity/password_change.html"
    success_url = reverse_lazy("identity:password_change")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policy"] = password_validators_help_texts()
        return context

    def form_valid(self, form):
        services.change_password(self.request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(self.get_success_url())


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def otp_setup(request):
    user = request.user
    if two_factor.has_confirmed_device(user):
        if not user.is_verified():
            return redirect(f"{reverse('identity:otp_verify')}?{request.GET.urlencode()}")
        return render(request, "identity/otp_enabled.html", {})
    device = two_factor.pending_totp_device(user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_totp_device(user, device, form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on."))
            return redirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
        form.add_error("code", _("The code is not correct. Check the app's clock and try again."))
    response = render(
        request,
        "identity/otp_setup.html",
        {
            "form": form,
            "qr_data_uri": two_factor.qr_data_uri(device),
            "secret": two_factor.secret_text(device),
            "next": _safe_next(request, ""),
            "required": two_factor.requires_two_factor(user),
        },
    )
    add_never_cache_headers(response)  # the page carries the TOTP secret
    return response


@login_required
def otp_verify(request):
    user = request.user
    done = _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if not two_factor.has_confirmed_device(user):
        return redirect(f"{reverse('identity:otp_setup')}?{request.GET.urlencode()}")
    if user.is_verified():
        return redirect(done)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify_totp(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(done)
        form.add_error(
            "code",
            _("The code is not correct or has already been used. Wait for a new code and retry."),
        )
    return render(
        request, "identity/otp_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


TOKEN_COLUMNS = [
    Column(gettext_lazy("Name"), lambda t: t.name),
    Column(gettext_lazy("Prefix"), lambda t: f"{t.prefix}…"),
    Column(gettext_lazy("Created"), lambda t: t.created_at),
    Column(gettext_lazy("Last used"), lambda t: t.last_used_at),
    Column(gettext_lazy("Expires"), lambda t: t.expires_at),
    Column(gettext_lazy("Status"), lambda t: t.status),
]


def _token_list(request, form):
    spec = ListSpec(
        title=gettext_lazy("API tokens"),
        queryset=tokens.tokens_of(request.user),
        columns=TOKEN_COLUMNS,
        export_name="api-tokens",
    )
    return render_list(request, spec, template="identity/tokens.html", extra={"form": form})


@login_required
def token_list(request):
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            try:
                expires_at = tokens.expiry_after_days(form.cleaned_data["days"])
                token, clear = tokens.issue_token(
                    request.user, form.cleaned_data["name"], expires_at
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                response = render(
                    request, "identity/token_created.html", {"token": token, "clear": clear}
                )
                add_never_cache_headers(response)  # the clear token must not sit in a cache
                return response
    else:
        form = TokenCreateForm()
    return _token_list(request, form)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    if not tokens.revoke_token(request.user, token_id):
        raise Http404(_("No such active token."))
    messages.success(request, _("The token has been revoked; it no longer works."))
    return redirect("identity:tokens")
