"""The outbox and the message log: in-process delivery with statuses flowing back, retries with
exponential backoff, the hash chain, its verification command and retention."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from chinhquyenso.core.choices import AgencyKind
from chinhquyenso.core.models import Agency
from chinhquyenso.exchange import edxml, services
from chinhquyenso.exchange.choices import DeliveryState, MessageKind
from chinhquyenso.exchange.keys import instance_key
from chinhquyenso.exchange.models import (
    Delivery,
    InboundDocument,
    MessageLogEntry,
    OutgoingMessage,
    Partner,
)
from chinhquyenso.exchange.services import outbox

from .conftest import PDF


@pytest.fixture
def loop(world):
    """A partner that is this very instance (in-process): Văn phòng UBND tỉnh sends to Sở Nội vụ
    as if it were outside the platform."""
    home = Agency.objects.create(
        name="Sở Nội vụ", electronic_id="000.02.00.H48", kind=AgencyKind.STATE,
        parent=world.province_committee,
    )  # fmt: skip
    partner, secret = services.create_partner(
        world.admin,
        name="Chính nó",
        system_id="self",
        connector="in_process",
        certificate_pem=instance_key().cert_pem.decode(),
        outbound_system_id="self",
        outbound_secret_value="bi-mat-vong-lap-1",
        secret="bi-mat-vong-lap-1",
    )
    services.add_organisation(world.admin, partner, "000.02.00.H48", "Sở Nội vụ")
    services.add_organisation(world.admin, partner, "000.01.00.H48", "Văn phòng UBND tỉnh")
    world.home = home
    world.loop_partner = partner
    return world


def _queue(world, partner, organ="000.02.00.H48") -> OutgoingMessage:
    message = edxml.Message(
        sender=edxml.Organization("000.01.00.H48", "Văn phòng UBND tỉnh"),
        recipients=[edxml.Organization(organ, "Sở Nội vụ")],
        code_number="07",
        code_notation="UBND-VX",
        promulgation_place="Quảng Ngãi",
        promulgation_date=datetime.date(2026, 11, 2),
        document_type=1,
        type_name="Công văn",
        subject="Về việc liên thông thử",
        attachments=[edxml.Attachment("1", "07-UBND-VX.pdf", PDF, "application/pdf")],
    )
    key = instance_key()
    return outbox.queue(
        kind=MessageKind.DOCUMENT,
        payload=edxml.encode_message(message, key.key_pem, key.cert_pem),
        recipients=[outbox.Recipient(partner, organ, "Sở Nội vụ")],
        document_id=message.document_id,
        agency=world.office,
        code="07/UBND-VX",
        from_organ_id="000.01.00.H48",
    )


@pytest.mark.django_db
def test_in_process_delivery_and_statuses_flow_back(loop):
    message = _queue(loop, loop.loop_partner)
    delivery = message.deliveries.get()
    assert services.attempt(delivery.pk) == DeliveryState.DELIVERED
    delivery.refresh_from_db()
    assert delivery.remote_status == "01"
    inbound = InboundDocument.objects.get(agency=loop.home)
    assert inbound.incoming_document.issuer_name == "Văn phòng UBND tỉnh"
    # The receiving side queued 03; delivering it updates our delivery.
    registered = Delivery.objects.get(message__status_code="03")
    assert services.attempt(registered.pk) == DeliveryState.DELIVERED
    delivery.refresh_from_db()
    assert delivery.remote_status == "03"
    assert [s.code for s in delivery.statuses.all()] == ["01", "03"]
    assert services.verify_chain() is None


@pytest.mark.django_db
def test_unreachable_partner_is_retried_with_exponential_backoff(world, settings):
    settings.EXCHANGE_MAX_ATTEMPTS = 3
    partner, _secret = services.create_partner(
        world.admin, name="LGSP tắt", system_id="down", connector="platform",
        endpoint_url="http://127.0.0.1:9/exchange/inbound/",
    )  # fmt: skip
    delivery = _queue(world, partner).deliveries.get()
    start = timezone.now()
    assert services.attempt(delivery.pk) == DeliveryState.RETRYING
    delivery.refresh_from_db()
    first_wait = (delivery.next_attempt_at - start).total_seconds()
    assert 55 <= first_wait <= 65
    assert services.deliver_due(now=start) == 0  # not yet due
    assert services.deliver_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert 115 <= (delivery.next_attempt_at - timezone.now()).total_seconds() <= 125
    services.deliver_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED and delivery.next_attempt_at is None
    assert "Connection refused" in delivery.last_error or delivery.last_error
    assert MessageLogEntry.objects.filter(outcome="failed").count() == 3


def test_backoff_doubles_and_is_capped(settings):
    settings.EXCHANGE_RETRY_BASE_SECONDS = 60
    settings.EXCHANGE_MAX_BACKOFF_SECONDS = 600
    waits = [services.backoff(n).total_seconds() for n in range(1, 7)]
    assert waits == [60, 120, 240, 480, 600, 600]


@pytest.mark.django_db
def test_refusal_by_the_partner_is_not_retried(loop):
    organ = "000.02.00.H48"
    Partner.objects.filter(pk=loop.loop_partner.pk).update(certificate_pem="")
    delivery = _queue(loop, Partner.objects.get(pk=loop.loop_partner.pk), organ).deliveries.get()
    assert services.attempt(delivery.pk) == DeliveryState.REFUSED
    delivery.refresh_from_db()
    assert delivery.remote_status == "02"
    assert "certificate" in delivery.last_error or "signature" in delivery.last_error


@pytest.mark.django_db
def test_verify_message_log_names_the_first_bad_entry(loop):
    message = _queue(loop, loop.loop_partner)
    services.attempt(message.deliveries.get().pk)
    call_command("verify_message_log")
    entries = list(MessageLogEntry.objects.order_by("id"))
    assert len(entries) >= 4
    victim = entries[1]
    MessageLogEntry.objects.filter(pk=victim.pk).update(reason="edited afterwards")
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("verify_message_log")
    MessageLogEntry.objects.filter(pk=victim.pk).update(reason=victim.reason)
    call_command("verify_message_log")
    MessageLogEntry.objects.filter(pk=entries[2].pk).delete()
    with pytest.raises(CommandError, match=f"#{entries[3].pk}"):
        call_command("verify_message_log")


@pytest.mark.django_db
def test_a_forged_signature_or_payload_is_caught(loop):
    _queue(loop, loop.loop_partner)
    entry = MessageLogEntry.objects.get()
    MessageLogEntry.objects.filter(pk=entry.pk).update(payload=b"<forged/>")
    problem = services.verify_chain()
    assert problem.entry_id == entry.pk and "SHA-256" in problem.reason
    MessageLogEntry.objects.filter(pk=entry.pk).update(payload=entry.payload, signature="AAAA")
    assert "signature" in services.verify_chain().reason


@pytest.mark.django_db
def test_retention_drops_old_bodies_and_keeps_the_chain(loop, settings):
    _queue(loop, loop.loop_partner)
    settings.EXCHANGE_LOG_RETENTION_DAYS = 30
    assert services.purge_payloads(now=timezone.now() + datetime.timedelta(days=31)) == 1
    entry = MessageLogEntry.objects.get()
    assert entry.payload is None and entry.payload_purged_at is not None
    assert services.verify_chain() is None
