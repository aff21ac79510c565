import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.navigation import menu_for


@pytest.fixture(autouse=True)
def english(client):
    """Pages and the API answer in English: the tests read their messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def people(registry):
    return {
        "admin": registry.user("quantri", Role.AGENCY_ADMIN),
        "specialist": registry.user("chuyenvien", Role.SPECIALIST),
        "citizen": registry.user("congdan", Role.CITIZEN),
    }


def test_menu_shows_reporting_to_those_who_may_view(people):
    with translation.override("en"):
        assert "Reporting" in [str(i["label"]) for i in menu_for(people["specialist"])]
        assert "Reporting" not in [str(i["label"]) for i in menu_for(people["citizen"])]


def test_reporting_home_lists_only_what_the_user_may_open(client, people):
    client.force_login(people["citizen"])
    assert client.get(reverse("reporting:home")).status_code == 403
    client.force_login(people["specialist"])
    page = client.get(reverse("reporting:home"))
    assert page.status_code == 200
    assert b"/reporting/metadata/" not in page.content


@pytest.fixture
def world(people):
    from chinhquyenso.reporting import services

    services.save_category(code="LEVEL", name="Cấp", options=[("P", "Cấp tỉnh"), ("C", "Cấp xã")])
    services.save_category_combo(code="BY_LEVEL", name="Theo cấp", categories=["LEVEL"])
    for code, name in (("TOTAL", "Tổng số hồ sơ"), ("ONLINE", "Hồ sơ trên mạng")):
        services.create_data_element(services.ElementData(code=code, name=name))
    form = services.save_form(
        code="CDS_MONTH",
        name="Báo cáo chuyển đổi số hằng tháng",
        periodicity="monthly",
        rows=[("TOTAL", "Hồ sơ"), ("ONLINE", "Hồ sơ")],
    )
    return people | {"form": form}


def test_pages_are_for_metadata_keepers_only(client, world):
    client.force_login(world["specialist"])
    for name in ("metadata", "metadata_elements", "metadata_forms", "metadata_units"):
        assert client.get(reverse(f"reporting:{name}")).status_code == 403
    client.force_login(world["admin"])
    for name in (
        "metadata",
        "metadata_elements",
        "metadata_disaggregations",
        "metadata_forms",
        "metadata_indicators",
        "metadata_units",
        "metadata_element_new",
        "metadata_form_new",
        "metadata_indicator_new",
        "metadata_category_new",
        "metadata_combo_new",
    ):
        assert client.get(reverse(f"reporting:{name}")).status_code == 200, name
    home = client.get(reverse("reporting:home"))
    assert reverse("reporting:metadata").encode() in home.content


def test_element_list_searches_and_exports_excel(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world["admin"])
    page = client.get(reverse("reporting:metadata_elements"), {"q": "mạng"})
    assert "Hồ sơ trên mạng" in page.content.decode()
    assert "Tổng số hồ sơ" not in page.content.decode()
    export = client.get(reverse("reporting:metadata_elements"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["ONLINE", "TOTAL"]


def test_create_an_element_and_refuse_a_duplicate(client, world):
    from chinhquyenso.reporting.models import DataElement

    client.force_login(world["admin"])
    fields = {
        "code": "DIGITAL_SIGN",
        "name": "Người có chữ ký số",
        "value_type": "integer",
        "unit": "người",
        "aggregation": "last",
        "combo_code": "BY_LEVEL",
        "source": "entered",
    }
    created = client.post(reverse("reporting:metadata_element_new"), fields)
    assert created.status_code == 302
    assert DataElement.objects.get(code="DIGITAL_SIGN").combo.code == "BY_LEVEL"
    with translation.override("en"):
        again = client.post(reverse("reporting:metadata_element_new"), fields | {"name": "x"})
    assert again.status_code == 200
    assert "already used" in again.content.decode()
    assert DataElement.objects.get(code="DIGITAL_SIGN").name == "Người có chữ ký số"
    edit = reverse("reporting:metadata_element", args=["DIGITAL_SIGN"])
    client.post(edit, fields | {"code": "CHANGED", "name": "Người dân có chữ ký số"})
    assert DataElement.objects.get(code="DIGITAL_SIGN").name == "Người dân có chữ ký số"


def test_rule_with_live_check_and_refusal(client, world):
    from chinhquyenso.reporting.models import ValidationRule

    client.force_login(world["admin"])
    new_rule = reverse("reporting:metadata_rule_new", args=["CDS_MONTH"])
    page = client.get(new_rule)
    assert 'hx-post="/reporting/metadata/check/"' in page.content.decode()
    with translation.override("en"):
        check = client.post(
            reverse("reporting:metadata_check"),
            {"check_field": "left", "left": "#{ONLNE}", "data_set": "CDS_MONTH"},
        )
        assert "Unknown data elements: ONLNE" in check.content.decode()
        fine = client.post(
            reverse("reporting:metadata_check"),
            {"check_field": "right", "right": "#{TOTAL}", "data_set": "CDS_MONTH"},
        )
        assert "TOTAL — Tổng số hồ sơ" in fine.content.decode()
        rule = {
            "code": "ONLINE_LE_TOTAL",
            "name": "Trên mạng ≤ tổng số",
            "left": "#{ONLNE}",
            "operator": "<=",
            "right": "#{TOTAL}",
            "importance": "high",
            "message": "Số hồ sơ trên mạng lớn hơn tổng số.",
        }
        refused = client.post(new_rule, rule)
    assert refused.status_code == 200 and "ONLNE" in refused.content.decode()
    assert not ValidationRule.objects.exists()
    assert client.post(new_rule, rule | {"left": "#{ONLINE}"}).status_code == 302
    form_page = client.get(reverse("reporting:metadata_form", args=["CDS_MONTH"]))
    assert "ONLINE_LE_TOTAL" in form_page.content.decode()
    client.post(reverse("reporting:metadata_rule_delete", args=["CDS_MONTH", "ONLINE_LE_TOTAL"]))
    assert not ValidationRule.objects.exists()


def test_form_edit_rows_and_assignment_to_a_level(client, world, registry):
    from chinhquyenso.core.choices import UnitLevel
    from chinhquyenso.reporting import services
    from chinhquyenso.reporting.models import DataSet, DataSetAssignment

    client.force_login(world["admin"])
    province = services.save_org_unit(code="P", name="Tỉnh Quảng Ngãi", level=UnitLevel.PROVINCE)
    for i in range(2):
        services.save_org_unit(
            code=f"X{i}", name=f"Xã {i}", level=UnitLevel.COMMUNE, parent=province
        )
    url = reverse("reporting:metadata_form", args=["CDS_MONTH"])
    fields = {
        "code": "CDS_MONTH",
        "name": "Báo cáo CĐS hằng tháng",
        "kind": "periodic",
        "periodicity": "monthly",
        "due_days": "3",
        "lock_days": "0",
        "requires_approval": "on",
        "is_active": "on",
        "rows": "ONLINE | Hồ sơ\nTOTAL | Hồ sơ",
    }
    assert client.post(url, fields).status_code == 302
    form = DataSet.objects.get(code="CDS_MONTH")
    assert (form.due_days, form.lock_days) == (3, 0)
    assert services.rows_text(form) == "ONLINE | Hồ sơ\nTOTAL | Hồ sơ"
    with translation.override("en"):
        bad = client.post(url, fields | {"rows": "ONLINE\nNOPE"})
    assert "NOPE" in bad.content.decode()
    assign = reverse("reporting:metadata_form_assign", args=["CDS_MONTH"])
    client.post(assign, {"unit": "P", "scope": "subtree", "level": "3"})
    assert DataSetAssignment.objects.filter(data_set=form).count() == 2
    with translation.override("en"):
        unknown = client.post(assign, {"unit": "NOPE", "scope": "unit"}, follow=True)
    assert "no reporting unit with this code" in unknown.content.decode()
    page = client.get(url)
    assert "Xã 0" in page.content.decode()


def test_indicator_with_targets(client, world):
    from chinhquyenso.reporting.models import Indicator

    client.force_login(world["admin"])
    fields = {
        "code": "ONLINE_RATE",
        "name": "Tỷ lệ hồ sơ xử lý trên mạng",
        "numerator": "#{ONLINE}",
        "denominator": "#{TOTAL}",
        "factor": "100",
        "unit": "%",
        "decimals": "1",
        "source": "entered",
        "periodicity": "yearly",
        "sort_order": "0",
    }
    with translation.override("en"):
        bad = client.post(
            reverse("reporting:metadata_indicator_new"), fields | {"numerator": "#{X}"}
        )
    assert "Unknown data elements: X" in bad.content.decode()
    assert not Indicator.objects.exists()
    assert client.post(reverse("reporting:metadata_indicator_new"), fields).status_code == 302
    targets = reverse("reporting:metadata_target_set", args=["ONLINE_RATE"])
    client.post(targets, {"year": "2025", "level": "3", "comparison": ">=", "value": "70"})
    client.post(targets, {"year": "2030", "level": "", "comparison": ">=", "value": "100"})
    indicator = Indicator.objects.get(code="ONLINE_RATE")
    assert [(t.year, t.level, int(t.value)) for t in indicator.targets.all()] == [
        (2025, 3, 70),
        (2030, None, 100),
    ]
    page = client.get(reverse("reporting:metadata_indicator", args=["ONLINE_RATE"]))
    assert page.status_code == 200
    target = indicator.targets.get(year=2030)
    client.post(reverse("reporting:metadata_target_delete", args=["ONLINE_RATE", target.pk]))
    assert indicator.targets.count() == 1


def test_unit_tree_sync_create_and_move(client, world, registry):
    from chinhquyenso.reporting.models import OrgUnit

    client.force_login(world["admin"])
    client.post(reverse("reporting:metadata_unit_sync"))
    assert OrgUnit.objects.count() == 2
    tree = client.get(reverse("reporting:metadata_units"))
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi" in tree.content.decode()
    created = client.post(
        reverse("reporting:metadata_unit_new"),
        {"code": "XA_1", "name": "Xã Tịnh Ấn", "level": "3", "parent": "000.01.00.H48"},
    )
    assert created.status_code == 302
    assert OrgUnit.objects.get(code="XA_1").parent.code == "000.01.00.H48"
    with translation.override("en"):
        loop = client.post(
            reverse("reporting:metadata_unit", args=["000.00.00.H48"]),
            {"name": "UBND tỉnh", "level": "1", "parent": "XA_1"},
        )
    assert "under itself" in loop.content.decode()
    assert OrgUnit.objects.get(code="000.00.00.H48").parent is None
    moved = client.post(
        reverse("reporting:metadata_unit", args=["XA_1"]),
        {"name": "Xã Tịnh Ấn", "level": "3", "parent": "000.00.00.H48"},
    )
    assert moved.status_code == 302
    assert OrgUnit.objects.get(code="XA_1").depth == 1
    opened = client.get(reverse("reporting:metadata_units"), {"root": "000.00.00.H48"})
    assert "Xã Tịnh Ấn" in opened.content.decode()
    found = client.get(reverse("reporting:metadata_units"), {"q": "tinh an"})
    assert "Xã Tịnh Ấn" in found.content.decode()
