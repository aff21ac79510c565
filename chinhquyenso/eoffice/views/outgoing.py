"""Pages of outgoing documents: the list, the draft form, the document page and its files.

The actions posted from the document page are in outgoing_actions.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list
from chinhquyenso.core.models import RoleAssignment
from chinhquyenso.core.permissions import PERMISSIONS

from .. import selectors_outgoing as selectors
from .. import services
from ..choices import OutgoingStatus
from ..forms import add_service_errors
from ..forms_outgoing import (
    ApproveForm,
    CommentForm,
    CorrectionForm,
    DraftForm,
    IssueForm,
    ReasonForm,
    ReviewForm,
    SignForm,
    SubmitForm,
    VersionForm,
)
from ..models import DocumentType, OutgoingDocument
from ..services.outgoing_approval import approved_version
from .common import User, departments_of

S = OutgoingStatus
EDITABLE = (S.DRAFT, S.IN_REVIEW, S.IN_APPROVAL)
COMMENTABLE = (*EDITABLE, S.APPROVED, S.SIGNED)
KEY_ERRORS = {"wrong_passphrase", "expired", "not_yet_valid", "not_pkcs12", "no_key"}

# Trace action codes (written by the outgoing services) as the timeline shows them.
ACTION_LABELS = {
    "drafted": gettext_lazy("Draft created"),
    "correction_drafted": gettext_lazy("Correction letter drafted"),
    "updated": gettext_lazy("Particulars changed"),
    "version_added": gettext_lazy("New version"),
    "submitted_for_review": gettext_lazy("Submitted for review"),
    "submitted_for_approval": gettext_lazy("Submitted for approval"),
    "reviewed": gettext_lazy("Reviewed and forwarded to the signer"),
    "returned_by_reviewer": gettext_lazy("Returned by the reviewer"),
    "approved": gettext_lazy("Approved"),
    "returned_by_signer": gettext_lazy("Returned by the signer"),
    "signed": gettext_lazy("Signed by the competent person"),
    "agency_signed": gettext_lazy("Signed by the agency"),
    "attachment_signed": gettext_lazy("Attachment signed"),
    "issued": gettext_lazy("Issued"),
    "delivered": gettext_lazy("Delivered on the platform"),
    "queued_for_exchange": gettext_lazy("Queued for the document exchange"),
    "recalled": gettext_lazy("Recalled"),
}


def add_errors(form, exc: ValidationError) -> None:
    """As add_service_errors, but a wrong key password is shown at the password field."""
    codes = {e.code for e in getattr(exc, "error_list", [])}
    if "passphrase" in form.fields and not hasattr(exc, "error_dict") and codes & KEY_ERRORS:
        form.add_error("passphrase", exc)
        return
    add_service_errors(form, exc)


def visible_outgoing(user, pk: int) -> OutgoingDocument:
    """The document, or 404 when it does not exist or the user may not see it."""
    document = selectors.visible_outgoing(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def reviewers_of(agency):
    """Active heads of the agency's departments (review is granted per department)."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__in=RoleAssignment.objects.active(timezone.localdate()).filter(
                role__in=PERMISSIONS["eoffice.review_outgoing"], department__agency=agency
            ),
        )
        .distinct()
        .order_by("full_name", "username")
    )


def signers_of(agency):
    ids = [u.pk for u in selectors.holders("eoffice.approve_outgoing", agency)]
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")


def drafting_agency(user):
    """Drafts are written for the agency the user works in."""
    if user.agency_id is None:
        raise PermissionDenied
    scope = user.department if user.department_id else user.agency
    if not core.has_perm(user, "eoffice.draft_outgoing", scope):
        raise PermissionDenied
    return user.agency


def _in_date_range(lookup: str):
    def apply(qs, value):
        day = parse_date(value) if len(value) == 10 else None
        if day is None:
            return qs.none()
        return qs.filter(
            Q(**{f"issued_date__{lookup}": day})
            | Q(issued_date__isnull=True, **{f"created_at__date__{lookup}": day})
        )

    return apply


def _text(qs, value):
    return qs.filter(Q(subject__icontains=value) | Q(number_text__icontains=value))


