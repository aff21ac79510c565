"""Handling one assignment: progress, completion, extension requests and decisions, re-assigning.

Each action is a small page with its form; the task list and the document page post to the same
URLs, so an error is shown next to the field on that page and nothing is stored.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core

from .. import services
from ..forms import (
    CompleteForm,
    DecisionForm,
    ExtensionForm,
    ProgressForm,
    ReassignForm,
    add_service_errors,
)
from ..models import ExtensionRequest
from .common import User, safe_next, visible_assignment, visible_document


def _run(request, assignment, form, action, success: str, title, **page):
    """Validate, call the service, and either redirect with a message or show the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(safe_next(request, assignment.document.get_absolute_url()))
    context = {
        "assignment": assignment,
        "document": assignment.document,
        "form": form,
        "title": title,
        "next": safe_next(request, ""),
        **page,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "eoffice/assignment_action.html", context, status=status)


def _upload(data) -> dict:
    upload = data.get("file")
    return {"upload": upload, "file_name": upload.name if upload else ""}


def _handler_only(request, pk):
    assignment = visible_assignment(request.user, pk)
    if not services.is_handler(request.user, assignment):
        raise PermissionDenied
    return assignment


@login_required
def assignment_progress(request, pk: int):
    assignment = _handler_only(request, pk)
    form = ProgressForm(request.POST or None, request.FILES or None)
    return _run(
        request,
        assignment,
        form,
        lambda d: services.record_progress(request.user, assignment, d["note"], **_upload(d)),
        _("Progress recorded."),
        gettext_lazy("Record progress"),
    )


@login_required
def assignment_complete(request, pk: int):
    assignment = _handler_only(request, pk)
    form = CompleteForm(request.POST or None, request.FILES or None)
    return _run(
        request,
        assignment,
        form,
        lambda d: services.complete(request.user, assignment, d["result"], **_upload(d)),
        _("Your part is completed."),
        gettext_lazy("Complete"),
    )


@login_required
def assignment_extension(request, pk: int):
    assignment = _handler_only(request, pk)
    form = ExtensionForm(request.POST or None)
    return _run(
        request,
        assignment,
        form,
        lambda d: services.request_extension(
            request.user, assignment, d["proposed_deadline"], d["reason"]
        ),
        _("Extension requested."),
        gettext_lazy("Ask for an extension"),
    )


@login_required
def assignment_reassign(request, pk: int):
    assignment = visible_assignment(request.user, pk)
    if assignment.department_id is None or not core.has_perm(
        request.user, "eoffice.reassign_incoming", assignment.department
    ):
        raise PermissionDenied
    specialists = User.objects.filter(department=assignment.department_id, is_active=True).order_by(
        "full_name", "username"
    )
    form = ReassignForm(request.POST or None, specialists=specialists)

    def action(data):
        # The form returns people in list order; the first one ticked leads, as the label says.
        chosen = [p for p in specialists if p in data["specialists"]]
        services.reassign(
            request.user,
            assignment,
            chosen,
            deadline=data["deadline"],
            direction=data["direction"],
        )

    return _run(
        request,
        assignment,
        form,
        action,
        _("Re-assigned to the specialists."),
        gettext_lazy("Re-assign to specialists"),
    )


@login_required
def extension_decide(request, pk: int):
    extension = get_object_or_404(
        ExtensionRequest.objects.select_related("assignment__document", "requested_by"), pk=pk
    )
    assignment = extension.assignment
    visible_document(request.user, assignment.document_id)
    if assignment.assigned_by_id != request.user.pk and not core.has_perm(
        request.user, "eoffice.assign_incoming", assignment.document.agency
    ):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    return _run(
        request,
        assignment,
        form,
        lambda d: services.decide_extension(request.user, extension, d["approve"], d["note"]),
        _("Decision recorded."),
        gettext_lazy("Decide on the extension"),
        extension=extension,
        back=reverse("eoffice:my_tasks"),
    )
