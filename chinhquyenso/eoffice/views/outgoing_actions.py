"""The actions posted from an outgoing document's page: versions, comments, review, approval,
signing, issue, recall and correction letters. Each one calls its service; on an error the page
comes back with the error next to the field and nothing saved.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms_outgoing import (
    ApproveForm,
    CommentForm,
    CorrectionForm,
    IssueForm,
    ReasonForm,
    ReviewForm,
    SignForm,
    SubmitForm,
    VersionForm,
)
from ..services import signing
from .outgoing import add_errors, detail_context, signers_of, visible_outgoing


def _act(request, pk: int, name: str, form, run: Callable, success: str):
    """Validate `form`, run the service with its cleaned data, then go back to the page."""
    document = visible_outgoing(request.user, pk)
    if form.is_valid():
        try:
            result = run(document, form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success)
            target = result if hasattr(result, "get_absolute_url") else document
            return redirect(target.get_absolute_url())
    context = detail_context(request, document, **{name: form})
    return render(request, "eoffice/outgoing_detail.html", context, status=422)


@require_POST
@login_required
def outgoing_version(request, pk: int):
    form = VersionForm(request.POST, request.FILES, auto_id="version_form_%s")

    def run(document, data):
        upload = data["file"]
        services.add_version(
            request.user, document, upload=upload, file_name=upload.name, note=data["note"]
        )

    return _act(request, pk, "version_form", form, run, _("The new version was added."))


@require_POST
@login_required
def outgoing_comment(request, pk: int):
    form = CommentForm(request.POST, auto_id="comment_form_%s")

    def run(document, data):
        services.comment(request.user, document, data["text"])

    return _act(request, pk, "comment_form", form, run, _("Your comment was added."))


@require_POST
@login_required
def outgoing_submit(request, pk: int):
    form = SubmitForm(request.POST, auto_id="submit_form_%s")
    to_review = request.POST.get("to") != "approval"

    def run(document, data):
        submit = services.submit_for_review if to_review else services.submit_for_approval
        submit(request.user, document, data["note"])

    success = _("Sent for review.") if to_review else _("Sent for approval.")
    return _act(request, pk, "submit_form", form, run, success)


@require_POST
@login_required
def outgoing_review(request, pk: int):
    document = visible_outgoing(request.user, pk)
    form = ReviewForm(request.POST, auto_id="review_%s", signers=signers_of(document.agency))

    def run(document, data):
        services.review(
            request.user, document, data["decision"], data["note"], signer=data["signer"]
        )

    success = (
        _("Reviewed: sent to the signer.")
        if request.POST.get("decision") == "approve"
        else _("Returned to the drafter.")
    )
    return _act(request, pk, "review_form", form, run, success)


@require_POST
@login_required
def outgoing_approve(request, pk: int):
    form = ApproveForm(request.POST, auto_id="approve_%s")

    def run(document, data):
        services.approve(
            request.user, document, data["decision"], data["note"], urgency=data["urgency"]
        )

    success = (
        _("Approved: the document can now be signed.")
        if request.POST.get("decision") == "approve"
        else _("Returned to the drafter.")
    )
    return _act(request, pk, "approve_form", form, run, success)


@require_POST
@login_required
def outgoing_sign(request, pk: int):
    form = SignForm(request.POST, auto_id="sign_form_%s")

    def run(document, data):
        signing.sign_as_person(request.user, document, data["passphrase"])

    return _act(request, pk, "sign_form", form, run, _("Signed. The clerk can now issue it."))


@require_POST
@login_required
def outgoing_issue(request, pk: int):
    form = IssueForm(request.POST, auto_id="issue_form_%s")

    def run(document, data):
        issued = services.issue(
            request.user,
            document,
            passphrase=data["passphrase"],
            issued_date=data["issued_date"],
        )
        messages.info(request, _("Number given: %(number)s.") % {"number": issued.number_text})

    return _act(request, pk, "issue_form", form, run, _("The document was issued and delivered."))


@require_POST
@login_required
def outgoing_recall(request, pk: int):
    form = ReasonForm(request.POST, auto_id="recall_form_%s")

    def run(document, data):
        services.recall(request.user, document, data["reason"])

    return _act(request, pk, "recall_form", form, run, _("The document was recalled."))


@require_POST
@login_required
def outgoing_correct(request, pk: int):
    form = CorrectionForm(request.POST, request.FILES, auto_id="correct_form_%s")

    def run(document, data):
        upload = data["file"]
        return services.correct(
            request.user,
            document,
            data["subject"],
            upload=upload,
            file_name=upload.name if upload else "",
        )

    return _act(
        request, pk, "correct_form", form, run, _("A correction letter was started as a draft.")
    )
