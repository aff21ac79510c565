"""Copies (bản sao): the list, making a copy of an issued or incoming document, the copy's page
with the agency's signature on a scanned copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import selectors, services
from ..choices import OutgoingStatus, Secrecy
from ..forms_outgoing import AgencySignForm, CopyForm
from ..models import CopyDocument, OutgoingDocument
from .common import User
from .outgoing import add_errors, file_response, nav_flags

# Copies are read by those who keep the agency's registers, and by the clerks who make them.
READ_PERMISSIONS = ("eoffice.view_all_outgoing", "eoffice.make_copy")


def readable_copies(user):
    agencies = Q()
    for perm in READ_PERMISSIONS:
        agencies |= Q(agency__in=core.agencies_with_perm(user, perm))
    return CopyDocument.objects.filter(agencies).select_related(
        "agency", "copy_type", "signer", "file", "source_outgoing", "source_incoming"
    )


def _copy(user, pk: int) -> CopyDocument:
    copy = readable_copies(user).filter(pk=pk).first()
    if copy is None:
        raise Http404
    return copy


def _year(qs, value):
    return qs.filter(number_year=int(value)) if value.isdigit() else qs.none()


@login_required
def copy_list(request):
    user = request.user
    if not any(core.has_perm(user, perm) for perm in READ_PERMISSIONS):
        raise PermissionDenied
    spec = ListSpec(
        title=gettext_lazy("Copies"),
        queryset=readable_copies(user).order_by("-number_year", "-number", "-id"),
        columns=[
            Column(gettext_lazy("Number and notation"), lambda c: c.number_text),
            Column(gettext_lazy("Date of copy"), lambda c: c.copied_date),
            Column(gettext_lazy("Copy type"), lambda c: c.copy_type.name),
            Column(gettext_lazy("Copy of"), lambda c: _source_label(c)),
            Column(gettext_lazy("Recipients (Nơi nhận)"), lambda c: c.recipients_text),
            Column(gettext_lazy("Signer"), lambda c: c.signer or ""),
        ],
        filters=[Filter("year", gettext_lazy("Year"), _year, input_type="number")],
        export_name="copies",
        count_free=True,
    )
    extra = {"can_make": core.has_perm(user, "eoffice.make_copy"), **nav_flags(user)}
    return render_list(request, spec, "eoffice/copy_list.html", extra)


def _source_label(copy: CopyDocument) -> str:
    if copy.source_outgoing_id:
        return copy.source_outgoing.number_text
    return copy.source_incoming.notation_raw


def _copy_agency(user):
    agencies = core.agencies_with_perm(user, "eoffice.make_copy")
    agency = agencies.filter(pk=user.agency_id).first() or agencies.order_by("name").first()
    if agency is None:
        raise PermissionDenied
    return agency


def _copy_form(request, agency, *args):
    incoming = selectors.visible_documents(request.user).filter(
        agency=agency, secrecy=Secrecy.NORMAL
    )
    return CopyForm(
        *args,
        copy_types=services.copy_types_for(agency),
        outgoing=OutgoingDocument.objects.filter(
            agency=agency, status=OutgoingStatus.ISSUED, secrecy=Secrecy.NORMAL
        ).order_by("-issued_date", "-id"),
        incoming=incoming.order_by("-arrival_year", "-arrival_number"),
        signers=User.objects.filter(agency=agency, is_active=True).order_by("full_name"),
        initial={
            "source_outgoing": request.GET.get("outgoing"),
            "source_incoming": request.GET.get("incoming"),
        },
    )


@login_required
def copy_create(request):
    agency = _copy_agency(request.user)
    if request.method != "POST":
        form = _copy_form(request, agency)
        return render(request, "eoffice/copy_form.html", {"form": form, "agency": agency})
    form = _copy_form(request, agency, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            copy = services.make_copy(
                request.user,
                agency=agency,
                copy_type=data["copy_type"],
                source_outgoing=data["source_outgoing"],
                source_incoming=data["source_incoming"],
                recipients_text=data["recipients_text"],
                upload=upload,
                file_name=upload.name if upload else "",
                signer=data["signer"],
            )
        except ValidationError as exc:
            _source_errors_to(form, exc)
        else:
            messages.success(request, _("Copy %(number)s made.") % {"number": copy.number_text})
            return redirect("eoffice:copy_detail", pk=copy.pk)
    context = {"form": form, "agency": agency}
    return render(request, "eoffice/copy_form.html", context, status=422)


def _source_errors_to(form, exc: ValidationError) -> None:
    """The service names the pair of source fields `source`: show it at the first of them."""
    if hasattr(exc, "error_dict") and "source" in exc.error_dict:
        exc.error_dict["source_outgoing"] = exc.error_dict.pop("source")
    add_errors(form, exc)


def _can_sign(copy: CopyDocument) -> bool:
    """A scan or an extract (not the original's own file) can take the agency's signature."""
    if copy.source_outgoing_id:
        original = copy.source_outgoing.final_file_id
    else:
        original = copy.source_incoming.file_id
    return copy.file_id is not None and copy.file_id != original


def _detail(request, copy: CopyDocument, sign_form=None, status=200):
    can_sign = _can_sign(copy) and core.has_perm(request.user, "eoffice.make_copy", copy.agency)
    context = {
        "copy": copy,
        "can_sign": can_sign,
        "sign_form": sign_form or (AgencySignForm(auto_id="sign_form_%s") if can_sign else None),
        "source_url": _source_url(request.user, copy),
    }
    return render(request, "eoffice/copy_detail.html", context, status=status)


def _source_url(user, copy: CopyDocument) -> str:
    if copy.source_outgoing_id:
        return copy.source_outgoing.get_absolute_url()
    if selectors.visible_documents(user).filter(pk=copy.source_incoming_id).exists():
        return copy.source_incoming.get_absolute_url()
    return ""


@login_required
def copy_detail(request, pk: int):
    return _detail(request, _copy(request.user, pk))


@login_required
def copy_file(request, pk: int):
    copy = _copy(request.user, pk)
    if copy.file_id is None:
        raise Http404
    return file_response(request, copy.file)


@require_POST
@login_required
def copy_sign(request, pk: int):
    copy = _copy(request.user, pk)
    form = AgencySignForm(request.POST, auto_id="sign_form_%s")
    if form.is_valid():
        try:
            services.sign_copy(request.user, copy, form.cleaned_data["passphrase"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The copy now carries the agency's signature."))
            return redirect(reverse("eoffice:copy_detail", args=[copy.pk]))
    return _detail(request, copy, sign_form=form, status=422)
