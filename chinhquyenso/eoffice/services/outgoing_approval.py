"""Comments, review by the head of department and approval by the leader who will sign.

draft → submit_for_review → in_review → review(approve) → in_approval → approve → approved;
a draft without a reviewer goes to approval directly (submit_for_approval); "return" at either
stage sends it back to the drafter as a draft.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .. import selectors_outgoing as selectors
from ..choices import ApprovalDecision, ApprovalStage, OutgoingStatus, Urgency
from ..models import ApprovalStep, DraftComment, DraftVersion, OutgoingDocument
from .outgoing import audit, label, locked, require_status, set_status, tell, trace

S = OutgoingStatus
DECISIONS = {"approve": ApprovalDecision.APPROVED, "return": ApprovalDecision.RETURNED}


def current_version(document: OutgoingDocument) -> DraftVersion:
    version = document.versions.order_by("-version").first()
    if version is None:
        raise ValidationError({"file": _("Add a version of the draft first.")})
    return version


def approved_version(document: OutgoingDocument) -> DraftVersion | None:
    """The version the signer approved (the one that is signed), if any."""
    step = (
        document.approvals.filter(stage=ApprovalStage.APPROVAL, decision=ApprovalDecision.APPROVED)
        .select_related("version__pdf_file")
        .order_by("-decided_at", "-id")
        .first()
    )
    return step.version if step else None


def _decision(value: str) -> str:
    if value not in DECISIONS:
        raise ValidationError({"decision": _("Choose “approve” or “return”.")})
    return DECISIONS[value]


def comment(user, document: OutgoingDocument, text: str, version=None) -> DraftComment:
    """A remark on the draft by anyone who can see it, before it is issued."""
    if not selectors.can_view(user, document):
        raise PermissionDenied(_("You do not have permission to do this."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the comment.")})
    if version is not None and version.document_id != document.pk:
        raise ValidationError({"version": _("This version belongs to another draft.")})
    require_status(document, S.DRAFT, S.IN_REVIEW, S.IN_APPROVAL, S.APPROVED, S.SIGNED)
    with transaction.atomic():
        note = DraftComment.objects.create(
            document=document, version=version, author=user, text=text.strip()
        )
        core.audit_record(
            "eoffice.outgoing.comment", document, after={"comment": note.pk, "text": note.text}
        )
        tell(
            [document.drafter, document.reviewer, document.signer],
            _("%(user)s commented on the draft “%(subject)s”")
            % {"user": user, "subject": label(document)},
            document,
            skip=user,
        )
    return note


def _require_drafter(user, document: OutgoingDocument) -> None:
    if user.pk != document.drafter_id:
        raise PermissionDenied(_("Only the drafter can submit the draft."))
    core.require(user, "eoffice.draft_outgoing", document.department or document.agency)


def submit_for_review(user, document: OutgoingDocument, note: str = "") -> OutgoingDocument:
    """The drafter sends the draft to the head of department chosen as reviewer."""
    _require_drafter(user, document)
    with transaction.atomic():
        document = locked(document)
        require_status(document, S.DRAFT)
        if document.reviewer is None:
            raise ValidationError(
                {"reviewer": _("Choose a reviewer, or submit the draft for approval directly.")}
            )
        version = current_version(document)
        before = set_status(document, S.IN_REVIEW)
        trace(document, user, "submitted_for_review", note or f"v{version.version}")
        audit("submit_review", document, before)
        tell(
            [document.reviewer],
            _("Draft to review: %(subject)s") % {"subject": label(document)},
            document,
        )
    return document


def submit_for_approval(user, document: OutgoingDocument, note: str = "") -> OutgoingDocument:
    """The drafter sends the draft to the signer; with a reviewer, only a reviewed version."""
    _require_drafter(user, document)
    with transaction.atomic():
        document = locked(document)
        require_status(document, S.DRAFT)
        if document.signer is None:
            raise ValidationError({"signer": _("Choose the leader who approves and signs.")})
        version = current_version(document)
        reviewed = document.approvals.filter(
            stage=ApprovalStage.REVIEW, decision=ApprovalDecision.APPROVED, version=version
        ).exists()
        if document.reviewer is not None and not reviewed:
            raise ValidationError(
                _("The head of department has not reviewed this version: submit it for review.")
            )
        before = set_status(document, S.IN_APPROVAL)
        trace(document, user, "submitted_for_approval", note or f"v{version.version}")
        audit("submit_approval", document, before)
        tell(
            [document.signer],
            _("Draft awaiting your approval: %(subject)s") % {"subject": label(document)},
            document,
        )
    return document


def review(
    user, document: OutgoingDocument, decision: str, note: str = "", *, signer=None
) -> ApprovalStep:
    """The reviewer approves (forwarded to the signer, whom the reviewer may choose) or returns."""
    decided = _decision(decision)
    if user.pk != document.reviewer_id:
        raise PermissionDenied(_("Only the chosen reviewer can review this draft."))
    core.require(user, "eoffice.review_outgoing", document.department or document.agency)
    with transaction.atomic():
        document = locked(document)
        require_status(document, S.IN_REVIEW)
        if decided == ApprovalDecision.RETURNED and not note.strip():
            raise ValidationError({"note": _("Say what to revise.")})
        if signer is not None:
            if not core.has_perm(signer, "eoffice.approve_outgoing", document.agency):
                raise ValidationError(
                    {"signer": _("%(name)s is not a leader of this agency.") % {"name": signer}}
                )
            document.signer = signer
        if decided == ApprovalDecision.APPROVED and document.signer is None:
            raise ValidationError({"signer": _("Choose the leader who approves and signs.")})
        step = ApprovalStep.objects.create(
            document=document,
            stage=ApprovalStage.REVIEW,
            actor=user,
            decision=decided,
            note=note.strip(),
            version=current_version(document),
        )
        if decided == ApprovalDecision.APPROVED:
            before = set_status(document, S.IN_APPROVAL, "signer")
            trace(document, user, "reviewed", note.strip())
            tell(
                [document.signer],
                _("Draft awaiting your approval: %(subject)s") % {"subject": label(document)},
                document,
            )
        else:
            before = set_status(document, S.DRAFT)
            trace(document, user, "returned_by_reviewer", note.strip())
            tell(
                [document.drafter],
                _("Draft returned for revision: %(subject)s") % {"subject": label(document)},
                document,
            )
        audit("review", document, before, "signer")
    return step


def approve(
    user, document: OutgoingDocument, decision: str, note: str = "", *, urgency: int | None = None
) -> ApprovalStep:
    """The signer approves the current version (and decides the urgency) or returns the draft."""
    decided = _decision(decision)
    if user.pk != document.signer_id:
        raise PermissionDenied(_("Only the chosen signer can approve this draft."))
    core.require(user, "eoffice.approve_outgoing", document.agency)
    if urgency is not None and urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Unknown urgency.")})
    with transaction.atomic():
        document = locked(document)
        require_status(document, S.IN_APPROVAL)
        if decided == ApprovalDecision.RETURNED and not note.strip():
            raise ValidationError({"note": _("Say what to revise.")})
        step = ApprovalStep.objects.create(
            document=document,
            stage=ApprovalStage.APPROVAL,
            actor=user,
            decision=decided,
            note=note.strip(),
            version=current_version(document),
        )
        if decided == ApprovalDecision.APPROVED:
            # The drafter only proposes the urgency; the signer decides it (Điều 11).
            document.urgency = document.proposed_urgency if urgency is None else urgency
            before = set_status(document, S.APPROVED, "urgency")
            trace(document, user, "approved", note.strip())
            message = _("Draft approved, to be signed: %(subject)s")
        else:
            before = set_status(document, S.DRAFT)
            trace(document, user, "returned_by_signer", note.strip())
            message = _("Draft returned for revision: %(subject)s")
        audit("approve", document, before, "urgency")
        tell([document.drafter], message % {"subject": label(document)}, document, skip=user)
    return step
