"""The exchange demo loads through the services and changes nothing the second time."""

import pytest
from django.core.management import call_command

from chinhquyenso.core.choices import Role
from chinhquyenso.eoffice.models import IncomingDocument
from chinhquyenso.exchange.choices import InboundState
from chinhquyenso.exchange.models import InboundDocument, OutgoingMessage, Partner


@pytest.mark.django_db
def test_demo_is_idempotent(registry):
    registry.user("admin", Role.SYSTEM_ADMIN)
    call_command("load_demo_exchange")
    call_command("load_demo_exchange")
    assert Partner.objects.get().organisations.count() == 2
    states = sorted(InboundDocument.objects.values_list("state", flat=True))
    assert states == [InboundState.RECALLED, InboundState.REGISTERED, InboundState.REGISTERED]
    assert IncomingDocument.objects.count() == 2
    zipped = InboundDocument.objects.get(code="215/GM-UBND")
    assert {a.name for a in zipped.attachments.all()} == {"ChuongTrinh.pdf", "DanhSach.txt"}
    assert OutgoingMessage.objects.filter(kind="document").count() == 1
    call_command("verify_message_log")
