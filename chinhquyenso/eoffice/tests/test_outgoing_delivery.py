import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Notification
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import ArrivalChannel, ArrivalState, IncomingStatus
from chinhquyenso.eoffice.choices import OutgoingStatus as S
from chinhquyenso.eoffice.models import ElectronicArrival, IncomingDocument
from chinhquyenso.eoffice.selectors_outgoing import arrivals_for, recipient_statuses

from . import outgoing_support
from .outgoing_support import issued

world = outgoing_support.world
signing_stub = outgoing_support.signing_stub
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


def _statuses(document):
    return {(r.name, r.status) for r in recipient_statuses(document)}


def test_issued_at_the_office_registered_by_another_agency_seen_by_the_sender(world, signing_stub):
    document = issued(world, external_recipients=["Bộ Nội vụ"])
    arrival = arrivals_for(world.recipient_clerk, ArrivalState.ARRIVED).get()
    assert arrival.source == document
    assert _statuses(document) == {(world.recipient.name, "arrived"), ("Bộ Nội vụ", "queued")}
    incoming = services.register_arrival(world.recipient_clerk, arrival)
    assert incoming.agency == world.recipient and incoming.channel == ArrivalChannel.ELECTRONIC
    assert incoming.notation_raw == "01/KH-VP" and incoming.code_notation == "KH-VP"
    assert incoming.issuer_name == world.office.name and incoming.file == document.final_file
    assert incoming.arrival_number == 1
    arrival.refresh_from_db()
    assert arrival.state == ArrivalState.REGISTERED and arrival.incoming == incoming
    assert (world.recipient.name, "registered") in _statuses(document)
    assert Notification.objects.filter(
        user=world.specialist, message__contains="registered"
    ).exists()
    # What the recipient does next shows on the sender's side, derived, never copied.
    for status, shown in [
        (IncomingStatus.ASSIGNED, "assigned"),
        (IncomingStatus.IN_PROGRESS, "in_handling"),
        (IncomingStatus.COMPLETED, "done"),
    ]:
        IncomingDocument.objects.filter(pk=incoming.pk).update(status=status)
        assert (world.recipient.name, shown) in _statuses(document)
    with pytest.raises(ValidationError):
        services.register_arrival(world.recipient_clerk, arrival)
    assert IncomingDocument.objects.count() == 1


def test_only_the_recipients_clerk_registers_or_refuses(world, signing_stub):
    issued(world)
    arrival = ElectronicArrival.objects.get()
    with pytest.raises(PermissionDenied):
        services.register_arrival(world.clerk, arrival)
    with pytest.raises(PermissionDenied):
        services.refuse_arrival(world.clerk, arrival, "Sai địa chỉ")
    assert arrivals_for(world.clerk).count() == 0


def test_a_refused_arrival_tells_the_sender_why(world, signing_stub):
    document = issued(world)
    arrival = ElectronicArrival.objects.get()
    with pytest.raises(ValidationError):
        services.refuse_arrival(world.recipient_clerk, arrival, " ")
    services.refuse_arrival(world.recipient_clerk, arrival, "Gửi nhầm cơ quan")
    assert _statuses(document) == {(world.recipient.name, "refused")}
    assert Notification.objects.filter(
        user=world.specialist, message__contains="Gửi nhầm cơ quan"
    ).exists()
    with pytest.raises(ValidationError):
        services.register_arrival(world.recipient_clerk, arrival)


def test_recall_freezes_the_document_and_empties_the_queues(world, signing_stub):
    third = world.registry.user("vanthu_3", Role.CLERK, agency=world.registry.province_committee)
    document = issued(
        world, internal_recipients=[world.recipient, world.registry.province_committee]
    )
    registered = ElectronicArrival.objects.get(agency=world.recipient)
    services.register_arrival(world.recipient_clerk, registered)
    with pytest.raises(PermissionDenied):
        services.recall(world.specialist, document, "Sai sót")
    with pytest.raises(ValidationError):
        services.recall(world.leader, document, "")
    services.recall(world.leader, document, "Sai sót nội dung")
    document.refresh_from_db()
    assert document.status == S.RECALLED and document.recalled_at is not None
    assert document.recall_reason == "Sai sót nội dung"
    unregistered = ElectronicArrival.objects.get(agency=world.registry.province_committee)
    assert unregistered.state == ArrivalState.RECALLED
    assert arrivals_for(third, ArrivalState.ARRIVED).count() == 0
    assert Notification.objects.filter(user=third, message__contains="left your queue").exists()
    # The registered copy stays; its clerk is told to remove it, with the reason.
    assert Notification.objects.filter(
        user=world.recipient_clerk, message__contains="Sai sót nội dung"
    ).exists()
    with pytest.raises(ValidationError):
        services.register_arrival(third, unregistered)
    with pytest.raises(ValidationError):
        services.recall(world.clerk, document, "Lần nữa")
    with pytest.raises(ValidationError):
        services.issue(world.clerk, document, passphrase="1234")


def test_a_correction_letter_refers_to_the_original(world, signing_stub):
    original = issued(world, external_recipients=[("Bộ Nội vụ", "000.00.00.G09")])
    with pytest.raises(PermissionDenied):
        services.correct(world.recipient_clerk, original, "Đính chính")
    letter = services.correct(world.specialist, original, "Đính chính Kế hoạch số 01/KH-VP")
    assert letter.corrects == original and letter.status == S.DRAFT
    assert letter.doc_type.code == "cong_van" and letter.signer == world.leader
    assert list(letter.internal_recipients.all()) == [world.recipient]
    assert list(letter.external_recipients.values_list("electronic_id", flat=True)) == [
        "000.00.00.G09"
    ]
    assert [t.action for t in letter.trace.all()] == ["correction_drafted"]
    with pytest.raises(ValidationError):
        services.submit_for_approval(world.specialist, letter)  # no version yet
    with pytest.raises(ValidationError):
        services.correct(world.specialist, letter, "Đính chính bản nháp")
