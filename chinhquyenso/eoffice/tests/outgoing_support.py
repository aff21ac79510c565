"""Builders shared by the outgoing-document tests: a sending and a receiving agency, the signing
services replaced by a stand-in, and drafts taken to a given step."""

import importlib
import sys
import types
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import AgencyKind, Role
from chinhquyenso.core.models import Agency
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import OutgoingStatus
from chinhquyenso.eoffice.services.outgoing import SIGNING_MODULE
from chinhquyenso.eoffice.services.outgoing_approval import approved_version

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WRONG = "wrong passphrase"


@dataclass
class World:
    registry: object
    office: Agency
    department: object
    specialist: object
    head: object
    leader: object
    clerk: object
    recipient: Agency
    recipient_clerk: object


def make_world(registry) -> World:
    recipient = Agency.objects.create(
        name="Sở Nội vụ tỉnh Quảng Ngãi",
        short_name="Sở Nội vụ",
        notation_abbr="SNV",
        electronic_id="000.02.00.H48",
        kind=AgencyKind.STATE,
        parent=registry.province_committee,
    )
    return World(
        registry=registry,
        office=registry.office,
        department=registry.department,
        specialist=registry.user(
            "chuyenvien", Role.SPECIALIST, department=registry.department, first_name="An"
        ),
        head=registry.user("truongphong", Role.HEAD_OF_DEPARTMENT, department=registry.department),
        leader=registry.user("lanhdao", Role.LEADER, first_name="Bình", last_name="Nguyễn"),
        clerk=registry.user("vanthu", Role.CLERK),
        recipient=recipient,
        recipient_clerk=registry.user("vanthu_snv", Role.CLERK, agency=recipient),
    )


@pytest.fixture
def world(registry) -> World:
    return make_world(registry)


def _sign_as_person(user, document, passphrase):
    """Stand-in for signing.sign_as_person: the approved version's PDF becomes the final file."""
    if passphrase == WRONG:
        raise ValidationError({"passphrase": "Wrong passphrase."})
    document.final_file = approved_version(document).pdf_file
    document.status = OutgoingStatus.SIGNED
    document.save(update_fields=["final_file", "status"])
    return document.final_file


def _apply_issue_signature(user, document, passphrase):
    """Stand-in for signing.apply_issue_signature: a new PDF carrying the number."""
    if passphrase == WRONG:
        raise ValidationError({"passphrase": "Wrong passphrase."})
    stamped = PDF + f"% {document.number_text} {document.issued_date}\n".encode()
    return core.store_file(user, stamped, "signed.pdf")


@pytest.fixture
def signing_stub(monkeypatch):
    """Replace the signing services (built separately) with stand-ins, whether or not they exist."""
    stub = types.SimpleNamespace(
        sign_as_person=_sign_as_person,
        apply_issue_signature=_apply_issue_signature,
        verify=lambda stored_file: [],
    )
    try:
        real = importlib.import_module(SIGNING_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != SIGNING_MODULE:
            raise
        monkeypatch.setitem(sys.modules, SIGNING_MODULE, stub)
        return stub
    for name in ("sign_as_person", "apply_issue_signature", "verify"):
        monkeypatch.setattr(real, name, getattr(stub, name))
    return stub


def draft(world: World, **overrides):
    values = {
        "doc_type": "ke_hoach",
        "subject": "Kế hoạch chuyển đổi số năm 2026",
        "reviewer": world.head,
        "signer": world.leader,
        "signer_position": "CHÁNH VĂN PHÒNG",
        "recipients_text": "- Sở Nội vụ;\n- Lưu: VT, VX.",
        "internal_recipients": [world.recipient],
        "upload": PDF,
        "file_name": "du-thao.pdf",
    }
    values.update(overrides)
    return services.create_draft(world.specialist, world.office, **values)


def approved(world: World, **overrides):
    document = draft(world, **overrides)
    if document.reviewer_id:
        services.submit_for_review(world.specialist, document)
        services.review(world.head, document, "approve")
    else:
        services.submit_for_approval(world.specialist, document)
    services.approve(world.leader, document, "approve")
    document.refresh_from_db()
    return document


def signed(world: World, **overrides):
    document = approved(world, **overrides)
    importlib.import_module(SIGNING_MODULE).sign_as_person(world.leader, document, "1234")
    document.refresh_from_db()
    return document


def issued(world: World, **overrides):
    issued_date = overrides.pop("issued_date", None)
    document = signed(world, **overrides)
    return services.issue(world.clerk, document, passphrase="1234", issued_date=issued_date)
