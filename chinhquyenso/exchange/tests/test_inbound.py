"""Receiving edXML: registered once through the e-office door, answered 01, 03 queued; bad input
refused with a logged reason and nothing half-stored."""

import datetime
import hashlib

import pytest
from django.utils import timezone
from django.utils.translation import override

from chinhquyenso.core.models import StoredFile
from chinhquyenso.eoffice.models import IncomingDocument
from chinhquyenso.exchange import edxml, services
from chinhquyenso.exchange.choices import InboundState, Outcome
from chinhquyenso.exchange.models import InboundDocument, MessageLogEntry, OutgoingMessage

from .conftest import PDF


def signed(message, key) -> bytes:
    return edxml.encode_message(message, key.key_pem, key.cert_pem)


def counts() -> tuple[int, int, int, int]:
    return (
        IncomingDocument.objects.count(),
        InboundDocument.objects.count(),
        OutgoingMessage.objects.count(),
        StoredFile.objects.count(),
    )


@pytest.mark.django_db
def test_a_signed_document_becomes_one_incoming_document(bnv, partner_key, sample_message):
    payload = signed(sample_message, partner_key)
    reply = services.receive(payload, bnv)
    assert reply.http_status == 200
    status = edxml.decode(reply.body, [services.log.instance_key().cert_pem]).message
    assert status.status_code == "01"
    assert status.response_for.document_id == "000.00.00.G22,2026/11/01,45/BNV-VP"
    inbound = InboundDocument.objects.get()
    incoming = inbound.incoming_document
    assert incoming.channel == "electronic"
    assert incoming.notation_raw == "45/BNV-VP"
    assert incoming.issuer_name == "Bộ Nội vụ"
    assert incoming.urgency == 1
    assert incoming.file.sha256 == hashlib.sha256(PDF).hexdigest()
    assert inbound.signature_verified
    # 03 (registered) goes back to the sender through the outbox.
    assert OutgoingMessage.objects.get().status_code == "03"
    entry = MessageLogEntry.objects.filter(direction="in").get()
    assert entry.outcome == Outcome.ACCEPTED
    assert entry.sha256 == hashlib.sha256(payload).hexdigest()
    assert bytes(entry.payload) == payload


@pytest.mark.django_db
def test_the_same_document_twice_gives_one_incoming_document(bnv, partner_key, sample_message):
    payload = signed(sample_message, partner_key)
    assert services.receive(payload, bnv).http_status == 200
    assert services.receive(payload, bnv).http_status == 200
    assert IncomingDocument.objects.count() == 1
    assert InboundDocument.objects.count() == 1
    outcomes = list(
        MessageLogEntry.objects.filter(direction="in").values_list("outcome", flat=True)
    )
    assert sorted(outcomes) == ["accepted", "duplicate"]


@pytest.mark.django_db
def test_zip_attachment_gives_the_pdf_inside_as_the_document(bnv, partner_key):
    from pathlib import Path

    data = Path(__file__).parent / "data" / "sample_bnv_zip.edxml"
    message = edxml.decode(data.read_bytes()).message
    message.recipients = [edxml.Organization("000.01.00.H48", "Văn phòng UBND tỉnh")]
    message.document_id = ""
    message.trace = []
    reply = services.receive(signed(message, partner_key), bnv)
    assert reply.http_status == 200, reply.body
    inbound = InboundDocument.objects.get()
    assert inbound.incoming_document.file.original_name == "45-BNV-VP.pdf"
    assert {a.name for a in inbound.attachments.all()} == {"PhuLuc.txt", "45-BNV-VP.pdf"}


def _refused(reply, before, http_status, reason_part):
    assert reply.http_status == http_status
    assert counts() == before
    entry = MessageLogEntry.objects.order_by("-id").first()
    assert entry.outcome == Outcome.REFUSED
    assert reason_part in entry.reason
    return entry


@pytest.mark.django_db
def test_wrong_signature_is_refused_and_logged(bnv, sample_message):
    from chinhquyenso.exchange import keys

    before = counts()
    reply = services.receive(signed(sample_message, keys.generate("impostor")), bnv)
    _refused(reply, before, 400, "signature")
    assert reply.body and b'"02"' in reply.body


@pytest.mark.django_db
def test_unknown_sender_is_refused(bnv, partner_key, sample_message):
    sample_message.sender = edxml.Organization("000.00.00.G99", "Cơ quan lạ")
    before = counts()
    with override("en"):
        reply = services.receive(signed(sample_message, partner_key), bnv)
    _refused(reply, before, 403, "Unknown sender")


