"""Builders shared by the dossier and KPI tests: an approved plan, incoming and outgoing papers."""

import datetime

import pytest

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role
from chinhquyenso.core.pdf import render_text_document
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import OutgoingStatus
from chinhquyenso.eoffice.models import DocumentType, OutgoingDocument

from .conftest import make_data


def pdf(title: str, paragraphs: int = 1) -> bytes:
    return render_text_document(
        ["ỦY BAN NHÂN DÂN"], title, [f"Đoạn {i} " * 40 for i in range(paragraphs)]
    )


@pytest.fixture(name="keeper")
def keeper_fixture(registry):
    """A specialist of the VX department who keeps its dossiers."""
    return registry.user("chuyenvien", Role.SPECIALIST, department=registry.department)


@pytest.fixture(name="plan")
def plan_fixture(registry, clerk, leader):
    plan = services.create_file_plan(clerk, registry.office, 2026)
    services.add_entry(
        clerk,
        plan,
        services.EntryData("01.VX", "Hồ sơ chuyển đổi số năm 2026", 10, registry.department),
    )
    services.add_entry(clerk, plan, services.EntryData("02.VP", "Hồ sơ xây dựng trụ sở", None,
                                                       construction=True))  # fmt: skip
    return services.approve_file_plan(leader, plan)


def entry(plan, notation: str):
    return plan.entries.get(notation=notation)


def incoming(registry, clerk, leader, notation: str, *, with_file=True, assigned=True, **extra):
    upload = pdf(f"Văn bản {notation}") if with_file else None
    document = services.register_incoming(
        clerk,
        registry.office,
        make_data(notation=notation, **extra),
        upload=upload,
        file_name="van-ban.pdf" if with_file else "",
    )
    if assigned:
        services.assign(leader, document, lead=services.Target(department=registry.department))
    return document


def outgoing(registry, user, seq: int, *, signed=True, **extra) -> OutgoingDocument:
    """An issued outgoing document, made directly: its own services are another part's work."""
    final = core.store_file(user, pdf(f"Công văn {seq}", 3), "cong-van.pdf") if signed else None
    values = {
        "agency": registry.office,
        "department": registry.department,
        "doc_type": DocumentType.objects.get(name="Công văn"),
        "subject": f"V/v triển khai chuyển đổi số, đợt {seq}",
        "drafter": user,
        "status": OutgoingStatus.ISSUED,
        "number": seq,
        "number_year": 2026,
        "notation": "UBND-VX",
        "number_text": f"{seq:02d}/UBND-VX",
        "issued_date": datetime.date(2026, 11, seq % 28 + 1),
        "final_file": final,
    }
    values.update(extra)
    return OutgoingDocument.objects.create(**values)
