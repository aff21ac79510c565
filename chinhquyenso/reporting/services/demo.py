"""The reporting demo: units for the demo agencies and the 96 post-reform communes of Quảng Ngãi,
the resolution's indicator set, a monthly commune form, and two years of plausible, rule-abiding
values with their reports (most approved, some late, a few missing).

Values are made by a seeded generator keyed by unit, element and period, so a second run finds
everything in place and adds nothing. They are written in bulk (tens of thousands of rows): each
row is what the entry service would store, and the validation rules hold by construction.
"""

import csv
import dataclasses
import datetime
import decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role, UnitLevel
from chinhquyenso.core.models import AdministrativeUnit, Agency, RoleAssignment, User

from ..choices import ReportStatus
from ..models import (
    CategoryOptionCombo,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    OrgUnit,
    Report,
)
from ..periods import Period, periods_between
from . import demo_values
from .entry_state import report_dates
from .metadata import ElementData, IndicatorData, default_option_combo, save_indicator
from .metadata_combos import save_category, save_category_combo
from .metadata_forms import create_data_element, save_form, save_rule
from .metadata_units import assign_to_units
from .units import save_org_unit, sync_from_agencies

D = decimal.Decimal
PROVINCE_ID = "000.00.00.H48"
REFORM_DATE = datetime.date(2025, 7, 1)
COMMUNES_CSV = (
    Path(settings.BASE_DIR) / "data/admin-units/admin-units-2025-mapping-quang-ngai-kon-tum.csv"
)
MONTHLY = "BC_CDS_THANG"
HALF, YEAR = "BC_CDS_6T", "BC_CDS_NAM"  # the resolution's forms (load_resolution_indicators)
CAM_THANH = "000.00.01.H48"  # UBND phường Cẩm Thành: its specialist enters, its chairman approves
PEOPLE = ("tuphap_camthanh", "chutich_camthanh", "pct_tinh")
COMBO = "THEO_THAM_QUYEN"
CELLS = ("THEO_THAM_QUYEN_TINH", "THEO_THAM_QUYEN_XA")
LEADER = ("pct_tinh", "Lam-Hoa-2025!", "Nguyễn Văn Khánh", "Phó Chủ tịch UBND tỉnh")


def _communes_file() -> list[tuple[str, str]]:
    """(GSO code, name) of the commune-level units of Quảng Ngãi since 1 July 2025."""
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        found = {
            (row["new_commune_code"], row["new_commune_name"])
            for row in csv.DictReader(handle)
            if row["new_province_code"] == "51" and row["new_commune_code"]
        }
    return sorted(found)


def build_units() -> tuple[OrgUnit, list[OrgUnit]]:
    """Units of the demo agencies, then one per post-reform commune under the province (those
    with a demo People's Committee already have theirs, linked to the same unit)."""
    sync_from_agencies()
    province = OrgUnit.objects.get(code=PROVINCE_ID)
    linked = set(
        OrgUnit.objects.filter(administrative_unit__isnull=False).values_list(
            "administrative_unit__code", flat=True
        )
    )
    units = {u.code: u for u in AdministrativeUnit.objects.filter(valid_from=REFORM_DATE, level=3)}
    for code, name in _communes_file():
        if code in linked or OrgUnit.objects.filter(code=f"DVHC-{code}").exists():
            continue
        save_org_unit(
            code=f"DVHC-{code}",
            name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
            level=UnitLevel.COMMUNE,
            parent=province,
            administrative_unit=units.get(code),
        )
    communes = list(
        OrgUnit.objects.filter(path__startswith=province.path, level=UnitLevel.COMMUNE)
        .filter(is_active=True)
        .order_by("code")
    )
    return province, communes


def build_monthly_form() -> DataSet:
    """Báo cáo tình hình chuyển đổi số hằng tháng: dossiers received at the commune by the level
    competent to settle them, online among them, digital-skills training, incidents."""
    existing = DataSet.objects.filter(code=MONTHLY).first()
    if existing is not None:
        return existing
    form = _monthly_form()
    if not Indicator.objects.filter(code="TY_LE_TTHC_TRUC_TUYEN_XA").exists():
        save_indicator(
            IndicatorData(
                code="TY_LE_TTHC_TRUC_TUYEN_XA",
                name="Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận, xử lý trực tuyến tại cấp xã",
                numerator="#{TTHC_TRUC_TUYEN}",
                denominator="#{TTHC_TIEP_NHAN}",
                factor=D(100),
                unit="%",
                periodicity="monthly",
                reference="Báo cáo tình hình chuyển đổi số hằng tháng",
                group_code="BC_THANG",
                group_name="Tình hình chuyển đổi số hằng tháng của cấp xã",
                sort_order=1,
            )
        )
    return form


