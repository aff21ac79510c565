"""A small world for the page tests: two communes of Quảng Ngãi, a ward's People's Committee with
its officers, the province office, two categories, citizens; and the photos they upload."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chinhquyenso.core.choices import AgencyKind, Role, UnitKind, UnitLevel, UserKind
from chinhquyenso.core.models import AdministrativeUnit, Agency, Department
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.models import Category, Report

REFORM_DATE = datetime.date(2025, 7, 1)
DESCRIPTION = "Đèn chiếu sáng trên đường Hùng Vương bị tắt suốt một tuần, buổi tối rất tối."
PHONE = "0905123456"
ANSWER = "Đã thay bóng đèn và kiểm tra lại toàn tuyến chiếu sáng đường Hùng Vương."


def png(colour: str = "orange", name: str = "den-duong.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _unit(code: str, name: str, kind: str, level: int, parent=None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        code=code, name=name, kind=kind, level=level, parent=parent, valid_from=REFORM_DATE
    )


class Site:
    """Phường Cẩm Thành has its People's Committee on the platform; xã Tịnh Khê does not."""

    def __init__(self, registry):
        self.registry = registry
        self.office = registry.office
        province = _unit("51", "Tỉnh Quảng Ngãi", UnitKind.PROVINCE, UnitLevel.PROVINCE)
        self.cam_thanh = _unit(
            "21025", "Phường Cẩm Thành", UnitKind.WARD, UnitLevel.COMMUNE, province
        )
        self.tinh_khe = _unit("21211", "Xã Tịnh Khê", UnitKind.COMMUNE, UnitLevel.COMMUNE, province)
        self.ward = Agency.objects.create(
            name="Ủy ban nhân dân phường Cẩm Thành",
            short_name="UBND phường Cẩm Thành",
            notation_abbr="UBND",
            electronic_id="000.00.01.H48",
            kind=AgencyKind.STATE,
            parent=registry.province_committee,
            administrative_unit=self.cam_thanh,
        )
        self.economy = Department.objects.create(
            agency=self.ward, name="Phòng Kinh tế, Hạ tầng và Đô thị", abbreviation="KT"
        )
        self.lighting = Category.objects.create(
            code="HT-DEN", name="Đèn chiếu sáng công cộng hư hỏng", group="Hạ tầng đô thị",
            agency=self.office, handling_days=7,
        )  # fmt: skip
        self.waste = Category.objects.create(
            code="MT-RAC", name="Rác thải, vệ sinh môi trường", group="Môi trường",
            agency=self.office, by_place=False, handling_days=5,
        )  # fmt: skip
        self.citizen = registry.user(
            "congdan", Role.CITIZEN, kind=UserKind.CITIZEN, full_name="Đặng Văn Bình",
            email="binh@example.vn", phone=PHONE, citizen_id="051085006789",
        )  # fmt: skip
        self.other_citizen = registry.user(
            "nguyenthimai", Role.CITIZEN, kind=UserKind.CITIZEN, full_name="Nguyễn Thị Mai",
            citizen_id="051190004321",
        )  # fmt: skip
        # The ward's one-stop officer receives and handles; its specialist only handles.
        self.officer = registry.user(
            "motcua", Role.ONE_STOP_OFFICER, agency=self.ward, full_name="Huỳnh Thị Mỹ Linh"
        )
        self.specialist = registry.user(
            "kinhte_camthanh", Role.SPECIALIST, agency=self.ward, full_name="Trương Công Định"
        )
        self.leader = registry.user(
            "chutich_camthanh", Role.LEADER, agency=self.ward, full_name="Lê Văn Thạnh"
        )
        # The province office's clerk receives what no commune takes.
        self.clerk = registry.user(
            "vanthu", Role.CLERK, agency=self.office, full_name="Nguyễn Thị Lan"
        )

    def report(self, user=None, **fields) -> Report:
        values = {"category": "HT-DEN", "description": DESCRIPTION, "admin_unit": "21025",
                  "address": "Đường Hùng Vương, tổ 5", "consent": True}  # fmt: skip
        values.update(fields)
        return feedback.submit(user or self.citizen, feedback.NewReport(**values))

    def accepted(self, **fields) -> Report:
        return feedback.accept(self.officer, self.report(**fields), handler=self.specialist)

    def answered(self, **fields) -> Report:
        return feedback.answer(self.specialist, self.accepted(**fields), ANSWER)
