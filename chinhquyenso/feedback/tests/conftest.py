"""Fixtures of the feedback tests (shared by every test in this folder): a province office, a ward
with its People's Committee, a commune without one, categories, officers, citizens, a clock."""

import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from chinhquyenso.core.choices import AgencyKind, Role, UnitKind, UnitLevel, UserKind
from chinhquyenso.core.models import AdministrativeUnit, Agency, Department
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.models import Category, Report

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR_2026 = Path(settings.BASE_DIR) / "data" / "calendar" / "vn-2026.csv"
REFORM_DATE = datetime.date(2025, 7, 1)
DESCRIPTION = "Rác thải sinh hoạt đổ thành đống trước chợ, bốc mùi hôi suốt ba ngày nay."


def png(colour: str = "green", name: str = "anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")


class Clock:
    """Replaces django.utils.timezone.now so due dates in 2026 follow the declared calendar."""

    def __init__(self, monkeypatch):
        self.value = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # a Monday
        monkeypatch.setattr(timezone, "now", lambda: self.value)

    def set(self, day: datetime.date, hour: int = 9) -> None:
        self.value = datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)


@pytest.fixture
def clock(db, monkeypatch) -> Clock:
    call_command("declare_calendar_days", str(CALENDAR_2026))
    return Clock(monkeypatch)


def _unit(code: str, name: str, kind: str, level: int, parent=None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        code=code, name=name, kind=kind, level=level, parent=parent, valid_from=REFORM_DATE
    )


class World:
    """The office of the provincial People's Committee receives what no commune takes."""

    def __init__(self, registry):
        self.registry = registry
        self.office = registry.office
        self.province = _unit("51", "Tỉnh Quảng Ngãi", UnitKind.PROVINCE, UnitLevel.PROVINCE)
        self.cam_thanh = _unit("21025", "Phường Cẩm Thành", UnitKind.WARD, UnitLevel.COMMUNE,
                               self.province)  # fmt: skip
        self.tinh_khe = _unit("21211", "Xã Tịnh Khê", UnitKind.COMMUNE, UnitLevel.COMMUNE,
                              self.province)  # fmt: skip
        # The city of the old hierarchy (district level, ended with the 2025 reform).
        self.old_city = AdministrativeUnit.objects.create(
            code="522", name="Thành phố Quảng Ngãi", kind=UnitKind.PROVINCIAL_CITY,
            level=UnitLevel.DISTRICT, valid_to=datetime.date(2025, 6, 30),
        )  # fmt: skip
        self.ward = Agency.objects.create(
            name="Ủy ban nhân dân phường Cẩm Thành",
            short_name="UBND phường Cẩm Thành",
            notation_abbr="UBND",
            electronic_id="000.00.01.H48",
            kind=AgencyKind.STATE,
            parent=registry.province_committee,
            administrative_unit=self.cam_thanh,
        )
        self.ward_office = Department.objects.create(
            agency=self.ward, name="Văn phòng HĐND và UBND", abbreviation="VP"
        )
        self.environment = Category.objects.create(
            code="MT-RAC", name="Môi trường, rác thải", group="Môi trường",
            agency=self.office, by_place=True, handling_days=5,
        )  # fmt: skip
        self.roads = Category.objects.create(
            code="GT-DUONG", name="Hạ tầng giao thông, đường sá hư hỏng", group="Hạ tầng",
            agency=self.office, by_place=False, handling_days=10,
        )  # fmt: skip
        self.closed_category = Category.objects.create(
            code="CU-KHAC", name="Danh mục cũ", agency=self.office, is_active=False
        )
        self.citizen = registry.user("congdan", Role.CITIZEN, kind=UserKind.CITIZEN,
                                     full_name="Đặng Văn Bình", email="binh@example.vn",
                                     citizen_id="051085006789")  # fmt: skip
        self.other_citizen = registry.user("nguyenthimai", Role.CITIZEN, kind=UserKind.CITIZEN,
                                           full_name="Nguyễn Thị Mai",
                                           citizen_id="051190004321")  # fmt: skip
        # Office of the provincial committee: a clerk receives, a specialist handles.
        self.receiver = registry.user("vanthu", Role.CLERK, agency=self.office,
                                      full_name="Nguyễn Thị Lan")  # fmt: skip
        self.handler = registry.user("chuyenvien", Role.SPECIALIST, agency=self.office,
                                     full_name="Phạm Đức Anh")  # fmt: skip
        # The ward's one-stop officer receives and handles the ward's reports.
        self.ward_officer = registry.user("motcua", Role.ONE_STOP_OFFICER, agency=self.ward,
                                          full_name="Huỳnh Thị Mỹ Linh")  # fmt: skip
        self.ward_clerk = registry.user("vanthu_camthanh", Role.CLERK, agency=self.ward)

    def new_report(self, user=None, **fields) -> Report:
        values = {"category": "MT-RAC", "description": DESCRIPTION,
                  "address": "Chợ Quảng Ngãi, đường Phan Bội Châu", "consent": True}  # fmt: skip
        values.update(fields)
        return feedback.submit(user or self.citizen, feedback.NewReport(**values))

    def accepted_report(self, **fields) -> Report:
        report = self.new_report(**fields)
        return feedback.accept(self.receiver, report, handler=self.handler)

    def answered_report(self, **fields) -> Report:
        report = self.accepted_report(**fields)
        return feedback.answer(self.handler, report, "Đã thu gom toàn bộ rác và phun khử mùi.")


@pytest.fixture
def world(registry) -> World:
    return World(registry)