def _monthly_form() -> DataSet:
    save_category(
        code="THAM_QUYEN",
        name="Cấp có thẩm quyền giải quyết",
        options=[("TINH", "Thẩm quyền cấp tỉnh"), ("XA", "Thẩm quyền cấp xã")],
    )
    save_category_combo(code=COMBO, name="Theo cấp có thẩm quyền", categories=["THAM_QUYEN"])
    elements = (
        ("TTHC_TIEP_NHAN", "Hồ sơ thủ tục hành chính tiếp nhận tại cấp xã", "hồ sơ", COMBO),
        ("TTHC_TRUC_TUYEN", "Hồ sơ tiếp nhận, xử lý trực tuyến", "hồ sơ", COMBO),
        ("CBCC_BOI_DUONG", "Lượt cán bộ, công chức được bồi dưỡng kỹ năng số", "lượt", "default"),
        ("SU_CO_ATTT", "Sự cố an toàn thông tin được ghi nhận", "sự cố", "default"),
    )
    default_option_combo()
    for code, name, unit, combo in elements:
        if not DataElement.objects.filter(code=code).exists():
            data = ElementData(
                code=code, name=name, value_type="integer", unit=unit, combo_code=combo
            )
            create_data_element(data)
    form = save_form(
        code=MONTHLY,
        name="Báo cáo tình hình chuyển đổi số hằng tháng",
        periodicity="monthly",
        rows=[
            ("TTHC_TIEP_NHAN", "Thủ tục hành chính"),
            ("TTHC_TRUC_TUYEN", "Thủ tục hành chính"),
            ("CBCC_BOI_DUONG", "Nhân lực số"),
            ("SU_CO_ATTT", "An toàn thông tin"),
        ],
        legal_basis="Nghị định 09/2019/NĐ-CP; Nghị quyết BTV Tỉnh ủy về chuyển đổi số (2023)",
        due_days=5,
        lock_days=10,
        creating=True,
    )
    save_rule(
        form,
        code="TRUC_TUYEN_LE_TONG",
        name="Hồ sơ trực tuyến không vượt tổng số hồ sơ tiếp nhận",
        left="#{TTHC_TRUC_TUYEN}",
        operator="<=",
        right="#{TTHC_TIEP_NHAN}",
        message="Số hồ sơ xử lý trực tuyến lớn hơn tổng số hồ sơ tiếp nhận: kiểm tra lại.",
        importance="high",
        creating=True,
    )
    for cell, label in zip(CELLS, ("cấp tỉnh", "cấp xã"), strict=True):
        save_rule(
            form,
            code=f"TRUC_TUYEN_LE_TONG_{cell[-4:].strip('_')}",
            name=f"Hồ sơ trực tuyến {label} không vượt hồ sơ tiếp nhận {label}",
            left=f"#{{TTHC_TRUC_TUYEN.{cell}}}",
            operator="<=",
            right=f"#{{TTHC_TIEP_NHAN.{cell}}}",
            message=f"Số hồ sơ trực tuyến thuộc thẩm quyền {label} lớn hơn số hồ sơ tiếp nhận.",
            importance="high",
            creating=True,
        )
    return form


@dataclasses.dataclass
class Batch:
    values: list[DataValue] = dataclasses.field(default_factory=list)
    reports: list[Report] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class DemoSummary:
    units: int = 0
    values: int = 0
    reports: int = 0


