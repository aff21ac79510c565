import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chinhquyenso.core.models import AuditEvent, Notification
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import ApprovalDecision, OutgoingStatus, Urgency

from . import outgoing_support
from .outgoing_support import PDF, draft

world = outgoing_support.world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


S = OutgoingStatus


def _status(document):
    document.refresh_from_db()
    return document.status


def test_review_then_approval_with_notices_to_each_next_person(world):
    document = draft(world, proposed_urgency=Urgency.URGENT)
    services.submit_for_review(world.specialist, document)
    assert _status(document) == S.IN_REVIEW
    assert Notification.objects.filter(user=world.head, message__contains="review").exists()
    services.review(world.head, document, "approve", "Đồng ý")
    assert _status(document) == S.IN_APPROVAL
    assert Notification.objects.filter(user=world.leader, message__contains="approval").exists()
    services.approve(world.leader, document, "approve", urgency=Urgency.EXPRESS)
    document.refresh_from_db()
    assert document.status == S.APPROVED
    assert document.urgency == Urgency.EXPRESS  # the signer decides, not the drafter
    assert document.proposed_urgency == Urgency.URGENT
    assert [(a.stage, a.decision) for a in document.approvals.all()] == [
        ("review", ApprovalDecision.APPROVED),
        ("approval", ApprovalDecision.APPROVED),
    ]
    assert [t.action for t in document.trace.all()] == [
        "drafted",
        "submitted_for_review",
        "reviewed",
        "approved",
    ]
    assert AuditEvent.objects.filter(action__startswith="eoffice.outgoing.").count() >= 4


def test_without_a_signer_decision_the_proposed_urgency_stands(world):
    document = draft(world, proposed_urgency=Urgency.URGENT, reviewer=None)
    services.submit_for_approval(world.specialist, document)
    services.approve(world.leader, document, "approve")
    document.refresh_from_db()
    assert document.status == S.APPROVED and document.urgency == Urgency.URGENT


def test_a_draft_without_a_reviewer_goes_to_the_signer_directly(world):
    document = draft(world, reviewer=None)
    with pytest.raises(ValidationError) as exc:
        services.submit_for_review(world.specialist, document)
    assert "reviewer" in exc.value.message_dict
    services.submit_for_approval(world.specialist, document)
    assert _status(document) == S.IN_APPROVAL


def test_a_reviewer_picks_the_signer_when_the_drafter_did_not(world):
    document = draft(world, signer=None)
    services.submit_for_review(world.specialist, document)
    with pytest.raises(ValidationError):
        services.review(world.head, document, "approve")
    assert _status(document) == S.IN_REVIEW
    with pytest.raises(ValidationError):
        services.review(world.head, document, "approve", signer=world.clerk)
    services.review(world.head, document, "approve", signer=world.leader)
    document.refresh_from_db()
    assert document.status == S.IN_APPROVAL and document.signer == world.leader


def test_an_unreviewed_version_cannot_skip_the_reviewer(world):
    document = draft(world)
    with pytest.raises(ValidationError):
        services.submit_for_approval(world.specialist, document)
    assert _status(document) == S.DRAFT


def test_returns_need_a_note_and_go_back_to_the_drafter(world):
    document = draft(world)
    services.submit_for_review(world.specialist, document)
    with pytest.raises(ValidationError) as exc:
        services.review(world.head, document, "return")
    assert "note" in exc.value.message_dict
    services.review(world.head, document, "return", "Bổ sung số liệu")
    assert _status(document) == S.DRAFT
    assert Notification.objects.filter(user=world.specialist, message__contains="returned").exists()
    # A new version is reviewed again, then the signer returns it too.
    services.add_version(world.specialist, document, upload=PDF + b"%v2\n", file_name="v2.pdf")
    services.submit_for_review(world.specialist, document)
    services.review(world.head, document, "approve")
    services.approve(world.leader, document, "return", "Chưa đạt")
    assert _status(document) == S.DRAFT
    # The reviewed version may go back to the signer without another review.
    services.submit_for_approval(world.specialist, document)
    assert _status(document) == S.IN_APPROVAL


def test_only_the_chosen_people_act_and_only_in_the_right_state(world):
    document = draft(world)
    with pytest.raises(PermissionDenied):
        services.submit_for_review(world.head, document)
    with pytest.raises(ValidationError):
        services.review(world.head, document, "approve")  # not submitted yet
    services.submit_for_review(world.specialist, document)
    with pytest.raises(ValidationError):
        services.submit_for_review(world.specialist, document)  # twice
    with pytest.raises(PermissionDenied):
        services.review(world.leader, document, "approve")
    with pytest.raises(PermissionDenied):
        services.approve(world.head, document, "approve")
    with pytest.raises(ValidationError):
        services.approve(world.leader, document, "approve")  # still in review
    with pytest.raises(ValidationError):
        services.review(world.head, document, "maybe")
    assert _status(document) == S.IN_REVIEW
    assert document.approvals.count() == 0
