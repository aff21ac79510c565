"""Exchange and the e-office: issuing to a recipient outside the platform sends signed edXML; the
receiving e-office's steps come back as 03, 04, 05, 06; a recall is answered 15 and removes it.

Both sides run on one database here: the partner is this instance, reached in-process."""

import pytest

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import RoleAssignment
from chinhquyenso.eoffice import services as eoffice
from chinhquyenso.eoffice.models import IncomingDocument
from chinhquyenso.eoffice.selectors_outgoing import recipient_statuses
from chinhquyenso.eoffice.tests.outgoing_support import issued, make_world, signing_stub  # noqa: F401
from chinhquyenso.exchange import edxml, services
from chinhquyenso.exchange.choices import DeliveryState, InboundState
from chinhquyenso.exchange.gateway import DEFAULT_USERNAME
from chinhquyenso.exchange.keys import instance_key
from chinhquyenso.exchange.models import Delivery, InboundDocument, OutgoingMessage

SNV = "000.02.00.H48"
pytestmark = pytest.mark.usefixtures("signing_stub")


@pytest.fixture
def both(registry):
    world = make_world(registry)
    admin = registry.user("quantri", Role.SYSTEM_ADMIN)
    gateway = registry.user(DEFAULT_USERNAME, None, agency=registry.province_committee)
    RoleAssignment.objects.create(
        user=gateway, role=Role.CLERK, agency=registry.province_committee, include_descendants=True
    )
    partner, _secret = services.create_partner(
        admin, name="Chính nó", system_id="self", connector="in_process",
        certificate_pem=instance_key().cert_pem.decode(), outbound_system_id="self",
        outbound_secret_value="bi-mat-vong-lap-1", secret="bi-mat-vong-lap-1",
    )  # fmt: skip
    services.add_organisation(admin, partner, SNV, "Sở Nội vụ")
    services.add_organisation(admin, partner, "000.01.00.H48", "Văn phòng UBND tỉnh")
    world.recipient_leader = registry.user("lanhdao_snv", Role.LEADER, agency=world.recipient)
    world.recipient_specialist = registry.user("cv_snv", Role.SPECIALIST, agency=world.recipient)
    return world


def _issue_external(world):
    return issued(
        world,
        internal_recipients=[],
        external_recipients=[("Sở Nội vụ tỉnh Quảng Ngãi", SNV)],
        recipients_text="- Sở Nội vụ;\n- Lưu: VT, VX.",
    )


def _delivery(document) -> Delivery:
    return Delivery.objects.get(message__outgoing_document=document, message__kind="document")


@pytest.mark.django_db
def test_issue_to_an_external_recipient_sends_signed_edxml_and_statuses_flow_back(
    both, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _issue_external(both)
    message = OutgoingMessage.objects.get(outgoing_document=document)
    decoded = edxml.decode(bytes(message.payload), [instance_key().cert_pem])
    assert decoded.message.code == document.number_text
    assert decoded.message.recipients[0].organ_id == SNV
    assert decoded.message.attachments[0].content.startswith(b"%PDF")
    delivery = _delivery(document)
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.remote_status == "03"

    inbound = InboundDocument.objects.get(agency=both.recipient)
    incoming = inbound.incoming_document
    assert incoming.notation_raw == document.number_text
    assert incoming.channel == "electronic"
    with django_capture_on_commit_callbacks(execute=True):
        eoffice.present(both.recipient_clerk, incoming, both.recipient_leader)
    assert _delivery(document).remote_status == "04"
    with django_capture_on_commit_callbacks(execute=True):
        assignments = eoffice.assign(
            both.recipient_leader, incoming, lead=eoffice.Target(user=both.recipient_specialist)
        )
    assert _delivery(document).remote_status == "05"
    with django_capture_on_commit_callbacks(execute=True):
        eoffice.complete(both.recipient_specialist, assignments[0], "Đã tham mưu triển khai")
    delivery = _delivery(document)
    assert [s.code for s in delivery.statuses.all()] == ["01", "03", "04", "05", "06"]
    assert services.verify_chain() is None


@pytest.mark.django_db
def test_recall_before_handling_removes_the_incoming_document(
    both, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _issue_external(both)
    assert IncomingDocument.objects.filter(agency=both.recipient).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        eoffice.recall(both.clerk, document, "Ban hành nhầm nơi nhận")
    assert IncomingDocument.objects.filter(agency=both.recipient).count() == 0
    assert InboundDocument.objects.get().state == InboundState.RECALLED
    delivery = _delivery(document)
    assert delivery.remote_status == "15"


@pytest.mark.django_db
def test_returning_a_received_document_tells_the_sender_02(
    both, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _issue_external(both)
    incoming = InboundDocument.objects.get().incoming_document
    with django_capture_on_commit_callbacks(execute=True):
        eoffice.return_to_sender(both.recipient_clerk, incoming, "Không đúng thẩm quyền")
    delivery = _delivery(document)
    assert delivery.remote_status == "02"
    assert delivery.state == DeliveryState.REFUSED
    assert "thẩm quyền" in delivery.statuses.last().description


@pytest.mark.django_db
def test_a_recipient_missing_from_the_directory_is_not_sent(both):
    document = issued(both, internal_recipients=[], external_recipients=[("Bộ X", "000.00.00.G99")])
    assert not OutgoingMessage.objects.filter(outgoing_document=document).exists()


def _shown(document) -> list[tuple[str, str]]:
    """What the sender's e-office shows of its recipients (outgoing page and API)."""
    return [(r.status, r.label) for r in recipient_statuses(document)]


@pytest.mark.django_db
def test_the_senders_page_follows_each_external_recipient(both, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = _issue_external(both)
    assert [s for s, _label in _shown(document)] == ["registered"]  # 03 came back
    incoming = InboundDocument.objects.get().incoming_document
    with django_capture_on_commit_callbacks(execute=True):
        eoffice.present(both.recipient_clerk, incoming, both.recipient_leader)
        assignments = eoffice.assign(
            both.recipient_leader, incoming, lead=eoffice.Target(user=both.recipient_specialist)
        )
    assert [s for s, _label in _shown(document)] == ["in_handling"]
    with django_capture_on_commit_callbacks(execute=True):
        eoffice.complete(both.recipient_specialist, assignments[0], "Xong")
    assert _shown(document) == [("done", "Hoàn thành")]


@pytest.mark.django_db
def test_an_unreachable_recipient_shows_queued_then_failed(both):
    """Delivery attempts are not run here (no on-commit callbacks): the outbox decides."""
    document = _issue_external(both)
    delivery = _delivery(document)
    assert _shown(document)[0][0] == "queued"
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.RETRYING, attempts=2, last_error="Connection refused"
    )
    (shown,) = recipient_statuses(document)
    assert shown.status == "queued" and "Connection refused" in shown.note
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED)
    assert _shown(document)[0] == ("failed", "Liên thông không thành công")


@pytest.mark.django_db
def test_a_recipient_refusing_shows_refused_with_the_reason(
    both, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _issue_external(both)
    incoming = InboundDocument.objects.get().incoming_document
    with django_capture_on_commit_callbacks(execute=True):
        eoffice.return_to_sender(both.recipient_clerk, incoming, "Không đúng thẩm quyền")
    (shown,) = recipient_statuses(document)
    assert shown.status == "refused" and "thẩm quyền" in shown.note
