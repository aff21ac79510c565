import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chinhquyenso.core.choices import Role, UnitLevel
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.reporting import services
from chinhquyenso.reporting.models import (
    CategoryOptionCombo,
    DataElement,
    DataSetAssignment,
    DataValue,
    Indicator,
    OrgUnit,
    ValidationRule,
)

LEVELS = [("PROVINCE", "Cấp tỉnh"), ("COMMUNE", "Cấp xã")]
SEXES = [("F", "Nữ"), ("M", "Nam")]


@pytest.fixture
def manager(registry):
    return registry.user("quantri", Role.AGENCY_ADMIN)


@pytest.fixture
def metadata(db):
    services.save_category(code="LEVEL", name="Cấp hành chính", options=LEVELS)
    services.save_category(code="SEX", name="Giới tính", options=SEXES)
    combo = services.save_category_combo(
        code="LEVEL_SEX", name="Cấp × giới tính", categories=["LEVEL", "SEX"]
    )
    for code, name in (("TOTAL", "Tổng số hồ sơ"), ("ONLINE", "Hồ sơ xử lý trên mạng")):
        services.create_data_element(services.ElementData(code=code, name=name, unit="hồ sơ"))
    services.create_data_element(
        services.ElementData(code="STAFF", name="Cán bộ", combo_code="LEVEL_SEX")
    )
    services.create_data_element(
        services.ElementData(code="NOTE", name="Ghi chú", value_type="text")
    )
    form = services.save_form(
        code="CDS_MONTH",
        name="Báo cáo chuyển đổi số hằng tháng",
        periodicity="monthly",
        rows=[("TOTAL", "Hồ sơ"), ("ONLINE", "Hồ sơ"), ("STAFF", "Nhân lực")],
        creating=True,
    )
    return combo, form


def _store(element_code: str, cell: CategoryOptionCombo, unit: OrgUnit) -> DataValue:
    return DataValue.objects.create(
        element=DataElement.objects.get(code=element_code),
        option_combo=cell,
        org_unit=unit,
        period="202601",
        period_start=datetime.date(2026, 1, 1),
        value="5",
        number=5,
    )


@pytest.fixture
def province(db):
    return services.save_org_unit(code="P", name="Tỉnh Quảng Ngãi", level=UnitLevel.PROVINCE)


def test_a_disaggregation_set_generates_one_cell_per_option_combination(metadata):
    combo, _form = metadata
    cells = services.cells_of(combo)
    assert [c.name for c in cells] == ["Cấp tỉnh, Nữ", "Cấp tỉnh, Nam", "Cấp xã, Nữ", "Cấp xã, Nam"]
    assert cells[0].code == "LEVEL_SEX_PROVINCE_F"
    assert {o.code for o in cells[3].options.all()} == {"COMMUNE", "M"}


def test_adding_an_option_adds_cells_and_keeps_existing_codes(metadata):
    combo, _form = metadata
    first = services.cells_of(combo)[0]
    services.save_category(
        code="LEVEL", name="Cấp hành chính", options=[*LEVELS, ("DISTRICT", "Cấp huyện")]
    )
    cells = services.cells_of(combo)
    assert len(cells) == 6
    assert cells[0].pk == first.pk and cells[0].code == first.code
    assert cells[-1].name == "Cấp huyện, Nam"


def test_a_cell_holding_values_cannot_be_removed(metadata, province):
    combo, _form = metadata
    used = services.cells_of(combo)[2]  # Cấp xã, Nữ
    _store("STAFF", used, province)
    with translation.override("en"), pytest.raises(ValidationError, match="hold reported values"):
        services.save_category(code="LEVEL", name="Cấp", options=[LEVELS[0]])
    assert len(services.cells_of(combo)) == 4
    assert services.cells_of(combo)[2].name == "Cấp xã, Nữ"


