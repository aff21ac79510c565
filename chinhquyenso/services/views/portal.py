"""The citizen portal: choose a procedure, fill in the e-form, attach papers (uploaded or from the
warehouse), review and submit; the public verification page of a dossier code."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core

from .. import eforms
from .. import services as portal
from ..choices import DossierStatus, OnlineLevel
from ..models import Procedure, ServiceDossier, WarehouseItem


class AttachForm(forms.Form):
    required_document = forms.TypedChoiceField(
        label=gettext_lazy("Paper"), coerce=int, empty_value=None, required=False
    )
    file = forms.FileField(label=gettext_lazy("Upload a file"), required=False)
    warehouse_item = forms.TypedChoiceField(
        label=gettext_lazy("Or pick from my documents"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, dossier: ServiceDossier, **kwargs):
        super().__init__(*args, **kwargs)
        papers = dossier.procedure.required_documents.all()
        self.fields["required_document"].choices = [("", _("Other paper"))] + [
            (p.pk, p.name) for p in papers
        ]
        items = portal.usable_documents(dossier.applicant)
        self.fields["warehouse_item"].choices = [("", "—")] + [
            (i.pk, f"{i.title} ({i.doc_type.name})") for i in items
        ]


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's errors next to the fields it names, the others above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _applicant(request):
    if not core.has_perm(request.user, "services.apply"):
        raise PermissionDenied
    return request.user


def _draft(request, pk: int) -> ServiceDossier:
    dossier = portal.own_dossier(_applicant(request), pk)
    if dossier.status != DossierStatus.DRAFT:
        raise Http404  # papers for a supplement go with the answer, on the dossier's page
    return dossier


def _offered(query: str):
    procedures = Procedure.objects.filter(is_active=True).exclude(online_level=OnlineLevel.NONE)
    if not query:
        return procedures.none()
    return procedures.filter(Q(code=query) | Q(name_folded__contains=core.fold(query)))[:30]


@login_required
def apply(request):
    """Step 1: the procedure (by its national code or by name) and the receiving agency."""
    user = _applicant(request)
    code = (request.POST.get("procedure") or request.GET.get("procedure") or "").strip()
    procedure = Procedure.objects.filter(code=code, is_active=True).first() if code else None
    errors: list[str] = []
    if request.method == "POST":
        if procedure is None:
            errors.append(_("Choose a procedure."))
        else:
            agency_id = request.POST.get("agency", "")
            agency = (
                procedure.agencies.filter(pk=agency_id).first() if agency_id.isdigit() else None
            )
            try:
                dossier = portal.start_application(user, procedure, agency)
            except ValidationError as exc:
                errors += exc.messages
            else:
                return redirect("services:application_edit", pk=dossier.pk)
    query = request.GET.get("q", "").strip()
    context = {
        "procedure": procedure,
        "agencies": procedure.agencies.order_by("name") if procedure else [],
        "query": query,
        "results": _offered(query),
        "errors": errors,
    }
    return render(request, "services/portal_apply.html", context, status=422 if errors else 200)


def _eform(dossier: ServiceDossier, data=None) -> forms.Form:
    form = eforms.build_form(dossier.procedure.form_schema or {}, data)
    if data is None:
        form.initial = dict(dossier.form_data)
    return form


def _edit_page(request, dossier, *, eform=None, attach_form=None, submit_errors=None, status=200):
    context = {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "eform": eform or _eform(dossier),
        "answers": eforms.labelled_answers(dossier.procedure.form_schema, dossier.form_data),
        "attach_form": attach_form or AttachForm(dossier=dossier),
        "attachments": dossier.attachments.select_related("required_document", "file"),
        "required": dossier.procedure.required_documents.all(),
        "missing": portal.missing_documents(dossier),
        "submit_errors": submit_errors or [],
        # A fresh key per page: a double click sends the same key and submits once.
        "idempotency_key": uuid.uuid4().hex,
    }
    return render(request, "services/portal_edit.html", context, status=status)


@login_required
def application_edit(request, pk: int):
    """Steps 2–4 on one page (phones scroll): the e-form, the papers, review and submit."""
    return _edit_page(request, _draft(request, pk))


def _form_answers(dossier: ServiceDossier, post) -> dict:
    properties = (dossier.procedure.form_schema or {}).get("properties", {})
    answers = {}
    for name, spec in properties.items():
        if spec.get("type") == "boolean":
            answers[name] = name in post
        elif post.get(name, "").strip():
            answers[name] = post[name].strip()
    return answers


@login_required
@require_POST
def application_form(request, pk: int):
    dossier = _draft(request, pk)
    try:
        portal.save_form(request.user, dossier, _form_answers(dossier, request.POST))
    except ValidationError as exc:
        eform = _eform(dossier, request.POST)
        eform.is_valid()
        add_errors(eform, exc)
        return _edit_page(request, dossier, eform=eform, status=422)
    messages.success(request, _("The form was saved."))
    return redirect("services:application_edit", pk=dossier.pk)


@login_required
@require_POST
def application_attach(request, pk: int):
    dossier = _draft(request, pk)
    form = AttachForm(request.POST, request.FILES, dossier=dossier)
    if form.is_valid():
        data = form.cleaned_data
        required = dossier.procedure.required_documents.filter(pk=data["required_document"]).first()
        item = (
            WarehouseItem.objects.filter(pk=data["warehouse_item"]).first()
            if data["warehouse_item"]
            else None
        )
        try:
            portal.attach(request.user, dossier, required, data["file"], item)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The paper was attached."))
            return redirect("services:application_edit", pk=dossier.pk)
    return _edit_page(request, dossier, attach_form=form, status=422)


@login_required
@require_POST
def application_detach(request, pk: int, attachment: int):
    dossier = _draft(request, pk)
    found = dossier.attachments.filter(pk=attachment).first()
    if found is None:
        raise Http404
    try:
        portal.detach(request.user, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("services:application_edit", pk=dossier.pk)


@login_required
@require_POST
def application_submit(request, pk: int):
    user = _applicant(request)
    dossier = portal.own_dossier(user, pk)
    try:
        dossier = portal.submit(user, dossier, request.POST.get("idempotency_key", ""))
    except ValidationError as exc:
        if dossier.status != DossierStatus.DRAFT:
            raise Http404 from exc
        return _edit_page(request, dossier, submit_errors=exc.messages, status=422)
    messages.success(
        request, _("Your dossier was submitted. Its code is %(code)s.") % {"code": dossier.code}
    )
    return redirect("services:dossier_detail", pk=dossier.pk)


def verify(request, code: str):
    """Public: anyone holding the slip can check the dossier; no personal data is shown."""
    dossier = (
        ServiceDossier.objects.filter(code=code)
        .exclude(code="")
        .select_related("procedure", "agency")
        .first()
    )
    if dossier is None:
        raise Http404
    return render(request, "services/verify.html", {"dossier": dossier})
