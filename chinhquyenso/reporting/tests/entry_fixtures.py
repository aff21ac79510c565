"""A small reporting world for the entry, workflow and import tests: a province with two
communes, their officers, a monthly form with rules and a disaggregated element, and a clock.

On the default day (20/02/2026) the monthly form (due 10 days after the 14th, locked 20 days
after that) is open for 202602, locked for 202601 and not started for 202603."""

import dataclasses
import datetime
import decimal
import zoneinfo

import pytest
from django.utils import timezone

from chinhquyenso.core.choices import AgencyKind, Role, UnitLevel
from chinhquyenso.core.models import Agency
from chinhquyenso.reporting import services
from chinhquyenso.reporting.choices import Importance, ValueSource, ValueType
from chinhquyenso.reporting.models import (
    Category,
    CategoryCombo,
    CategoryOption,
    CategoryOptionCombo,
    DataSet,
    OrgUnit,
)
from chinhquyenso.reporting.services.metadata import ElementData
from chinhquyenso.reporting.sources import PROVIDERS, Figure

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PROVIDER = "test.entry.portal_visits"


def portal_visits(period, org_unit) -> Figure:
    return Figure(
        decimal.Decimal(42),
        "services",
        f"online dossiers of {org_unit.code} in {period.id}",
        timezone.now(),
    )


PROVIDERS.setdefault(PROVIDER, portal_visits)


class Clock:
    def __init__(self):
        self.set(datetime.date(2026, 2, 20))

    def set(self, day: datetime.date, hour: int = 9) -> None:
        self.now = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=HCM)

    def __call__(self) -> datetime.datetime:
        return self.now


@pytest.fixture(name="clock")
def clock_fixture(monkeypatch) -> Clock:
    """Today is 20/02/2026 (Hồ Chí Minh time) until the test moves it."""
    fake = Clock()
    monkeypatch.setattr(timezone, "now", fake)
    return fake


@dataclasses.dataclass
class World:
    province: OrgUnit
    commune: OrgUnit
    other: OrgUnit
    form: DataSet
    quarterly: DataSet
    clerk: object
    leader: object
    other_clerk: object
    province_leader: object


def _agency(name: str, code: str, parent: Agency) -> Agency:
    return Agency.objects.create(
        name=name, electronic_id=code, kind=AgencyKind.STATE, parent=parent
    )


def _sex_combo() -> CategoryCombo:
    sex = Category.objects.create(code="SEX", name="Giới tính")
    male = CategoryOption.objects.create(category=sex, code="MALE", name="Nam", sort_order=1)
    female = CategoryOption.objects.create(category=sex, code="FEMALE", name="Nữ", sort_order=2)
    combo = CategoryCombo.objects.create(code="SEX", name="Giới tính")
    combo.categories.add(sex)
    for order, option in enumerate((male, female)):
        cell = CategoryOptionCombo.objects.create(
            combo=combo, code=option.code, name=option.name, sort_order=order
        )
        cell.options.add(option)
    return combo


def build_world(registry) -> World:
    commune_a = _agency("UBND xã Tịnh Ấn", "000.00.31.H48", registry.province_committee)
    commune_b = _agency("UBND xã Bình Sơn", "000.00.32.H48", registry.province_committee)
    province = services.save_org_unit(
        code="QNG",
        name="Tỉnh Quảng Ngãi",
        level=UnitLevel.PROVINCE,
        agency=registry.province_committee,
    )
    commune = services.save_org_unit(
        code="TINH_AN",
        name="Xã Tịnh Ấn",
        level=UnitLevel.COMMUNE,
        parent=province,
        agency=commune_a,
    )
    other = services.save_org_unit(
        code="BINH_SON",
        name="Xã Bình Sơn",
        level=UnitLevel.COMMUNE,
        parent=province,
        agency=commune_b,
    )
    _sex_combo()
    for data in (
        ElementData("DOSSIERS_TOTAL", "Tổng số hồ sơ công việc", ValueType.INTEGER),
        ElementData("DOSSIERS_ONLINE", "Hồ sơ xử lý trên môi trường mạng", ValueType.INTEGER),
        ElementData("STAFF", "Số cán bộ", ValueType.INTEGER, combo_code="SEX"),
        ElementData("FIBRE_PCT", "Tỷ lệ hộ có cáp quang", ValueType.PERCENTAGE, unit="%"),
        ElementData("HAS_PORTAL", "Có cổng thông tin điện tử", ValueType.BOOLEAN),
        ElementData("SPENDING", "Kinh phí (triệu đồng)", ValueType.NUMBER),
        ElementData("NOTE", "Ghi chú", ValueType.TEXT),
        ElementData(
            "PORTAL_VISITS",
            "Hồ sơ trực tuyến (tự động)",
            ValueType.INTEGER,
            source=ValueSource.AUTOMATIC,
            provider=PROVIDER,
        ),
        ElementData("QUARTER_NOTE", "Đánh giá quý", ValueType.TEXT),
    ):
        services.save_data_element(data)
    form = services.save_data_set(
        code="DX_MONTHLY",
        name="Báo cáo chuyển đổi số hằng tháng",
        periodicity="monthly",
        elements=[
            ("DOSSIERS_TOTAL", "Hồ sơ công việc"),
            ("DOSSIERS_ONLINE", "Hồ sơ công việc"),
            ("PORTAL_VISITS", "Hồ sơ công việc"),
            ("STAFF", "Nhân lực"),
            ("FIBRE_PCT", "Hạ tầng"),
            ("HAS_PORTAL", "Hạ tầng"),
            ("SPENDING", "Hạ tầng"),
            ("NOTE", "Khác"),
        ],
        due_days=10,
        lock_days=20,
    )
    quarterly = services.save_data_set(
        code="DX_QUARTERLY",
        name="Báo cáo quý",
        periodicity="quarterly",
        elements=["QUARTER_NOTE"],
        requires_approval=False,
    )
    services.save_validation_rule(
        form,
        code="ONLINE_LE_TOTAL",
        name="Trực tuyến ≤ tổng số",
        left="#{DOSSIERS_ONLINE}",
        operator="<=",
        right="#{DOSSIERS_TOTAL}",
        message="Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ.",
    )
    services.save_validation_rule(
        form,
        code="FEMALE_STAFF",
        name="Cán bộ nữ",
        left="#{STAFF.FEMALE}",
        operator="<=",
        right="50",
        message="Số cán bộ nữ vượt quá 50.",
    )
    services.save_validation_rule(
        form,
        code="FIBRE_LOW",
        name="Cáp quang thấp",
        left="#{FIBRE_PCT}",
        operator=">=",
        right="10",
        message="Tỷ lệ hộ có cáp quang thấp bất thường, hãy kiểm tra lại.",
        importance=Importance.LOW,
    )
    services.assign_data_set(form, [commune, other])
    services.assign_data_set(quarterly, [commune])
    return World(
        province=province,
        commune=commune,
        other=other,
        form=form,
        quarterly=quarterly,
        clerk=registry.user(
            "canbo_tinhan", Role.SPECIALIST, agency=commune_a, email="canbo@tinhan.example"
        ),
        leader=registry.user(
            "chutich_tinhan", Role.LEADER, agency=commune_a, email="chutich@tinhan.example"
        ),
        other_clerk=registry.user("canbo_binhson", Role.SPECIALIST, agency=commune_b),
        province_leader=registry.user(
            "lanhdao_tinh", Role.LEADER, agency=registry.province_committee
        ),
    )


@pytest.fixture(name="world")
def world_fixture(registry, clock) -> World:
    return build_world(registry)
