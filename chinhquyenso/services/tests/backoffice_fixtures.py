"""Builders for the back-office tests: a procedure with steps, officers, a settable clock."""

import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from reportlab.pdfgen import canvas

from chinhquyenso.core.choices import AgencyKind, Role, UnitLevel, UserKind
from chinhquyenso.core.models import Agency
from chinhquyenso.core.pdf import register_fonts
from chinhquyenso.services.choices import Channel, DossierStatus, OnlineLevel, StepRole
from chinhquyenso.services.models import (
    DossierAttachment,
    Procedure,
    ProcedureField,
    ProcessingStep,
    RequiredDocument,
    ServiceDossier,
)
from chinhquyenso.services.services import assign_code

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR_2026 = Path(settings.BASE_DIR) / "data" / "calendar" / "vn-2026.csv"


def pdf_bytes(text: str = "Giấy khai sinh") -> bytes:
    regular, _bold = register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(regular, 13)
    page.drawString(80, 700, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


class Clock:
    """Replaces django.utils.timezone.now so dates in 2026 can be tested."""

    def __init__(self, monkeypatch):
        self.value = datetime.datetime(2026, 2, 12, 9, 0, tzinfo=VN)
        monkeypatch.setattr(timezone, "now", lambda: self.value)

    def set(self, day: datetime.date, hour: int = 9) -> None:
        self.value = datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)


@pytest.fixture
def calendar_2026(db):
    call_command("declare_calendar_days", str(CALENDAR_2026))


@pytest.fixture
def clock(monkeypatch, calendar_2026) -> Clock:
    return Clock(monkeypatch)


class World:
    def __init__(self, registry):
        self.registry = registry
        self.agency = registry.office
        self.officer = registry.user("motcua", Role.ONE_STOP_OFFICER, agency=self.agency)
        self.specialist = registry.user("chuyenvien", Role.SPECIALIST, agency=self.agency)
        self.leader = registry.user("lanhdao", Role.LEADER, agency=self.agency)
        self.citizen = registry.user(
            "congdan",
            Role.CITIZEN,
            kind=UserKind.CITIZEN,
            citizen_id="051085006789",
            full_name="Nguyễn Văn An",
        )
        field = ProcedureField.objects.create(code="ho-tich", name="Hộ tịch")
        self.procedure = Procedure.objects.create(
            code="1.001193",
            name="Đăng ký khai sinh",
            field=field,
            level=UnitLevel.COMMUNE,
            implementing_body="UBND cấp xã",
            online_level=OnlineLevel.FULL,
            processing_days=3,
            result_type="Giấy khai sinh",
        )
        self.procedure.agencies.add(self.agency)
        self.form = RequiredDocument.objects.create(
            procedure=self.procedure, order=1, name="Tờ khai đăng ký khai sinh"
        )
        self.optional = RequiredDocument.objects.create(
            procedure=self.procedure, order=2, name="Giấy chứng sinh", mandatory=False
        )
        for order, name, role, share in [
            (1, "Tiếp nhận hồ sơ", StepRole.ONE_STOP_OFFICER, 10),
            (2, "Thẩm định", StepRole.SPECIALIST, 60),
            (3, "Phê duyệt", StepRole.LEADER, 20),
            (4, "Trả kết quả", StepRole.ONE_STOP_OFFICER, 10),
        ]:
            ProcessingStep.objects.create(
                procedure=self.procedure, order=order, name=name, role=role, time_share=share
            )

    def online_dossier(self, *, complete: bool = True) -> ServiceDossier:
        """A dossier as the portal leaves it after submit: numbered, waiting for reception."""
        from django.db import transaction

        from chinhquyenso.core import services as core

        with transaction.atomic():
            dossier = ServiceDossier(
                procedure=self.procedure,
                agency=self.agency,
                applicant=self.citizen,
                applicant_name="Nguyễn Văn An",
                applicant_id_number="051085006789",
                channel=Channel.ONLINE,
                status=DossierStatus.SUBMITTED,
                submitted_at=timezone.now(),
            )
            dossier.code = assign_code(dossier, timezone.localdate())
            dossier.save()
            if complete:
                stored = core.store_file(self.citizen, pdf_bytes(), "to-khai.pdf")
                DossierAttachment.objects.create(
                    dossier=dossier,
                    required_document=self.form,
                    name=self.form.name,
                    file=stored,
                    added_by=self.citizen,
                )
        return dossier

    def other_agency(self, name: str = "Sở Tư pháp tỉnh Quảng Ngãi") -> Agency:
        return Agency.objects.create(
            name=name,
            short_name="Sở Tư pháp",
            electronic_id="000.02.00.H48",
            kind=AgencyKind.STATE,
            parent=self.registry.province_committee,
        )


@pytest.fixture
def world(registry) -> World:
    return World(registry)