class Loader:
    """Adds what is missing of the demo's values and reports, in bulk."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.first_year = today.year - 1
        self.elements = {e.code: e for e in DataElement.objects.all()}
        self.cells = {c.code: c for c in CategoryOptionCombo.objects.all()}
        self.default = default_option_combo()
        self.people = {u.username: u for u in User.objects.filter(username__in=PEOPLE)}
        self.batch = Batch()

    def existing(self, units: list[OrgUnit], data_sets: list[DataSet]) -> None:
        ids = [u.pk for u in units]
        self.have_values = set(
            DataValue.objects.filter(org_unit_id__in=ids).values_list(
                "element_id", "org_unit_id", "period", "option_combo_id"
            )
        )
        self.have_reports = set(
            Report.objects.filter(data_set__in=data_sets, org_unit_id__in=ids).values_list(
                "data_set_id", "org_unit_id", "period"
            )
        )

    def _value(self, unit, period: Period, code: str, cell: str | None, number) -> None:
        element = self.elements.get(code)
        if element is None:
            return
        option = self.cells[cell] if cell else self.default
        if (element.pk, unit.pk, period.id, option.pk) in self.have_values:
            return
        if isinstance(number, bool):
            text, number = ("true", D(1)) if number else ("false", D(0))
        else:
            text, number = str(number), D(number)
        self.batch.values.append(
            DataValue(
                element=element,
                option_combo=option,
                org_unit=unit,
                period=period.id,
                period_start=period.start,
                value=text,
                number=number,
                stored_by=self._person(unit, "enter"),
            )
        )

    def _person(self, unit: OrgUnit, action: str):
        if unit.code == CAM_THANH:
            return self.people.get("tuphap_camthanh" if action == "enter" else "chutich_camthanh")
        if unit.code == PROVINCE_ID and action == "approve":
            return self.people.get(LEADER[0])
        return None

    def report(self, data_set, unit, period: Period, values, recent: bool, outcome=None):
        """The unit's values and report for one period, as its fate (or `outcome`) says."""
        due, lock = report_dates(data_set, period)
        if due >= self.today:
            return  # not due yet: left for the browser scenario and the users
        outcome, days = outcome or demo_values.fate(unit, data_set.code, period, recent)
        if outcome == "missing":
            return
        for code, cell, number in values:
            self._value(unit, period, code, cell, number)
        if (data_set.pk, unit.pk, period.id) in self.have_reports:
            return
        sent = min(due + datetime.timedelta(days=days), self.today)
        submitted_at = timezone.make_aware(datetime.datetime.combine(sent, datetime.time(9, 30)))
        approved = not recent or demo_values.rng("approve", unit.code, period.id).random() < 0.6
        approved_at = submitted_at + datetime.timedelta(days=1, hours=5)
        self.batch.reports.append(
            Report(
                data_set=data_set,
                org_unit=unit,
                period=period.id,
                period_start=period.start,
                due_date=due,
                lock_date=lock,
                status=ReportStatus.APPROVED if approved else ReportStatus.SUBMITTED,
                submitted_at=submitted_at,
                submitted_by=self._person(unit, "enter"),
                approved_at=approved_at if approved else None,
                approved_by=self._person(unit, "approve") if approved else None,
            )
        )

    def run(self, province: OrgUnit, communes: list[OrgUnit]) -> DemoSummary:
        forms = {f.code: f for f in DataSet.objects.filter(code__in=[MONTHLY, HALF, YEAR])}
        self.existing([province, *communes], list(forms.values()))
        start = datetime.date(self.first_year, 1, 1)
        months = periods_between("monthly", start, self.today)
        halves = periods_between("six_monthly", start, self.today)
        for unit in communes:
            profile = demo_values.Profile(unit)
            if MONTHLY in forms:
                for index, period in enumerate(months):
                    values = demo_values.monthly(unit, profile, period, index)
                    self.report(forms[MONTHLY], unit, period, values, period == months[-1])
            if HALF in forms:
                for index, period in enumerate(halves):
                    values = demo_values.six_monthly(unit, profile, period, index)
                    self.report(forms[HALF], unit, period, values, period == halves[-1])
        if YEAR in forms:
            for year in range(self.first_year, self.today.year + 1):
                period = Period.parse(str(year))
                # The province sends its own yearly report, on time.
                values = demo_values.yearly(year)
                self.report(forms[YEAR], province, period, values, False, ("on_time", -3))
        DataValue.objects.bulk_create(self.batch.values, batch_size=2000)
        Report.objects.bulk_create(self.batch.reports, batch_size=2000)
        return DemoSummary(len(communes) + 1, len(self.batch.values), len(self.batch.reports))


def demo_leader() -> User | None:
    """pct_tinh, Leader of UBND tỉnh: sees the province's dashboards, approves its own reports
    and signs the report on the resolution (made with load_demo_data's admin)."""
    username, password, full_name, position = LEADER
    user = User.objects.filter(username=username).first()
    admin = User.objects.filter(username="admin").first()
    province = Agency.objects.filter(electronic_id=PROVINCE_ID).first()
    if user is None and admin is not None and province is not None:
        user = core.create_official(
            admin,
            username,
            full_name,
            f"{username}@example.vn",
            province,
            position=position,
            password=password,
        )
    has_role = RoleAssignment.objects.filter(user=user, role=Role.LEADER, agency=province)
    if user is not None and province is not None and not has_role.exists():
        core.assign_role(admin, user, Role.LEADER, agency=province)
    return user


@transaction.atomic
def load_demo(today: datetime.date | None = None) -> DemoSummary:
    """Everything the reporting demo needs, added where missing (safe to run again)."""
    from ..analytics_resolution import load_resolution_indicators

    today = today or timezone.localdate()
    province, communes = build_units()
    demo_leader()
    load_resolution_indicators()
    form = build_monthly_form()
    assign_to_units(form, province, level=UnitLevel.COMMUNE)
    return Loader(today).run(province, communes)