def test_disaggregation_bad_input(metadata):
    with translation.override("en"):
        with pytest.raises(ValidationError, match="already used"):
            services.save_category(code="LEVEL", name="x", options=LEVELS, creating=True)
        with pytest.raises(ValidationError, match="repeated"):
            services.save_category(code="NEW", name="x", options=[("A", "a"), ("A", "b")])
        with pytest.raises(ValidationError, match="Unknown disaggregations: NOPE"):
            services.save_category_combo(code="C2", name="x", categories=["LEVEL", "NOPE"])
        with pytest.raises(ValidationError, match="default"):
            services.save_category_combo(code="default", name="x", categories=["LEVEL"])
        with pytest.raises(ValidationError, match="already used"):
            services.save_category_combo(
                code="LEVEL_SEX", name="x", categories=["SEX"], creating=True
            )
    assert not CategoryOptionCombo.objects.filter(combo__code="C2").exists()
    staff_combo = DataElement.objects.get(code="STAFF").combo
    assert set(staff_combo.categories.values_list("code", flat=True)) == {"LEVEL", "SEX"}


def test_elements_keep_their_code_and_refuse_duplicates(metadata, province):
    with translation.override("en"), pytest.raises(ValidationError, match="already used"):
        services.create_data_element(services.ElementData(code="TOTAL", name="Again"))
    total = DataElement.objects.get(code="TOTAL")
    assert total.name == "Tổng số hồ sơ"
    data = services.ElementData(code="RENAMED", name="Tổng số hồ sơ công việc", unit="hồ sơ")
    services.update_data_element(total, data)
    total.refresh_from_db()
    assert (total.code, total.name) == ("TOTAL", "Tổng số hồ sơ công việc")
    _store("TOTAL", services.default_option_combo(), province)
    changed = services.ElementData(code="TOTAL", name="x", combo_code="LEVEL_SEX")
    with translation.override("en"), pytest.raises(ValidationError, match="disaggregation set"):
        services.update_data_element(total, changed)
    total.refresh_from_db()
    assert total.combo.code == "default" and total.name == "Tổng số hồ sơ công việc"


def test_form_rows_are_ordered_with_sections(metadata):
    _combo, form = metadata
    assert services.rows_text(form) == "TOTAL | Hồ sơ\nONLINE | Hồ sơ\nSTAFF | Nhân lực"
    assert services.parse_rows("ONLINE\n\nTOTAL | Tổng\n") == [("ONLINE", ""), ("TOTAL", "Tổng")]
    with translation.override("en"), pytest.raises(ValidationError, match="Line 2"):
        services.parse_rows("ONLINE\nONLINE")
    with translation.override("en"), pytest.raises(ValidationError, match="already used"):
        services.save_form(
            code="CDS_MONTH", name="x", periodicity="monthly", rows=[("TOTAL", "")], creating=True
        )
    with translation.override("en"), pytest.raises(ValidationError, match="Unknown data elem"):
        services.save_form(code="F2", name="x", periodicity="monthly", rows=[("NOPE", "")])


def test_rules_are_checked_against_the_form(metadata):
    _combo, form = metadata
    rule = dict(
        name="Xử lý trên mạng không vượt tổng số",
        operator="<=",
        right="#{TOTAL}",
        message="Số hồ sơ xử lý trên mạng lớn hơn tổng số.",
        importance="high",
    )
    with translation.override("en"):
        with pytest.raises(ValidationError, match="Unknown data elements: ONLNE"):
            services.save_rule(form, code="R1", left="#{ONLNE}", **rule)
        with pytest.raises(ValidationError, match="Not on this report form: NOTE"):
            services.save_rule(form, code="R1", left="#{NOTE}", **rule)
        with pytest.raises(ValidationError, match="cannot be read"):
            services.save_rule(form, code="R1", left="#{ONLINE} +", **rule)
    assert not ValidationRule.objects.exists()
    saved = services.save_rule(form, code="R1", left="#{ONLINE}", creating=True, **rule)
    assert saved.operator == "<="
    with translation.override("en"), pytest.raises(ValidationError, match="already used"):
        services.save_rule(form, code="R1", left="#{ONLINE}", creating=True, **rule)
    # The rule reads ONLINE: the form cannot lose it.
    with translation.override("en"), pytest.raises(ValidationError, match="reads ONLINE"):
        services.save_form(
            code="CDS_MONTH", name="x", periodicity="monthly", rows=[("TOTAL", ""), ("STAFF", "")]
        )
    assert form.elements.count() == 3
    services.delete_rule(saved)
    assert AuditEvent.objects.filter(action="reporting.rule.delete").count() == 1


