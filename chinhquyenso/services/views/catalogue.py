"""The public procedure catalogue (list, search, a procedure's page) and the catalogue keepers'
workbook import and export."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import services
from ..catalogue_xlsx import CatalogueImportRefused, write_workbook
from ..choices import OnlineLevel
from ..models import Procedure, ProcedureField

MANAGE = "services.manage_catalogue"
MAX_UPLOAD = 10 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _search(qs, value):
    return qs.filter(pk__in=services.search_procedures(value).values("pk"))


def _field(qs, value):
    return qs.filter(field__code=value)


def _level(qs, value):
    return qs.filter(level=int(value)) if value.isdigit() else qs.none()


def _online(qs, value):
    return qs.filter(online_level=value)


def _fee(procedure: Procedure) -> str:
    if procedure.fee_amount:
        return _("%(amount)s VND") % {"amount": f"{int(procedure.fee_amount):,}".replace(",", ".")}
    return procedure.fee_text or _("Free")


def procedure_list(request):
    """Public: anyone may look up a procedure, signed in or not."""
    spec = ListSpec(
        title=gettext_lazy("Administrative procedures"),
        queryset=Procedure.objects.filter(is_active=True).select_related("field").order_by("code"),
        columns=[
            Column(gettext_lazy("Procedure code"), lambda p: p.code),
            Column(gettext_lazy("Name"), lambda p: p.name, link=True),
            Column(gettext_lazy("Field"), lambda p: p.field.name),
            Column(gettext_lazy("Level"), lambda p: p.get_level_display()),
            Column(gettext_lazy("Online level"), lambda p: p.get_online_level_display()),
            Column(gettext_lazy("Processing time (working days)"), lambda p: p.processing_days),
            Column(gettext_lazy("Fee"), _fee),
        ],
        filters=[
            Filter("q", gettext_lazy("Search"), _search, input_type="search"),
            Filter(
                "field",
                gettext_lazy("Field"),
                _field,
                choices=list(ProcedureField.objects.values_list("code", "name")),
            ),
            Filter("level", gettext_lazy("Level"), _level, choices=_choices(UnitLevel)),
            Filter(
                "online_level", gettext_lazy("Online level"), _online, choices=_choices(OnlineLevel)
            ),
        ],
        export_name="thu-tuc-hanh-chinh",
        count_free=True,
    )
    extra = {"can_manage": core.has_perm(request.user, MANAGE)}
    return render_list(request, spec, "services/procedure_list.html", extra)


def _choices(enum) -> list[tuple[str, str]]:
    return [(str(value), label) for value, label in enum.choices]


def apply_url(procedure: Procedure) -> str | None:
    """The online application page for this procedure, when that page is installed."""
    if procedure.online_level == OnlineLevel.NONE or not procedure.is_active:
        return None
    try:
        return f"{reverse('services:apply')}?procedure={procedure.code}"
    except NoReverseMatch:
        return None


def procedure_detail(request, code: str):
    manager = core.has_perm(request.user, MANAGE)
    procedure = (
        Procedure.objects.select_related("field")
        .prefetch_related("agencies", "required_documents", "steps")
        .filter(code=code)
        .first()
    )
    if procedure is None or not (procedure.is_active or manager):
        raise Http404
    steps = list(procedure.steps.all())
    context = {
        "procedure": procedure,
        "documents": procedure.required_documents.all(),
        "steps": steps,
        "fee": _fee(procedure),
        "agencies": sorted(procedure.agencies.all(), key=lambda a: a.name),
        "apply_url": apply_url(procedure),
        "form_fields": _form_fields(procedure.form_schema),
        "can_manage": manager,
    }
    return render(request, "services/procedure_detail.html", context)


def _form_fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", [])) if isinstance(schema, dict) else set()
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return [
        {"title": spec.get("title", name), "required": name in required}
        for name, spec in properties.items()
    ]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Catalogue workbook (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an Excel workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The workbook is larger than 10 MB."))
        return upload


@login_required
def catalogue_import(request):
    if not core.has_perm(request.user, MANAGE):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "row_errors": [], "report": None}
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_catalogue_xlsx(request.user, form.cleaned_data["file"].read())
        except CatalogueImportRefused as exc:
            context["row_errors"] = exc.row_errors
        else:
            messages.success(
                request,
                _("Imported: %(created)s created, %(updated)s updated, %(same)s unchanged.")
                % {
                    "created": len(report.created),
                    "updated": len(report.updated),
                    "same": len(report.unchanged),
                },
            )
            context["report"] = report
            context["form"] = ImportForm()
            return render(request, "services/catalogue_import.html", context)
    status = 422 if request.method == "POST" else 200
    return render(request, "services/catalogue_import.html", context, status=status)


@login_required
def catalogue_export(request):
    """The catalogue (or the filtered part) in the workbook layout the import reads."""
    if not core.has_perm(request.user, MANAGE):
        raise PermissionDenied
    qs = services.search_procedures(
        request.GET.get("q"),
        field=request.GET.get("field") or None,
        level=request.GET.get("level") or None,
        online_level=request.GET.get("online_level") or None,
        include_inactive=True,
    )
    response = HttpResponse(write_workbook(qs), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="danh-muc-thu-tuc.xlsx"'
    return response
