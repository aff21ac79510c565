"""Entering a report from a workbook: download the template of a form, unit and period, fill it
in, upload it (or check it first with a dry run) and read the row-by-row error report."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..models import DataSet
from ..services import imports
from .entry import load

ENTER = "reporting.enter_data"
MAX_UPLOAD = 10 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Filled-in workbook (.xlsx)"))
    dry_run = forms.BooleanField(label=gettext_lazy("Only check it, store nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an Excel workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The workbook is larger than 10 MB."))
        return upload


def _choices(user) -> dict:
    units = list(services.units_with_perm(user, ENTER).order_by("path"))
    data_sets = DataSet.objects.filter(is_active=True, assignments__org_unit__in=units)
    return {"units": units, "data_sets": data_sets.distinct().order_by("name")}


@login_required
def import_page(request):
    choices = _choices(request.user)
    if not choices["units"]:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "result": None, **choices, "chosen": request.GET}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.import_workbook(
                request.user,
                form.cleaned_data["file"].read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
            status = 422
        else:
            context["result"] = result
            if not result.ok:
                status = 422
            elif result.dry_run:
                messages.info(
                    request, _("The workbook is correct; nothing was stored (check only).")
                )
            else:
                messages.success(request, _("The workbook was imported."))
    elif request.method == "POST":
        status = 422
    return render(request, "reporting/entry_import.html", context, status=status)


@login_required
def template(request):
    """?form=&unit=&period=: the workbook to fill in, with the values already stored."""
    try:
        data_set, unit, period = load(
            request.user,
            request.GET.get("form", ""),
            request.GET.get("unit", ""),
            request.GET.get("period", ""),
        )
    except Http404:
        messages.error(
            request,
            _("Choose a form, a unit and a period of the form's periodicity (e.g. 202602)."),
        )
        return redirect(f"{reverse('reporting:import')}?{request.GET.urlencode()}")
    content = imports.write_template(data_set, unit, period)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"{data_set.code}-{unit.code}-{period.id}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
