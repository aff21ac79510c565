"""The world of the dashboard and indicator API tests: a province with two communes, the
resolution's indicator set loaded, last year's fibre figures and a GRDP share, a provincial leader
and a commune specialist; pages and API read in English."""

import dataclasses

import pytest
from django.conf import settings
from django.utils import translation

from chinhquyenso.core.choices import AgencyKind, Role, UnitLevel
from chinhquyenso.core.models import Agency
from chinhquyenso.reporting import services
from chinhquyenso.reporting.analytics_resolution import load_resolution_indicators
from chinhquyenso.reporting.models import OrgUnit

from .analytics_fixtures import put


@dataclasses.dataclass
class World:
    province: OrgUnit
    tinh_an: OrgUnit
    binh_son: OrgUnit
    leader: object
    clerk: object


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(registry) -> World:
    services.default_option_combo()
    agencies = {
        code: Agency.objects.create(
            name=name, electronic_id=code, kind=AgencyKind.STATE, parent=registry.province_committee
        )
        for code, name in (
            ("000.00.31.H48", "UBND xã Tịnh Ấn"),
            ("000.00.32.H48", "UBND xã Bình Sơn"),
        )
    }
    province = services.save_org_unit(
        code="QNG",
        name="Tỉnh Quảng Ngãi",
        level=UnitLevel.PROVINCE,
        agency=registry.province_committee,
    )
    tinh_an = services.save_org_unit(
        code="TINH_AN",
        name="Xã Tịnh Ấn",
        level=UnitLevel.COMMUNE,
        parent=province,
        agency=agencies["000.00.31.H48"],
    )
    binh_son = services.save_org_unit(
        code="BINH_SON",
        name="Xã Bình Sơn",
        level=UnitLevel.COMMUNE,
        parent=province,
        agency=agencies["000.00.32.H48"],
    )
    load_resolution_indicators()
    # Last year's six-monthly reports of both communes: 1,000 households, 700 with fibre.
    for unit, households, fibre in ((tinh_an, 600, 420), (binh_son, 400, 280)):
        put("HOUSEHOLDS", unit, "2025S2", households)
        put("HOUSEHOLDS_FIBRE", unit, "2025S2", fibre)
    put("DIGITAL_ECONOMY_GRDP", province, "2025", "19.4")
    return World(
        province,
        tinh_an,
        binh_son,
        leader=registry.user("lanhdao", Role.LEADER, agency=registry.province_committee),
        clerk=registry.user("canbo", Role.SPECIALIST, agency=agencies["000.00.31.H48"]),
    )