@login_required
def outgoing_list(request):
    user = request.user
    spec = ListSpec(
        title=gettext_lazy("Outgoing documents"),
        queryset=selectors.visible_outgoing(user).order_by("-created_at", "-id"),
        columns=[
            Column(gettext_lazy("Number and notation"), lambda d: d.number_text or _("Draft")),
            Column(gettext_lazy("Issued date"), lambda d: d.issued_date),
            Column(gettext_lazy("Document type"), lambda d: d.doc_type.name),
            Column(gettext_lazy("Subject"), lambda d: d.subject),
            Column(gettext_lazy("Drafter"), lambda d: d.drafter),
            Column(gettext_lazy("Signer"), lambda d: d.signer or ""),
            Column(gettext_lazy("Urgency"), lambda d: d.get_urgency_display()),
            Column(gettext_lazy("Status"), lambda d: d.get_status_display()),
        ],
        filters=[
            Filter("q", gettext_lazy("Search"), _text, input_type="search"),
            Filter(
                "status",
                gettext_lazy("Status"),
                lambda qs, v: qs.filter(status=v),
                choices=list(OutgoingStatus.choices),
            ),
            Filter(
                "doc_type",
                gettext_lazy("Document type"),
                lambda qs, v: qs.filter(doc_type_id=v) if v.isdigit() else qs.none(),
                choices=[(str(t.pk), t.name) for t in DocumentType.objects.order_by("name")],
            ),
            Filter("date_from", gettext_lazy("From"), _in_date_range("gte"), None, "date"),
            Filter("date_to", gettext_lazy("Until"), _in_date_range("lte"), None, "date"),
        ],
        export_name="outgoing-documents",
        count_free=True,
    )
    return render_list(request, spec, "eoffice/outgoing_list.html", nav_flags(user))


def nav_flags(user) -> dict:
    """Which pages of the outgoing side the sub-navigation offers this user."""
    return {
        "can_draft": user.agency_id is not None
        and core.has_perm(user, "eoffice.draft_outgoing", user.department or user.agency),
        "can_receive": core.has_perm(user, "eoffice.register_incoming"),
        "can_copy": core.has_perm(user, "eoffice.make_copy")
        or core.has_perm(user, "eoffice.view_all_outgoing"),
        "can_keys": core.has_perm(user, "core.manage_users")
        or core.has_perm(user, "core.manage_agencies"),
    }


FORM_GROUPS = (
    (gettext_lazy("The document"), ("doc_type", "subject", "department", "proposed_urgency",
                                    "secrecy", "is_legal_normative")),
    (gettext_lazy("Review and signature"), ("reviewer", "signer", "signing_authority",
                                            "signer_position")),
    (gettext_lazy("Recipients"), ("internal_recipients", "external_recipients",
                                  "recipients_text", "copies_count")),
    (gettext_lazy("File"), ("file", "note")),
)  # fmt: skip


def _form_page(request, form, agency, status=200):
    groups = [(legend, [form[name] for name in names]) for legend, names in FORM_GROUPS]
    context = {"form": form, "agency": agency, "groups": groups}
    return render(request, "eoffice/outgoing_form.html", context, status=status)


def _draft_form(agency, *args, **kwargs) -> DraftForm:
    return DraftForm(
        *args,
        agency=agency,
        departments=departments_of(agency),
        reviewers=reviewers_of(agency),
        signers=signers_of(agency),
        **kwargs,
    )


