"""Pages for users and roles (agency and system administrators) and citizen self-registration."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ..choices import Role, UserKind
from ..forms_people import OfficialForm, RegistrationForm, RoleAssignForm
from ..listing import Column, Filter, ListSpec, render_list
from ..models import Department, RoleAssignment, User
from ..permissions import (
    agencies_with_perm,
    departments_with_perm,
    has_global_perm,
    has_perm,
)
from ..services import people
from ..services.people_checks import PLATFORM_ONLY_ROLES, covers_assignment

MANAGE_USERS = "core.manage_users"
MANAGE_ROLES = "core.manage_roles"


def users_admin_view(view):
    """Signed-in users holding `core.manage_users` somewhere; everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not has_perm(request.user, MANAGE_USERS):
            raise PermissionDenied(_("You do not have permission to do this."))
        return view(request, *args, **kwargs)

    return wrapper


class LinkText(str):
    """Plain text in CSV/XLSX exports, a link in the HTML table (User has no get_absolute_url)."""

    def __new__(cls, text: str, url: str):
        obj = super().__new__(cls, text)
        obj.url = url
        return obj

    def __html__(self) -> str:
        return format_html('<a href="{}">{}</a>', self.url, str(self))


def visible_users(actor):
    """Officials placed in what the actor administers; every account for a system-wide admin."""
    users = User.objects.select_related("agency", "department")
    if has_global_perm(actor, MANAGE_USERS):
        return users
    return users.filter(kind=UserKind.OFFICIAL).filter(
        Q(agency__in=agencies_with_perm(actor, MANAGE_USERS))
        | Q(department__in=departments_with_perm(actor, MANAGE_USERS))
    )


def _role_form(actor, data=None) -> RoleAssignForm:
    roles = Role.choices
    if not people.is_system_admin(actor):
        # The service refuses these to anyone else; offering them would only invite an error.
        roles = [(value, label) for value, label in roles if value not in PLATFORM_ONLY_ROLES]
    agencies, departments = _scope_choices(actor, MANAGE_ROLES)
    return RoleAssignForm(data, roles=roles, agencies=agencies, departments=departments)


def _scope_choices(actor, perm: str):
    agencies = agencies_with_perm(actor, perm).order_by("name")
    departments = (
        Department.objects.filter(
            Q(agency__in=agencies) | Q(pk__in=departments_with_perm(actor, perm))
        )
        .valid_on(timezone.localdate())
        .select_related("agency")
    )
    return agencies, departments


def _active_role_filter(qs, value: str):
    held = RoleAssignment.objects.active().filter(user=OuterRef("pk"), role=value)
    return qs.filter(Exists(held))


def _search(qs, value: str):
    return qs.filter(
        Q(username__icontains=value)
        | Q(full_name__icontains=value)
        | Q(email__icontains=value)
        | Q(citizen_id=value)
        | Q(tax_code=value)
    )


def _current_roles(user) -> str:
    return "; ".join(
        f"{a.get_role_display()} ({a.department or a.agency or _('platform-wide')})"
        for a in user.current_roles
    )


def user_spec(actor) -> ListSpec:
    queryset = visible_users(actor).prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.active().select_related("agency", "department"),
            to_attr="current_roles",
        )
    )
    agencies = agencies_with_perm(actor, MANAGE_USERS).order_by("name")
    return ListSpec(
        title=_lazy("Users and roles"),
        queryset=queryset.order_by("username"),
        columns=[
            Column(
                _lazy("Username"),
                lambda u: LinkText(u.username, reverse("core:user_detail", args=[u.pk])),
            ),
            Column(_lazy("Full name"), lambda u: u.full_name),
            Column(_lazy("Kind"), lambda u: u.get_kind_display()),
            Column(_lazy("Agency"), lambda u: u.agency.name if u.agency_id else ""),
            Column(_lazy("Department"), lambda u: u.department.name if u.department_id else ""),
            Column(_lazy("Position"), lambda u: u.position),
            Column(_lazy("Email"), lambda u: u.email),
            Column(_lazy("Current roles"), _current_roles),
            Column(_lazy("Active"), lambda u: _("Yes") if u.is_active else _("No")),
        ],
        filters=[
            Filter("q", _lazy("Name, username or email"), _search),
            Filter(
                "agency",
                _lazy("Agency"),
                lambda qs, v: qs.filter(agency_id=v) if v.isdigit() else qs.none(),
                choices=[(str(pk), name) for pk, name in agencies.values_list("pk", "name")],
            ),
            Filter("kind", _lazy("Kind"), lambda qs, v: qs.filter(kind=v), UserKind.choices),
            Filter("role", _lazy("Current role"), _active_role_filter, Role.choices),
            Filter(
                "active",
                _lazy("Active"),
                lambda qs, v: qs.filter(is_active=(v == "yes")),
                [("yes", _lazy("Yes")), ("no", _lazy("No"))],
            ),
        ],
        export_name="users",
    )


