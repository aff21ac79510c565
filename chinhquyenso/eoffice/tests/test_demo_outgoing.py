"""The outgoing demo: documents at several stages, one issued and registered at Sở Nội vụ."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from chinhquyenso.core.models import User
from chinhquyenso.eoffice import selectors_outgoing
from chinhquyenso.eoffice.models import ElectronicArrival, OutgoingDocument

pytestmark = pytest.mark.django_db


def test_demo_outgoing_needs_the_keys_first():
    call_command("load_demo_data", stdout=io.StringIO())
    with pytest.raises(CommandError, match="create_demo_signing_keys"):
        call_command("load_demo_outgoing", stdout=io.StringIO())
    assert not OutgoingDocument.objects.exists()


def test_demo_outgoing_at_several_stages_and_idempotent(tmp_path):
    call_command("load_demo_data", stdout=io.StringIO())
    with override_settings(VAR_DIR=tmp_path, SIGNATURE_TRUST_ROOTS_DIR=tmp_path / "roots"):
        call_command("create_demo_signing_keys", stdout=io.StringIO())
        call_command("load_demo_outgoing", stdout=io.StringIO())
        call_command("load_demo_outgoing", stdout=io.StringIO())
    documents = OutgoingDocument.objects.all()
    assert documents.count() == 4
    assert sorted(documents.values_list("status", flat=True)) == sorted(
        ["draft", "in_review", "approved", "issued"]
    )
    issued = documents.get(status="issued")
    assert issued.number_text.endswith("/VP-VX") and issued.final_file_id
    arrival = ElectronicArrival.objects.get(source=issued)
    assert arrival.state == "registered" and arrival.incoming.agency == arrival.agency
    assert arrival.agency.electronic_id == "000.04.00.H48"
    statuses = selectors_outgoing.recipient_statuses(issued)
    assert [(s.name, s.status) for s in statuses] == [(arrival.agency.name, "registered")]
    clerk = User.objects.get(username="vanthu_snv")
    assert clerk.agency == arrival.agency and clerk.check_password("Tra-Bong-2025!")
