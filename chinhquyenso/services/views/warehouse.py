"""The owner's e-data warehouse: their documents, adding one, and who used which for what."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core

from .. import services as portal
from ..models import WarehouseDocumentType
from .portal import add_errors
from .portal_dossier import file_response


class WarehouseUploadForm(forms.Form):
    doc_type = forms.ModelChoiceField(
        queryset=WarehouseDocumentType.objects.order_by("name"), label=gettext_lazy("Type")
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    file = forms.FileField(label=gettext_lazy("File (PDF, image or DOCX)"))
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _owner(request):
    if not core.has_perm(request.user, "services.apply"):
        raise PermissionDenied
    return request.user


@login_required
def warehouse(request):
    user = _owner(request)
    form = WarehouseUploadForm()
    status = 200
    if request.method == "POST":
        form = WarehouseUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                portal.upload_document(
                    user, data["doc_type"], data["title"], data["file"], data["valid_until"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The document was added to your warehouse."))
                return redirect("services:warehouse")
        status = 422
    context = {
        "items": portal.my_documents(user).order_by("-created_at")[:200],
        "uses": portal.usage_log(user)[:100],
        "form": form,
    }
    return render(request, "services/warehouse_list.html", context, status=status)


@login_required
def warehouse_file(request, pk: int):
    item = portal.my_documents(_owner(request)).filter(pk=pk).first()
    if item is None:
        raise Http404
    return file_response(item.file)
