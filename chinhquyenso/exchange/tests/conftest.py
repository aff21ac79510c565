"""Fixtures of the exchange tests: an instance key per session, a partner world on one database."""

import datetime

import pytest

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Agency, RoleAssignment
from chinhquyenso.exchange import keys

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def instance_key_dir(settings, tmp_path_factory):
    """Every test session signs with its own throw-away instance key."""
    folder = tmp_path_factory.getbasetemp() / "exchange-keys"
    settings.EXCHANGE_KEY_DIR = folder
    yield folder


@pytest.fixture(scope="session")
def partner_key():
    """The key of "the other side" (a partner instance)."""
    return keys.generate("partner")


@pytest.fixture
def sample_message():
    from chinhquyenso.exchange import edxml

    return edxml.Message(
        sender=edxml.Organization("000.00.00.G22", "Bộ Nội vụ"),
        recipients=[edxml.Organization("000.01.00.H48", "Văn phòng UBND tỉnh")],
        code_number="45",
        code_notation="BNV-VP",
        promulgation_place="Hà Nội",
        promulgation_date=datetime.date(2026, 11, 1),
        document_type=1,
        type_name="Công văn",
        subject="Về việc báo cáo tình hình triển khai",
        priority=1,
        attachments=[edxml.Attachment("1", "45-BNV-VP.pdf", PDF, "application/pdf")],
    )


@pytest.fixture
def world(registry, django_user_model):
    """Two local agencies with clerks, the gateway account, a partner `Bộ Nội vụ` whose documents
    we verify with `partner_key`, and its agency in the directory."""
    from chinhquyenso.exchange.gateway import DEFAULT_USERNAME

    gateway = registry.user(DEFAULT_USERNAME, None, agency=registry.province_committee)
    RoleAssignment.objects.create(
        user=gateway, role=Role.CLERK, agency=registry.province_committee, include_descendants=True
    )
    registry.clerk = registry.user("vanthu", Role.CLERK)
    registry.admin = registry.user("quantri", Role.SYSTEM_ADMIN)
    registry.gateway = gateway
    registry.home_of = Agency.objects.get
    return registry


@pytest.fixture
def bnv(world, partner_key):
    """The partner (another instance) reaching Bộ Nội vụ, with its certificate configured."""
    from chinhquyenso.exchange import services

    partner, secret = services.create_partner(
        world.admin,
        name="Nền tảng của Bộ Nội vụ",
        system_id="bnv",
        connector="in_process",
        certificate_pem=partner_key.cert_pem.decode(),
        secret="bi-mat-cua-bnv-123",
    )
    services.add_organisation(world.admin, partner, "000.00.00.G22", "Bộ Nội vụ")
    partner.secret = secret
    return partner