@pytest.mark.django_db
def test_unknown_partner_is_refused_without_keeping_the_body(bnv, partner_key, sample_message):
    before = counts()
    reply = services.receive(signed(sample_message, partner_key), None)
    entry = _refused(reply, before, 401, "")
    assert entry.payload is None and entry.sha256


@pytest.mark.django_db
def test_xml_bomb_and_malformed_xml_are_refused(bnv):
    before = counts()
    bomb = (
        b'<!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<edXMLEnvelope>&b;</edXMLEnvelope>"
    )
    _refused(services.receive(bomb, bnv), before, 400, "dtd")
    _refused(services.receive(b"<edXMLEnvelope><x>", bnv), before, 400, "malformed")


@pytest.mark.django_db
def test_oversized_attachment_is_refused(bnv, partner_key, sample_message, settings):
    payload = signed(sample_message, partner_key)
    settings.EXCHANGE_MAX_ATTACHMENT_BYTES = 10
    before = counts()
    _refused(services.receive(payload, bnv), before, 413, "attachment_too_large")


@pytest.mark.django_db
def test_misaddressed_document_is_refused(bnv, partner_key, sample_message):
    sample_message.recipients = [edxml.Organization("000.00.00.H31", "UBND tỉnh Quảng Nam")]
    before = counts()
    with override("en"):
        _refused(
            services.receive(signed(sample_message, partner_key), bnv), before, 422, "No recipient"
        )


@pytest.mark.django_db
def test_a_document_e_office_cannot_register_leaves_nothing_behind(
    bnv, partner_key, sample_message
):
    sample_message.promulgation_date = timezone.localdate() + datetime.timedelta(days=3)
    before = counts()
    with override("en"):
        reply = services.receive(signed(sample_message, partner_key), bnv)
    _refused(reply, before, 422, "issued date cannot be in the future")


def _status(code: str, description: str = "") -> edxml.StatusMessage:
    return edxml.StatusMessage(
        sender=edxml.Organization("000.00.00.G22", "Bộ Nội vụ"),
        response_for=edxml.ResponseFor(
            "000.00.00.G22", "45/BNV-VP", datetime.date(2026, 11, 1),
            "000.00.00.G22,2026/11/01,45/BNV-VP",
        ),
        status_code=code,
        description=description,
        timestamp=datetime.datetime(2026, 11, 5, 9, 0, 0),
    )  # fmt: skip


@pytest.mark.django_db
def test_recall_of_a_document_not_yet_handled_removes_it(bnv, partner_key, sample_message):
    services.receive(signed(sample_message, partner_key), bnv)
    recall = edxml.encode_status(_status("13", "Ban hành nhầm"), partner_key.key_pem,
                                 partner_key.cert_pem)  # fmt: skip
    assert services.receive(recall, bnv).http_status == 200
    inbound = InboundDocument.objects.get()
    assert inbound.state == InboundState.RECALLED
    assert IncomingDocument.objects.count() == 0
    assert list(OutgoingMessage.objects.order_by("id").values_list("status_code", flat=True)) == [
        "03",
        "15",
    ]


@pytest.mark.django_db
def test_recall_of_a_document_in_progress_waits_for_a_clerk(
    world, bnv, partner_key, sample_message
):
    from chinhquyenso.eoffice import services as eoffice

    services.receive(signed(sample_message, partner_key), bnv)
    incoming = IncomingDocument.objects.get()
    leader = world.user("lanhdao", "leader")
    eoffice.assign(leader, incoming, lead=eoffice.Target(user=world.clerk))
    recall = edxml.encode_status(
        _status("13", "Sai sót"), partner_key.key_pem, partner_key.cert_pem
    )
    assert services.receive(recall, bnv).http_status == 200
    inbound = InboundDocument.objects.get()
    assert inbound.state == InboundState.RECALL_REQUESTED
    assert IncomingDocument.objects.count() == 1
    with override("en"), pytest.raises(services.statuses.ValidationError, match="reason"):
        services.refuse_recall(world.clerk, inbound, "")
    services.refuse_recall(world.clerk, inbound, "Văn bản đã được xử lý")
    inbound.refresh_from_db()
    assert inbound.state == InboundState.REGISTERED
    assert OutgoingMessage.objects.order_by("-id").first().status_code == "16"
