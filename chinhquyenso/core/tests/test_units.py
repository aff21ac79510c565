"""Administrative units from the real 2025 mapping: import, counts, succession, search."""

import datetime
import io
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from chinhquyenso.core.choices import Role, UnitKind, UnitLevel
from chinhquyenso.core.models import AdministrativeUnit, AuditEvent, UnitSuccession
from chinhquyenso.core.selectors.units import (
    current_units_for,
    predecessors_of,
    search_units,
    successors_of,
    unit_on,
    unit_tree,
    units_on,
)
from chinhquyenso.core.services.units import DEFAULT_MAPPING_FILE, import_admin_units

BEFORE = datetime.date(2025, 6, 30)
AFTER = datetime.date(2025, 7, 1)
QUANG_NGAI_DISTRICTS = {
    "522", "524", "525", "527", "528", "529", "530", "531", "532", "533", "534", "535", "536",
}  # fmt: skip


@pytest.fixture
def units(db):
    return import_admin_units()


def test_mapping_file_lives_in_the_repository():
    repo = Path(settings.BASE_DIR).resolve()
    path = DEFAULT_MAPPING_FILE.resolve()
    assert path.is_file()
    assert path.is_relative_to(repo)
    assert "shared" not in path.relative_to(repo).parts
    assert (path.parent / "README.md").is_file() and (path.parent / "LICENSE").is_file()


def test_first_import_creates_every_unit_and_link(units):
    # 2 provinces + 23 districts + 170 + 102 old communes + 96 new units.
    assert units.units_created == 393
    assert units.links_created == 275  # 274 CSV rows + Kon Tum → Quảng Ngãi
    assert AdministrativeUnit.objects.count() == 393
    assert UnitSuccession.objects.count() == 275
    event = AuditEvent.objects.get(action="core.units.import")
    assert event.actor_id is None and event.actor_repr == "system"
    assert event.after["units_created"] == 393


def test_second_import_changes_nothing(units):
    again = import_admin_units()
    assert (again.units_created, again.units_updated, again.units_unchanged) == (0, 0, 393)
    assert (again.links_created, again.links_updated, again.links_unchanged) == (0, 0, 275)
    assert AdministrativeUnit.objects.count() == 393
    assert UnitSuccession.objects.count() == 275
    assert AuditEvent.objects.filter(action="core.units.import").count() == 1


def test_import_repairs_a_changed_unit(units):
    unit = unit_on("21028", AFTER)
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Sai tên")
    result = import_admin_units()
    assert (result.units_created, result.units_updated) == (0, 1)
    unit.refresh_from_db()
    assert unit.name == "Phường Nghĩa Lộ"
    event = AuditEvent.objects.filter(action="core.units.import").order_by("-id").first()
    assert event.after["updated_codes"] == ["21028"]


def test_command_reports_counts(db):
    out = io.StringIO()
    call_command("import_admin_units", stdout=out)
    assert "393 created, 0 updated, 0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("import_admin_units", stdout=out)
    assert "0 created, 0 updated, 393 unchanged" in out.getvalue()
    assert "0 created, 0 updated, 275 unchanged" in out.getvalue()


def test_quang_ngai_before_the_reform(units):
    province = unit_on("51", BEFORE)
    districts = units_on(BEFORE, level=UnitLevel.DISTRICT, parent=province)
    assert districts.count() == 13
    assert set(districts.values_list("code", flat=True)) == QUANG_NGAI_DISTRICTS
    assert units_on(BEFORE, level=UnitLevel.COMMUNE, within=province).count() == 170
    kinds = dict(districts.values_list("code", "kind"))
    assert kinds["522"] == UnitKind.PROVINCIAL_CITY
    assert kinds["534"] == UnitKind.TOWN
    assert kinds["524"] == UnitKind.DISTRICT


def test_quang_ngai_after_the_reform(units):
    province = unit_on("51", AFTER)
    assert province.valid_to is None
    communes = units_on(AFTER, level=UnitLevel.COMMUNE, within=province)
    assert communes.count() == 96
    assert communes.filter(kind=UnitKind.COMMUNE).count() == 86
    assert communes.filter(kind=UnitKind.WARD).count() == 9
    assert list(communes.filter(kind=UnitKind.SPECIAL_ZONE).values_list("name", flat=True)) == [
        "Đặc khu Lý Sơn"
    ]
    assert not units_on(AFTER, level=UnitLevel.DISTRICT).exists()
    assert all(unit.parent_id == province.pk for unit in communes)


def test_kon_tum_ends_and_continues_as_quang_ngai(units):
    kon_tum = unit_on("62", BEFORE)
    assert kon_tum.valid_to == BEFORE
    assert unit_on("62", AFTER) is None
    assert list(successors_of(kon_tum).values_list("code", flat=True)) == ["51"]
    assert units_on(BEFORE, level=UnitLevel.DISTRICT, parent=kon_tum).count() == 10
    assert units_on(BEFORE, level=UnitLevel.COMMUNE, within=kon_tum).count() == 102
    assert [u.code for u in current_units_for("62", datetime.date(2020, 1, 1), AFTER)] == ["51"]


