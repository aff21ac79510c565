"""Registry pages: administrative units as of a date, agencies and their departments."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ..choices import AgencyKind, UnitKind, UnitLevel
from ..forms import AgencyForm, DepartmentForm
from ..listing import Column, Filter, ListSpec, render_list
from ..models import AdministrativeUnit, Agency
from ..permissions import agencies_with_perm, has_perm
from ..selectors.agencies import current_departments, search_agencies, staff_count
from ..selectors.units import reference_date, unit_search_q, units_on
from ..services.agencies import create_agency, create_department, update_agency

VIEW_PERM = "core.view_registry"
MANAGE_PERM = "core.manage_agencies"


def registry_view(view):
    """Signed-in users holding `core.view_registry`; everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not has_perm(request.user, VIEW_PERM):
            raise PermissionDenied(_("You do not have permission to do this."))
        return view(request, *args, **kwargs)

    return wrapper


def _date_param(request, default: datetime.date) -> datetime.date:
    value = request.GET.get("date", "").strip()
    if not value:
        return default
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        messages.error(
            request,
            _("The date “%(value)s” is not valid (use YYYY-MM-DD); showing %(day)s instead.")
            % {"value": value, "day": date_format(default, "d/m/Y")},
        )
        return default


def _level_filter(qs, value):
    return qs.filter(level=int(value)) if value.isdigit() else qs.none()


def unit_spec(on_date: datetime.date) -> ListSpec:
    return ListSpec(
        title=_lazy("Administrative units"),
        queryset=units_on(on_date),
        columns=[
            Column(_lazy("GSO code"), lambda u: u.code),
            Column(_lazy("Name"), lambda u: u.name, link=True),
            Column(_lazy("Kind"), lambda u: u.get_kind_display()),
            Column(_lazy("Level"), lambda u: u.get_level_display()),
            Column(_lazy("Parent unit"), lambda u: u.parent.name if u.parent_id else ""),
            Column(_lazy("Valid from"), lambda u: u.valid_from),
            Column(_lazy("Valid to"), lambda u: u.valid_to),
        ],
        filters=[
            # The queryset is already cut to the date; declaring it puts the field on the form.
            Filter("date", _lazy("As of"), lambda qs, _value: qs, input_type="date"),
            Filter(
                "level",
                _lazy("Level"),
                _level_filter,
                choices=[(str(value), label) for value, label in UnitLevel.choices],
            ),
            Filter("kind", _lazy("Kind"), lambda qs, v: qs.filter(kind=v), UnitKind.choices),
            Filter("q", _lazy("Name or code"), lambda qs, v: qs.filter(unit_search_q(v))),
        ],
        export_name="administrative-units",
    )


@registry_view
def unit_list(request):
    on_date = _date_param(request, timezone.localdate())
    return render_list(request, unit_spec(on_date), "core/unit_list.html", {"on_date": on_date})


@registry_view
def unit_detail(request, pk: int):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=pk)
    on_date = _date_param(request, reference_date(unit))
    context = {
        "unit": unit,
        "on_date": on_date,
        "valid_on_date": unit.is_valid_on(on_date),
        "children": units_on(on_date, parent=unit),
        "predecessor_links": unit.succession_in.select_related("predecessor").order_by(
            "predecessor__code"
        ),
        "successor_links": unit.succession_out.select_related("successor").order_by(
            "successor__code"
        ),
    }
    return render(request, "core/unit_detail.html", context)


def agency_spec() -> ListSpec:
    return ListSpec(
        title=_lazy("Agencies"),
        queryset=Agency.objects.select_related("parent").order_by("name"),
        columns=[
            Column(_lazy("Name"), lambda a: a.name, link=True),
            Column(_lazy("Short name"), lambda a: a.short_name),
            Column(_lazy("Electronic identifier"), lambda a: a.electronic_id),
            Column(_lazy("Kind"), lambda a: a.get_kind_display()),
            Column(_lazy("Parent agency"), lambda a: a.parent.name if a.parent_id else ""),
            Column(_lazy("Valid to"), lambda a: a.valid_to),
        ],
        filters=[
            Filter("kind", _lazy("Kind"), lambda qs, v: qs.filter(kind=v), AgencyKind.choices),
            Filter(
                "q",
                _lazy("Name, abbreviation or identifier"),
                lambda qs, v: search_agencies(v, qs=qs),
            ),
        ],
        export_name="agencies",
    )


@registry_view
def agency_list(request):
    extra = {"can_manage": has_perm(request.user, MANAGE_PERM)}
    return render_list(request, agency_spec(), "core/agency_list.html", extra)


@registry_view
def agency_detail(request, pk: int):
    agency = get_object_or_404(
        Agency.objects.select_related("parent", "administrative_unit"), pk=pk
    )
    today = timezone.localdate()
    context = {
        "agency": agency,
        "departments": current_departments(agency, today),
        "children": agency.children.order_by("name"),
        "staff_count": staff_count(agency),
        "can_manage": has_perm(request.user, MANAGE_PERM, agency),
    }
    return render(request, "core/agency_detail.html", context)


def _agency_form(request, agency: Agency | None, data=None, initial=None) -> AgencyForm:
    parents = agencies_with_perm(request.user, MANAGE_PERM)
    if agency is not None:
        # The current parent stays selectable even when the user may not manage it.
        parents = (parents | Agency.objects.filter(pk=agency.parent_id)).exclude(pk=agency.pk)
    return AgencyForm(
        data,
        initial=initial,
        parents=parents.distinct().order_by("name"),
        units=units_on(timezone.localdate()).order_by("level", "name"),
    )


def _save_form(request, form, save, success_message: str):
    """Run `save(cleaned_data)`; service errors land next to their fields and nothing is saved."""
    if not form.is_valid():
        return None
    try:
        obj = save(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, success_message)
    return obj


@registry_view
def agency_create(request):
    if not has_perm(request.user, MANAGE_PERM):
        raise PermissionDenied(_("You do not have permission to do this."))
    if request.method == "POST":
        form = _agency_form(request, None, request.POST)
        agency = _save_form(
            request,
            form,
            lambda data: create_agency(request.user, **data),
            _("The agency was created."),
        )
        if agency is not None:
            return redirect(agency)
    else:
        form = _agency_form(request, None, initial={"parent": request.GET.get("parent")})
    return render(request, "core/agency_form.html", {"form": form, "agency": None})


@registry_view
def agency_edit(request, pk: int):
    agency = get_object_or_404(Agency, pk=pk)
    if not has_perm(request.user, MANAGE_PERM, agency):
        raise PermissionDenied(_("You do not have permission to do this."))
    if request.method == "POST":
        form = _agency_form(request, agency, request.POST)
        saved = _save_form(
            request,
            form,
            lambda data: update_agency(request.user, agency, **data),
            _("The agency was saved."),
        )
        if saved is not None:
            return redirect(saved)
    else:
        initial = {name: getattr(agency, name) for name in AgencyForm.base_fields}
        form = _agency_form(request, agency, initial=initial)
    return render(request, "core/agency_form.html", {"form": form, "agency": agency})


@registry_view
def department_create(request, pk: int):
    agency = get_object_or_404(Agency, pk=pk)
    if not has_perm(request.user, MANAGE_PERM, agency):
        raise PermissionDenied(_("You do not have permission to do this."))
    form = DepartmentForm(request.POST or None)
    if request.method == "POST":
        department = _save_form(
            request,
            form,
            lambda data: create_department(request.user, agency, **data),
            _("The department was created."),
        )
        if department is not None:
            return redirect(agency)
    return render(request, "core/agency_department_form.html", {"form": form, "agency": agency})
