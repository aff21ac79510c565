"""The working-day calendar page: a year's holidays and declared days, and the form to declare."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ..choices import CalendarDayKind
from ..permissions import has_perm, require
from ..services import workdays

MIN_YEAR, MAX_YEAR = 2000, 2100


class DeclareDayForm(forms.Form):
    date = forms.DateField(label=_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_lazy("Kind"), choices=CalendarDayKind.choices)
    reason = forms.CharField(
        label=_lazy("Reason and source"),
        max_length=255,
        help_text=_lazy("E.g. the decision or announcement that declares the day."),
    )


class RemoveDayForm(forms.Form):
    date = forms.DateField(widget=forms.HiddenInput)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return min(max(year, MIN_YEAR), MAX_YEAR)


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def calendar(request):
    require(request.user, "core.view_registry")
    can_manage = has_perm(request.user, "core.manage_calendar")
    year = _year(request)
    form = DeclareDayForm()
    if request.method == "POST":
        require(request.user, "core.manage_calendar")
        if request.POST.get("action") == "remove":
            remove_form = RemoveDayForm(request.POST)
            if remove_form.is_valid():
                day = remove_form.cleaned_data["date"]
                try:
                    workdays.remove_calendar_day(request.user, day)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("The declared day was removed."))
                return redirect(f"{reverse('core:calendar')}?year={day.year}")
        else:
            form = DeclareDayForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    workdays.declare_calendar_day(
                        request.user, data["date"], data["kind"], data["reason"]
                    )
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    messages.success(request, _("The day was declared."))
                    return redirect(f"{reverse('core:calendar')}?year={data['date'].year}")
    context = {
        "year": year,
        "entries": workdays.holidays_in(year),
        "can_manage": can_manage,
        "form": form,
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
    }
    return render(request, "core/calendar.html", context, status=400 if form.errors else 200)
