"""The applicant's dossiers: the list, and one dossier's page with its public timeline, slip,
supplement answer, payment, result and rating."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list

from .. import payments
from .. import services as portal
from ..choices import DossierStatus
from ..models import Rating
from ..reception_pdf import pdf_response
from ..services.applications import WITHDRAWABLE
from ..slips import has_appointment, slip_filename, slip_pdf
from .portal import add_errors

RESULT_VISIBLE = {DossierStatus.RESULT_READY, DossierStatus.RETURNED}
EVENT_LABELS = {
    "submitted": gettext_lazy("Submitted online"),
    "submitted_at_counter": gettext_lazy("Submitted at the counter"),
    "accepted": gettext_lazy("Received; appointment date given"),
    "supplement_requested": gettext_lazy("Supplement requested"),
    "supplement_answered": gettext_lazy("Supplement sent"),
    "refused": gettext_lazy("Refused"),
    "handed_over": gettext_lazy("Handed over"),
    "step_started": gettext_lazy("Being handled"),
    "step_completed": gettext_lazy("Step completed"),
    "approved": gettext_lazy("Approved"),
    "result_uploaded": gettext_lazy("Result prepared"),
    "result_signed": gettext_lazy("Result signed"),
    "result_returned": gettext_lazy("Result returned"),
    "apology_issued": gettext_lazy("Apology letter with a new appointment date"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class SupplementForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Your answer"), widget=forms.Textarea, required=False)
    files = MultipleFileField(label=gettext_lazy("Papers asked for"), required=False)


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), widget=forms.Textarea, required=False)


def _own(request, pk: int):
    if not core.has_perm(request.user, "services.apply"):
        raise PermissionDenied
    return portal.own_dossier(request.user, pk)


@login_required
def my_dossiers(request):
    if not core.has_perm(request.user, "services.apply"):
        raise PermissionDenied
    spec = ListSpec(
        title=gettext_lazy("My dossiers"),
        queryset=portal.own_dossiers(request.user).order_by("-created_at", "-id"),
        columns=[
            Column(gettext_lazy("Dossier code"), lambda d: d.code or _("(draft)"), link=True),
            Column(gettext_lazy("Procedure"), lambda d: d.procedure.name),
            Column(gettext_lazy("Receiving agency"), lambda d: d.agency.name),
            Column(gettext_lazy("Status"), lambda d: d.get_status_display()),
            Column(gettext_lazy("Submitted"), lambda d: d.submitted_at),
            Column(gettext_lazy("Appointment date"), lambda d: d.due_date),
        ],
        filters=[
            Filter(
                "status",
                gettext_lazy("Status"),
                lambda qs, v: qs.filter(status=v),
                choices=DossierStatus.choices,
            ),
        ],
        export_name="my-dossiers",
        count_free=True,
    )
    return render_list(request, spec, "services/portal_list.html")


def _detail(request, dossier, *, supplement_form=None, rate_form=None, status=200):
    events = [
        {"event": e, "label": EVENT_LABELS.get(e.action, e.action)}
        for e in dossier.events.filter(public=True).order_by("at", "id")
    ]
    fee = payments.fee_of(dossier)
    context = {
        "dossier": dossier,
        "events": events,
        "attachments": dossier.attachments.select_related("file"),
        "supplement": dossier.supplement_requests.filter(answered_at__isnull=True).first(),
        "supplement_form": supplement_form or SupplementForm(),
        "rate_form": rate_form or RateForm(),
        "rating": Rating.objects.filter(dossier=dossier).first(),
        "fee": fee,
        "payment": payments.current_payment(dossier),
        "can_pay": fee > 0 and dossier.status in payments.PAYABLE,
        "can_withdraw": dossier.status in WITHDRAWABLE and dossier.received_at is None,
        "has_slip": bool(dossier.code),
        "has_supplement_request": dossier.supplement_requests.exists(),
        "has_appointment": has_appointment(dossier),
        "result_ready": dossier.status in RESULT_VISIBLE and dossier.result_file_id is not None,
    }
    return render(request, "services/portal_detail.html", context, status=status)


@login_required
def dossier_detail(request, pk: int):
    dossier = _own(request, pk)
    if dossier.status == DossierStatus.DRAFT:
        return redirect("services:application_edit", pk=dossier.pk)
    return _detail(request, dossier)


def file_response(stored, name: str = "") -> HttpResponse:
    with core.open_file(stored) as handle:
        response = HttpResponse(handle.read(), content_type=stored.mime_type)
    filename = (name or stored.original_name).replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def dossier_slip(request, pk: int):
    dossier = _own(request, pk)
    if not dossier.code:
        raise Http404
    return pdf_response(slip_pdf(dossier), slip_filename(dossier))


@login_required
def dossier_result(request, pk: int):
    dossier = _own(request, pk)
    if dossier.status not in RESULT_VISIBLE or dossier.result_file_id is None:
        raise Http404
    return file_response(dossier.result_file)


@login_required
def dossier_attachment(request, pk: int, attachment: int):
    found = _own(request, pk).attachments.select_related("file").filter(pk=attachment).first()
    if found is None:
        raise Http404
    return file_response(found.file)


def _post_action(request, pk: int, action, success: str):
    dossier = _own(request, pk)
    if request.method != "POST":
        return redirect("services:dossier_detail", pk=dossier.pk)
    try:
        action(dossier)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("services:dossier_detail", pk=dossier.pk)


@login_required
def dossier_withdraw(request, pk: int):
    reason = request.POST.get("reason", "")
    return _post_action(
        request, pk, lambda d: portal.withdraw(request.user, d, reason), _("Dossier withdrawn.")
    )


@login_required
def dossier_pay(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda d: payments.start_payment(request.user, d, "counter"),
        _("Pay the fee at the one-stop counter; the officer confirms the payment here."),
    )


@login_required
def dossier_supplement(request, pk: int):
    dossier = _own(request, pk)
    if request.method != "POST":
        return redirect("services:dossier_detail", pk=dossier.pk)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        uploads = [portal.NewAttachment(None, upload=f) for f in form.cleaned_data["files"] if f]
        try:
            portal.answer_supplement(request.user, dossier, form.cleaned_data["note"], uploads)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your answer was sent to the one-stop shop."))
            return redirect("services:dossier_detail", pk=dossier.pk)
    return _detail(request, dossier, supplement_form=form, status=422)


@login_required
def dossier_rate(request, pk: int):
    dossier = _own(request, pk)
    if request.method != "POST":
        return redirect("services:dossier_detail", pk=dossier.pk)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            portal.rate(
                request.user, dossier, form.cleaned_data["score"], form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("services:dossier_detail", pk=dossier.pk)
    return _detail(request, dossier, rate_form=form, status=422)
