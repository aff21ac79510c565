"""Builders for the API and Open311 tests: two communes of Quảng Ngãi, categories, a citizen, the
officers of two agencies, their tokens and a few reports in every state."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chinhquyenso.core.choices import AgencyKind, Role, UnitKind, UnitLevel, UserKind
from chinhquyenso.core.models import AdministrativeUnit, Agency
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.models import Category, Report
from chinhquyenso.identity.tokens import issue_token


def photo(name: str = "o-ga.jpg", kind: str = "JPEG") -> SimpleUploadedFile:
    """A small real image (the file store checks the type from the content)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 90, 40)).save(buffer, kind)
    content_type = "image/png" if kind == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


class FeedbackWorld:
    """The same little world in every API test."""

    def __init__(self, registry):
        self.registry = registry
        self.province = AdministrativeUnit.objects.create(
            code="51", name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE
        )
        self.cam_thanh = AdministrativeUnit.objects.create(
            code="21025",
            name="Phường Cẩm Thành",
            kind=UnitKind.WARD,
            level=UnitLevel.COMMUNE,
            parent=self.province,
        )
        self.tinh_khe = AdministrativeUnit.objects.create(
            code="21178",
            name="Xã Tịnh Khê",
            kind=UnitKind.COMMUNE,
            level=UnitLevel.COMMUNE,
            parent=self.province,
        )
        # The province office receives reports by default; Phường Cẩm Thành has its own
        # People's Committee on the platform (reports placed there go to it).
        self.office = registry.office
        self.ward = Agency.objects.create(
            name="Ủy ban nhân dân phường Cẩm Thành",
            short_name="UBND phường Cẩm Thành",
            kind=AgencyKind.STATE,
            administrative_unit=self.cam_thanh,
            parent=registry.province_committee,
        )
        self.rubbish = Category.objects.create(
            code="rac-thai",
            name="Rác thải, vệ sinh môi trường",
            group="Môi trường",
            description="Rác thải để không đúng nơi quy định, ô nhiễm.",
            keywords="rác, ô nhiễm",
            agency=self.office,
            order=1,
        )
        self.roads = Category.objects.create(
            code="duong-sa",
            name="Hư hỏng đường sá",
            group="Giao thông",
            description="Ổ gà, sụt lún, hư hỏng mặt đường.",
            keywords="ổ gà, đường",
            agency=self.office,
            order=2,
            by_place=False,
        )
        self.retired = Category.objects.create(
            code="cu", name="Danh mục cũ", agency=self.office, is_active=False, order=9
        )
        self.citizen = registry.user(
            "congdan",
            Role.CITIZEN,
            kind=UserKind.CITIZEN,
            full_name="Nguyễn Văn An",
            email="an.nguyen@example.vn",
            phone="0905123456",
        )
        self.other_citizen = registry.user(
            "congdan2", Role.CITIZEN, kind=UserKind.CITIZEN, full_name="Trần Thị Bình"
        )
        self.officer = registry.user("motcua", Role.ONE_STOP_OFFICER, agency=self.office)
        self.ward_officer = registry.user("motcua_phuong", Role.ONE_STOP_OFFICER, agency=self.ward)
        self.leader = registry.user("lanhdao", Role.LEADER, agency=self.office)
        self.citizen_token = issue_token(self.citizen, "ứng dụng điện thoại")[1]
        self.other_token = issue_token(self.other_citizen, "ứng dụng")[1]
        self.officer_token = issue_token(self.officer, "kịch bản")[1]
        self.ward_token = issue_token(self.ward_officer, "kịch bản")[1]
        self.leader_token = issue_token(self.leader, "báo cáo")[1]

    def report(
        self,
        description: str = "Ổ gà lớn trước số 12 đường Hùng Vương.",
        *,
        category: Category | None = None,
        unit: AdministrativeUnit | None = None,
        public: bool = True,
        user=None,
        **fields,
    ) -> Report:
        data = feedback.NewReport(
            category=category or self.roads,
            description=description,
            address=fields.pop("address", "12 Hùng Vương"),
            admin_unit=unit,
            public=public,
            consent=True,
            **fields,
        )
        return feedback.submit(user or self.citizen, data)

    def answered(self, **kwargs) -> Report:
        report = self.report(**kwargs)
        feedback.accept(self.officer, report)
        return feedback.answer(self.officer, report, "Đã vá ổ gà và hoàn trả mặt đường ngày 20/11.")

    def rejected(self, **kwargs) -> Report:
        report = self.report(**kwargs)
        return feedback.reject(self.officer, report, "Không thuộc thẩm quyền giải quyết.")