@login_required
def outgoing_create(request):
    agency = drafting_agency(request.user)
    if request.method != "POST":
        initial = {"department": request.user.department_id}
        return _form_page(request, _draft_form(agency, initial=initial), agency)
    form = _draft_form(agency, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.create_draft(
                request.user,
                agency,
                doc_type=data["doc_type"],
                subject=data["subject"],
                department=data["department"],
                is_legal_normative=data["is_legal_normative"],
                proposed_urgency=data["proposed_urgency"],
                secrecy=data["secrecy"],
                reviewer=data["reviewer"],
                signer=data["signer"],
                signing_authority=data["signing_authority"],
                signer_position=data["signer_position"],
                recipients_text=data["recipients_text"],
                internal_recipients=list(data["internal_recipients"]),
                external_recipients=form.external_names(),
                copies_count=data["copies_count"],
                upload=data["file"],
                file_name=data["file"].name,
                note=data["note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The draft was saved as version 1."))
            return redirect(document.get_absolute_url())
    return _form_page(request, form, agency, status=422)


def actions_for(user, document: OutgoingDocument) -> dict:
    """What this user may do with the document now (the services check again on submit)."""
    status = document.status
    drafter = user.pk == document.drafter_id
    scope = document.department or document.agency
    drafts = core.has_perm(user, "eoffice.draft_outgoing", scope)
    reviewed = False
    if drafter and status == S.DRAFT and document.signer_id:
        latest = document.versions.order_by("-version").first()
        reviewed = document.reviewer_id is None or (
            latest is not None
            and document.approvals.filter(
                stage="review", decision="approved", version=latest
            ).exists()
        )
    return {
        "can_version": selectors.is_participant(user, document) and drafts and status in EDITABLE,
        "can_comment": status in COMMENTABLE,
        "can_submit_review": drafter
        and drafts
        and status == S.DRAFT
        and document.reviewer_id is not None,
        "can_submit_approval": drafter and drafts and reviewed,
        "can_review": user.pk == document.reviewer_id and status == S.IN_REVIEW,
        "can_approve": user.pk == document.signer_id and status == S.IN_APPROVAL,
        "can_sign": user.pk == document.signer_id and status == S.APPROVED,
        "can_issue": status == S.SIGNED
        and core.has_perm(user, "eoffice.issue_outgoing", document.agency),
        "can_recall": status == S.ISSUED
        and core.has_perm(user, "eoffice.recall_outgoing", document.agency),
        "can_correct": status == S.ISSUED
        and user.agency_id == document.agency_id
        and core.has_perm(user, "eoffice.draft_outgoing", user.department or user.agency),
        "can_copy": status == S.ISSUED
        and core.has_perm(user, "eoffice.make_copy", document.agency),
    }


FORMS = {
    "version_form": (VersionForm, "can_version"),
    "comment_form": (CommentForm, "can_comment"),
    "submit_form": (SubmitForm, "can_submit_any"),
    "sign_form": (SignForm, "can_sign"),
    "issue_form": (IssueForm, "can_issue"),
    "recall_form": (ReasonForm, "can_recall"),
    "correct_form": (CorrectionForm, "can_correct"),
}


def detail_context(request, document: OutgoingDocument, **bound) -> dict:
    user = request.user
    actions = actions_for(user, document)
    actions["can_submit_any"] = actions["can_submit_review"] or actions["can_submit_approval"]
    context = {
        "document": document,
        "versions": document.versions.select_related("source_file", "pdf_file", "created_by"),
        "comments": document.comments.select_related("author", "version"),
        "approvals": document.approvals.select_related("actor", "version"),
        "trace": [
            {"entry": t, "label": ACTION_LABELS.get(t.action, t.action)}
            for t in document.trace.select_related("actor")
        ],
        "recipients": selectors.recipient_statuses(document),
        "external_recipients": document.external_recipients.all(),
        "internal_recipients": document.internal_recipients.order_by("name"),
        "approved_version": approved_version(document),
        "corrections": document.corrections.all(),
        "is_open": document.status in EDITABLE,
        **actions,
    }
    for name, (form_class, flag) in FORMS.items():
        if actions[flag] or name in bound:
            context[name] = bound.get(name) or form_class(auto_id=f"{name}_%s")
    if actions["can_review"] or "review_form" in bound:
        context["review_form"] = bound.get("review_form") or ReviewForm(
            auto_id="review_%s",
            signers=signers_of(document.agency),
            initial={"signer": document.signer_id},
        )
    if actions["can_approve"] or "approve_form" in bound:
        context["approve_form"] = bound.get("approve_form") or ApproveForm(
            auto_id="approve_%s", initial={"urgency": document.proposed_urgency}
        )
    context["show_actions"] = any(v for k, v in actions.items() if k != "can_comment")
    return context


@login_required
def outgoing_detail(request, pk: int):
    document = visible_outgoing(request.user, pk)
    return render(request, "eoffice/outgoing_detail.html", detail_context(request, document))


def file_response(request, stored) -> HttpResponse:
    with core.open_file(stored) as handle:
        response = HttpResponse(handle.read(), content_type=stored.mime_type)
    disposition = "inline" if request.GET.get("preview") else "attachment"
    name = stored.original_name.replace('"', "")
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@login_required
def outgoing_file(request, pk: int):
    """The signed (final) file."""
    document = visible_outgoing(request.user, pk)
    if document.final_file_id is None:
        raise Http404
    return file_response(request, document.final_file)


@login_required
def outgoing_version_file(request, pk: int, version: int, kind: str):
    document = visible_outgoing(request.user, pk)
    found = document.versions.select_related("source_file", "pdf_file").filter(version=version)
    draft = found.first()
    stored = None
    if draft is not None:
        stored = draft.pdf_file if kind == "pdf" else draft.source_file
    if stored is None:
        raise Http404
    return file_response(request, stored)