@users_admin_view
def user_list(request):
    return render_list(request, user_spec(request.user), "core/people_user_list.html")


def _add_service_errors(form, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put each service error beside its field; errors about fields not on the form go on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def _roles_table(actor, user: User) -> list[dict]:
    today = timezone.localdate()
    rows = []
    assignments = user.role_assignments.select_related("agency", "department").order_by(
        "-created_at"
    )
    for a in assignments:
        if a.valid_from and a.valid_to and a.valid_to < a.valid_from:
            status = _("cancelled before it started")
        elif a.valid_to and a.valid_to < today:
            status = _("ended")
        elif a.valid_from and a.valid_from > today:
            status = _("not yet started")
        else:
            status = _("active")
        revocable = not (a.valid_to and a.valid_to < today)
        rows.append(
            {
                "assignment": a,
                "scope": a.department or a.agency,
                "status": status,
                "can_revoke": revocable and covers_assignment(actor, MANAGE_ROLES, a),
            }
        )
    return rows


def _visible_or_403(actor, pk: int) -> User:
    user = get_object_or_404(User, pk=pk)
    if not visible_users(actor).filter(pk=pk).exists():
        raise PermissionDenied(_("You do not administer this user."))
    return user


def _render_detail(request, user: User, form: RoleAssignForm | None = None, status: int = 200):
    context = {
        "subject": user,
        "roles": _roles_table(request.user, user),
        "form": form or _role_form(request.user),
        "can_assign": has_perm(request.user, MANAGE_ROLES) and user.pk != request.user.pk,
    }
    return render(request, "core/people_user_detail.html", context, status=status)


@users_admin_view
def user_detail(request, pk: int):
    return _render_detail(request, _visible_or_403(request.user, pk))


@users_admin_view
def user_create(request):
    agencies, departments = _scope_choices(request.user, MANAGE_USERS)
    form = OfficialForm(request.POST or None, agencies=agencies, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = people.create_official(
                request.user,
                data["username"],
                data["full_name"],
                data["email"],
                data["agency"],
                department=data["department"],
                position=data["position"],
                password=data["password1"] or None,
            )
        except ValidationError as exc:
            _add_service_errors(form, exc, {"password": "password1"})
        else:
            messages.success(request, _("The account was created."))
            return redirect("core:user_detail", pk=user.pk)
    return render(request, "core/people_user_form.html", {"form": form})


@require_POST
@users_admin_view
def user_deactivate(request, pk: int):
    user = _visible_or_403(request.user, pk)
    try:
        people.deactivate_user(request.user, user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The account was deactivated."))
    return redirect("core:user_detail", pk=user.pk)


@require_POST
@users_admin_view
def role_assign(request, pk: int):
    user = _visible_or_403(request.user, pk)
    form = _role_form(request.user, request.POST)
    if form.is_valid():
        try:
            people.assign_role(request.user, user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("core:user_detail", pk=user.pk)
    return _render_detail(request, user, form, status=400)


@require_POST
@users_admin_view
def role_revoke(request, pk: int):
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    try:
        people.revoke_role(request.user, assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role was revoked."))
    return redirect("core:user_detail", pk=assignment.user_id)


def register(request):
    """Public self-registration of a citizen or a business account."""
    if request.user.is_authenticated:
        return redirect("core:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == UserKind.BUSINESS:
                people.register_business(
                    data["username"],
                    data["full_name"],
                    data["tax_code"],
                    data["email"],
                    data["password1"],
                )
            else:
                people.register_citizen(
                    data["username"],
                    data["full_name"],
                    data["citizen_id"],
                    data["email"],
                    data["password1"],
                )
        except ValidationError as exc:
            _add_service_errors(form, exc, {"company_name": "full_name", "password": "password1"})
        else:
            messages.success(request, _("Your account was created. You can sign in now."))
            return redirect(settings.LOGIN_URL)
    return render(request, "core/register.html", {"form": form})
