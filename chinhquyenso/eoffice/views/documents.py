"""Pages of one incoming document: details and timeline, file, presenting, returning, assigning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Department

from .. import selectors, services
from ..choices import AssignmentKind, AssignmentStatus
from ..forms import AssignForm, PresentForm, ReturnForm, add_service_errors
from ..models import ExtensionRequest
from .common import (
    OPEN_STATUSES,
    User,
    action_label,
    assignment_targets,
    default_working_days,
    departments_of,
    leaders_of,
    safe_next,
    visible_document,
)


def _actions(user, document) -> dict:
    """What this user may do with the document now (the services check again on submit)."""
    not_assigned = document.status in OPEN_STATUSES
    is_clerk = core.has_perm(user, "eoffice.register_incoming", document.agency)
    return {
        "can_present": is_clerk and not_assigned,
        "can_return": is_clerk and not_assigned,
        "can_assign": not_assigned
        and core.has_perm(user, "eoffice.assign_incoming", document.agency),
    }


def _assignment_rows(user, document) -> list[dict]:
    rows = []
    assignments = document.assignments.select_related("assignee", "department", "assigned_by")
    pending = {
        e.assignment_id: e
        for e in ExtensionRequest.objects.filter(
            assignment__document=document, approved__isnull=True
        ).select_related("requested_by")
    }
    can_direct = core.has_perm(user, "eoffice.assign_incoming", document.agency)
    for assignment in assignments.order_by("id"):
        is_open = assignment.status == AssignmentStatus.OPEN
        handler = is_open and services.is_handler(user, assignment)
        extension = pending.get(assignment.pk)
        rows.append(
            {
                "obj": assignment,
                "is_handler": handler,
                "can_reassign": handler
                and assignment.department_id is not None
                and core.has_perm(user, "eoffice.reassign_incoming", assignment.department),
                "extension": extension,
                "can_decide": extension is not None
                and (assignment.assigned_by_id == user.pk or can_direct),
            }
        )
    return rows


def _forwarded_to(document):
    """The stamp's “Chuyển”: the unit or person leading the handling, else the leader."""
    lead = (
        document.assignments.filter(kind=AssignmentKind.LEAD, parent__isnull=True)
        .select_related("assignee", "department")
        .first()
    )
    if lead is not None:
        return lead.department.name if lead.department_id else lead.assignee
    return document.presented_to


def _detail_context(request, document, **forms) -> dict:
    user = request.user
    actions = _actions(user, document)
    trace = [
        {"entry": t, "label": action_label(t.action)}
        for t in document.trace.select_related("actor", "file")
    ]
    context = {
        "document": document,
        "assignments": _assignment_rows(user, document),
        "trace": trace,
        "show_file": selectors.can_view_content(user, document) and document.file_id,
        "stamp_forwarded": _forwarded_to(document),
        "today": timezone.localdate(),
        "signature_checks": document.signature_checks.all(),
        **actions,
    }
    if actions["can_present"]:
        context["present_form"] = forms.get("present_form") or PresentForm(
            leaders=leaders_of(document.agency)
        )
    if actions["can_return"]:
        context["return_form"] = forms.get("return_form") or ReturnForm()
    return context


@login_required
def incoming_detail(request, pk: int):
    document = visible_document(request.user, pk)
    return render(request, "eoffice/incoming_detail.html", _detail_context(request, document))


@login_required
def incoming_file(request, pk: int):
    document = visible_document(request.user, pk)
    if not document.file_id or not selectors.can_view_content(request.user, document):
        raise Http404
    handle = core.open_file(document.file)
    response = HttpResponse(handle.read(), content_type=document.file.mime_type)
    disposition = "inline" if request.GET.get("preview") else "attachment"
    name = document.file.original_name.replace('"', "")
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_POST
@login_required
def incoming_present(request, pk: int):
    document = visible_document(request.user, pk)
    if not core.has_perm(request.user, "eoffice.register_incoming", document.agency):
        raise PermissionDenied
    form = PresentForm(request.POST, leaders=leaders_of(document.agency))
    if form.is_valid():
        try:
            services.present(
                request.user, document, form.cleaned_data["leader"], form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Presented to %(name)s.") % {"name": form.cleaned_data["leader"]},
            )
            return redirect(safe_next(request, document.get_absolute_url()))
    context = _detail_context(request, document, present_form=form)
    return render(request, "eoffice/incoming_detail.html", context, status=422)


@require_POST
@login_required
def incoming_return(request, pk: int):
    document = visible_document(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_to_sender(request.user, document, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document was returned to the sender."))
            return redirect(document.get_absolute_url())
    context = _detail_context(request, document, return_form=form)
    return render(request, "eoffice/incoming_detail.html", context, status=422)


def _parse_target(value: str, agency) -> services.Target:
    kind, number = value[:1], value[1:]
    if not number.isdigit():
        raise ValidationError(_("Choose a department or a person."))
    if kind == "d":
        department = Department.objects.filter(pk=int(number), agency=agency).first()
        if department is not None:
            return services.Target(department=department)
    elif kind == "u":
        person = User.objects.filter(pk=int(number)).first()
        if person is not None:
            return services.Target(user=person)
    raise ValidationError(_("Choose a department or a person."))


def _assign_from_form(request, document, form: AssignForm) -> bool:
    data = form.cleaned_data
    try:
        services.assign(
            request.user,
            document,
            lead=_parse_target(data["lead"], document.agency),
            supports=[_parse_target(v, document.agency) for v in data["supports"]],
            informs=[_parse_target(v, document.agency) for v in data["informs"]],
            deadline=data["deadline"],
            working_days=data["working_days"],
            direction=data["direction"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


def _quick_assign(request, document, department_id: str) -> ValidationError | None:
    """The common case in one click: a department leads, within N working days."""
    department = departments_of(document.agency).filter(pk=department_id).first()
    if department is None:
        return ValidationError(_("Choose a department of the receiving agency."))
    try:
        services.assign(
            request.user,
            document,
            lead=services.Target(department=department),
            working_days=default_working_days(document),
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as exc:
        return exc
    return None


@login_required
def incoming_assign(request, pk: int):
    document = visible_document(request.user, pk)
    if not core.has_perm(request.user, "eoffice.assign_incoming", document.agency):
        raise PermissionDenied
    targets = assignment_targets(document.agency)
    form = AssignForm(targets=targets)
    status = 200
    quick_error = None
    if request.method == "POST":
        if request.POST.get("quick_department", "").isdigit():
            quick_error = _quick_assign(request, document, request.POST["quick_department"])
            if quick_error is None:
                messages.success(request, _("The document was assigned."))
                return redirect(safe_next(request, document.get_absolute_url()))
        else:
            form = AssignForm(request.POST, targets=targets)
            if form.is_valid() and _assign_from_form(request, document, form):
                messages.success(request, _("The document was assigned."))
                return redirect(safe_next(request, document.get_absolute_url()))
        status = 422
    days = default_working_days(document)
    context = {
        "document": document,
        "form": form,
        "quick_error": quick_error,
        "working_days": days,
        "quick_deadline": core.add_working_days(timezone.localdate(), days),
        "departments": departments_of(document.agency),
        "already_assigned": document.status not in OPEN_STATUSES,
    }
    return render(request, "eoffice/incoming_assign.html", context, status=status)
