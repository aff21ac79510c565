import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chinhquyenso.core.choices import Role, UnitLevel
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.reporting import services
from chinhquyenso.reporting.models import OrgUnit


@pytest.fixture
def tree(db):
    province = services.save_org_unit(code="P", name="Tỉnh Quảng Ngãi", level=UnitLevel.PROVINCE)
    district = services.save_org_unit(
        code="D", name="Huyện Sơn Tịnh", level=UnitLevel.DISTRICT, parent=province
    )
    commune = services.save_org_unit(
        code="C", name="Xã Tịnh Ấn", level=UnitLevel.COMMUNE, parent=district
    )
    other = services.save_org_unit(
        code="O", name="Xã khác", level=UnitLevel.COMMUNE, parent=province
    )
    return province, district, commune, other


def test_paths_make_descendants_one_range(tree):
    province, district, commune, other = tree
    assert commune.path == f"/{province.pk}/{district.pk}/{commune.pk}/"
    assert set(services.descendants(district)) == {district, commune}
    assert set(services.descendants(province, include_self=False)) == {district, commune, other}
    assert AuditEvent.objects.filter(action="reporting.org_unit.save").count() == 4


def test_moving_a_unit_moves_its_subtree(tree):
    province, district, commune, other = tree
    services.save_org_unit(code="D", name="Huyện Sơn Tịnh", level=UnitLevel.DISTRICT, parent=other)
    commune.refresh_from_db()
    assert commune.path == f"/{province.pk}/{other.pk}/{district.pk}/{commune.pk}/"
    assert commune.depth == 3


def test_a_unit_cannot_go_under_itself(tree):
    province, district, commune, _other = tree
    with pytest.raises(ValidationError):
        services.save_org_unit(code="D", name="x", level=UnitLevel.DISTRICT, parent=commune)
    district.refresh_from_db()
    assert district.parent == province


def test_sync_from_agencies_and_permissions(registry):
    assert services.sync_from_agencies() == 2
    top = OrgUnit.objects.get(code="000.00.00.H48")
    office = OrgUnit.objects.get(code="000.01.00.H48")
    assert office.parent == top and office.agency == registry.office
    leader = registry.user("lanhdao", Role.LEADER, agency=registry.province_committee)
    clerk = registry.user("vanthu", Role.CLERK)
    assert set(services.units_with_perm(leader, "reporting.view")) == {top, office}
    assert set(services.units_with_perm(leader, "reporting.approve")) == {top}
    assert set(services.units_with_perm(clerk, "reporting.enter_data")) == {office}
    assert not services.can(clerk, "reporting.enter_data", top)
    with pytest.raises(PermissionDenied):
        services.require_unit(clerk, "reporting.enter_data", top)
    # Running it again changes nothing.
    assert services.sync_from_agencies() == 2
    assert OrgUnit.objects.count() == 2