def test_ly_son_district_has_no_communes_and_became_a_special_zone(units):
    ly_son = unit_on("536", BEFORE)
    assert ly_son.name == "Huyện Lý Sơn"
    assert not ly_son.children.exists()
    zone = successors_of(ly_son).get()
    assert (zone.code, zone.kind, zone.valid_from) == ("21548", UnitKind.SPECIAL_ZONE, AFTER)


def test_split_commune_has_two_successors(units):
    tra_bui = unit_on("21142", BEFORE)
    assert tra_bui.name == "Xã Trà Bùi"
    links = UnitSuccession.objects.filter(predecessor=tra_bui).select_related("successor")
    assert sorted(link.successor.name for link in links) == ["Xã Cà Đam", "Xã Tây Trà Bồng"]
    assert {(link.effective_date, link.legal_basis) for link in links} == {
        (AFTER, "Nghị quyết 1677/NQ-UBTVQH15")
    }
    ca_dam = links.get(successor__name="Xã Cà Đam").successor
    assert tra_bui in predecessors_of(ca_dam)
    current = current_units_for("21142", BEFORE, today=datetime.date(2026, 1, 1))
    assert [u.code for u in current] == ["21136", "21157"]


def test_a_reused_code_names_two_units_in_different_periods(units):
    both = AdministrativeUnit.objects.filter(code="21040").order_by("valid_from")
    old, new = sorted(both, key=lambda u: u.valid_from or datetime.date.min)
    # The source spells it "Thị Trấn Châu Ổ"; the importer keeps the standard "Thị trấn".
    assert (old.name, old.kind, old.valid_from, old.valid_to) == (
        "Thị trấn Châu Ổ",
        UnitKind.TOWNSHIP,
        None,
        BEFORE,
    )
    assert (new.name, new.kind, new.valid_from, new.valid_to) == (
        "Xã Bình Sơn",
        UnitKind.COMMUNE,
        AFTER,
        None,
    )
    assert unit_on("21040", BEFORE) == old
    assert unit_on("21040", AFTER) == new
    assert new in successors_of(old)


def test_tree_before_and_after_the_reform(units):
    before = unit_tree("51", BEFORE)
    assert len(before.children) == 13
    assert before.count(UnitLevel.COMMUNE) == 170
    ly_son = next(node for node in before.children if node.unit.code == "536")
    assert ly_son.children == []
    after = unit_tree("51", AFTER)
    assert len(after.children) == 96
    assert {node.unit.level for node in after.children} == {UnitLevel.COMMUNE}
    assert after.count(UnitLevel.DISTRICT) == 0
    assert unit_tree("62", AFTER) is None
    assert after.as_dict()["children"][0]["children"] == []


@pytest.mark.parametrize(
    "query",
    ["nghia lo", "NGHĨA LỘ", unicodedata.normalize("NFD", "Phường Nghĩa Lộ"), "  Nghia   Lo "],
)
def test_search_without_diacritics(units, query):
    names = list(search_units(query, AFTER).values_list("name", flat=True))
    assert "Phường Nghĩa Lộ" in names


def test_search_province_in_capitals_and_by_code(units):
    found = list(search_units("QUẢNG NGÃI"))
    assert found[0].code == "51"
    assert "Thành phố Quảng Ngãi" in [u.name for u in found]
    assert [u.name for u in search_units("quang ngai", AFTER)] == ["Tỉnh Quảng Ngãi"]
    assert {u.name for u in search_units("21040")} == {"Thị trấn Châu Ổ", "Xã Bình Sơn"}
    assert not search_units("   ").exists()


def test_bad_file_is_rejected_and_nothing_is_stored(db, tmp_path):
    header = DEFAULT_MAPPING_FILE.read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        header + "\n51,Tỉnh Quảng Ngãi,522,Thành phố Quảng Ngãi,21010,Làng Lê,51,21028,"
        "Phường Nghĩa Lộ\n",
        encoding="utf-8",
    )
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        import_admin_units(bad)
    assert "Line 2" in excinfo.value.messages[0] and "Làng Lê" in excinfo.value.messages[0]
    assert not AdministrativeUnit.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_user_needs_manage_units(registry):
    with pytest.raises(PermissionDenied):
        import_admin_units(user=registry.user("chuyenvien", Role.SPECIALIST))
    assert not AdministrativeUnit.objects.exists()
    admin = registry.user("quantri", Role.SYSTEM_ADMIN)
    assert import_admin_units(user=admin).units_created == 393
    assert AuditEvent.objects.get(action="core.units.import").actor == admin