def test_live_expression_check_names_cells_and_references(metadata):
    _combo, form = metadata
    good = services.check_expression("#{STAFF.LEVEL_SEX_COMMUNE_F} + #{TOTAL}", form)
    assert good.ok
    assert good.references == (
        "STAFF.LEVEL_SEX_COMMUNE_F — Cán bộ (Cấp xã, Nữ)",
        "TOTAL — Tổng số hồ sơ",
    )
    with translation.override("en"):
        wrong_cell = services.check_expression("#{TOTAL.LEVEL_SEX_COMMUNE_F}")
        assert not wrong_cell.ok and "not a cell" in wrong_cell.message
        assert "not numbers" in services.check_expression("#{NOTE} * 2").message
        assert "only use numbers" in services.check_expression("__import__('os')").message


def test_indicators_and_targets(metadata):
    data = services.IndicatorData(
        code="ONLINE_RATE",
        name="Tỷ lệ hồ sơ xử lý trên mạng",
        numerator="#{ONLINE}",
        denominator="#{TOTAL}",
        factor=decimal.Decimal(100),
        unit="%",
    )
    indicator = services.save_indicator_checked(data)
    with translation.override("en"):
        with pytest.raises(ValidationError, match="already used"):
            services.save_indicator_checked(data)
        bad = services.IndicatorData(code="X", name="x", numerator="#{MISSING}")
        with pytest.raises(ValidationError, match="Unknown data elements"):
            services.save_indicator_checked(bad)
        with pytest.raises(ValidationError, match="between 2000"):
            services.save_target(indicator, year=1999, value=decimal.Decimal(90), comparison=">=")
    assert not Indicator.objects.filter(code="X").exists()
    target = services.save_target(
        indicator, year=2025, value=decimal.Decimal(70), comparison=">=", level=3, text="≥ 70 %"
    )
    services.save_target(indicator, year=2025, value=decimal.Decimal(75), comparison=">=", level=3)
    assert indicator.targets.get().value == 75
    services.delete_target(indicator.targets.get())
    assert not indicator.targets.exists()
    assert target.level == 3


def test_units_assignment_by_subtree_and_level(metadata, province):
    _combo, form = metadata
    district = services.create_org_unit(
        code="D", name="Huyện Bình Sơn", level=UnitLevel.DISTRICT, parent=province
    )
    communes = [
        services.create_org_unit(
            code=f"C{i}", name=f"Xã {i}", level=UnitLevel.COMMUNE, parent=district
        )
        for i in range(3)
    ]
    with translation.override("en"), pytest.raises(ValidationError, match="already used"):
        services.create_org_unit(code="C1", name="x", level=UnitLevel.COMMUNE, parent=province)
    with translation.override("en"), pytest.raises(ValidationError, match="under itself"):
        services.update_org_unit(
            district, name="Huyện Bình Sơn", level=UnitLevel.DISTRICT, parent=communes[0]
        )
    district.refresh_from_db()
    assert district.parent == province
    assert services.assign_to_units(form, province, level=UnitLevel.COMMUNE) == 3
    assert services.assign_to_units(form, province) == 2  # the province and the district
    assert services.assign_to_units(form, province) == 0
    assert services.unassign_units(form, [communes[0].pk, district.pk]) == 2
    assert set(DataSetAssignment.objects.values_list("org_unit__code", flat=True)) == {
        "P",
        "C1",
        "C2",
    }
    moved = services.update_org_unit(
        communes[2], name="Xã Bình Sơn", level=UnitLevel.COMMUNE, parent=province
    )
    assert moved.path == f"{province.path}{moved.pk}/"
    tree = services.unit_tree(depth=1)
    assert [n.unit.code for n in tree] == ["P"]
    assert [n.unit.code for n in tree[0].children] == ["D", "C2"]
    assert tree[0].children[0].has_more and not tree[0].children[1].has_more


def test_only_metadata_keepers_change_metadata(metadata, registry, manager):
    specialist = registry.user("chuyenvien", Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        services.save_category(code="X", name="x", options=[("A", "a")], actor=specialist)
    with pytest.raises(PermissionDenied):
        services.create_data_element(services.ElementData(code="Y", name="y"), actor=specialist)
    services.create_data_element(services.ElementData(code="Y", name="y"), actor=manager)
    event = AuditEvent.objects.filter(action="reporting.element.save").order_by("pk").last()
    assert event.actor_id == manager.pk
