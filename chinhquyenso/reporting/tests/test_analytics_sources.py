"""Automatic figures from the e-office and online public services, read through their doors, with
dossiers made by those apps' own services and fixtures."""

import decimal

import pytest
from django.utils import timezone

from chinhquyenso.core.choices import UnitLevel, UserKind
from chinhquyenso.eoffice import services as eoffice
from chinhquyenso.eoffice.tests.conftest import clerk, leader  # noqa: F401
from chinhquyenso.eoffice.tests.dossier_fixtures import entry, incoming, plan_fixture  # noqa: F401
from chinhquyenso.reporting import analytics, services
from chinhquyenso.reporting.analytics_sources import one_reading
from chinhquyenso.reporting.choices import ValueSource
from chinhquyenso.reporting.models import DataElement, DataValue, OrgUnit
from chinhquyenso.reporting.periods import Period
from chinhquyenso.reporting.sources import PROVIDERS
from chinhquyenso.services.choices import Channel, DossierStatus, OnlineLevel
from chinhquyenso.services.tests.indicator_fixtures import agency, at, citizen, dossier, procedure

pytestmark = pytest.mark.django_db
D = decimal.Decimal


def automatic(code: str, provider: str) -> DataElement:
    return services.save_data_element(
        services.ElementData(code=code, name=code, source=ValueSource.AUTOMATIC, provider=provider)
    )


def share(code: str, numerator: str, denominator: str):
    return services.save_indicator(
        services.IndicatorData(
            code=code,
            name=code,
            numerator=f"#{{{numerator}}}",
            denominator=f"#{{{denominator}}}",
            factor=D(100),
            source=ValueSource.AUTOMATIC,
        )
    )


def this_year() -> Period:
    return Period.parse(str(timezone.localdate().year))


@pytest.fixture
def closed_dossiers(registry, clerk, leader, plan):  # noqa: F811
    """Two dossiers of the provincial office closed today: one online, one with a paper
    arrival that was never scanned."""
    online = eoffice.open_dossier(clerk, entry(plan, "01.VX"))
    eoffice.add_document(clerk, online, incoming=incoming(registry, clerk, leader, "1/X"))
    eoffice.close_dossier(clerk, online)
    paper = eoffice.open_dossier(clerk, entry(plan, "02.VP"))
    document = incoming(registry, clerk, leader, "2/X", with_file=False)
    eoffice.add_document(clerk, paper, incoming=document)
    eoffice.close_dossier(clerk, paper)
    commune = agency(registry, "UBND xã Ba Tơ", "000.00.30.H48", UnitLevel.COMMUNE)
    services.sync_from_agencies()
    automatic("WD_CLOSED", "eoffice.work_dossiers")
    automatic("WD_ONLINE", "eoffice.work_dossiers_online")
    return {
        "province": OrgUnit.objects.get(code="000.00.00.H48"),
        "office": OrgUnit.objects.get(code="000.01.00.H48"),
        "commune": OrgUnit.objects.get(agency=commune),
        "indicator": share("WD_ONLINE_SHARE", "WD_ONLINE", "WD_CLOSED"),
    }


def test_work_dossiers_online_from_the_eoffice_kpi(closed_dossiers):
    world, year = closed_dossiers, this_year()
    indicator = world["indicator"]
    with one_reading():
        value = analytics.indicator_value(indicator, year, world["province"])
    assert (value.numerator, value.denominator, value.value) == (1, 2, D("50.0"))
    quarter = Period.of("quarterly", timezone.localdate())
    assert analytics.indicator_value(indicator, quarter, world["office"]).denominator == 2
    # The commune's agency closed nothing; another year has nothing either.
    commune = analytics.indicator_value(indicator, year, world["commune"])
    assert (commune.denominator, commune.value) == (0, None)
    assert analytics.indicator_value(indicator, year.previous(), world["province"]).value is None
    # Per level: the provincial office is at province level, nothing at commune level.
    by_level = analytics.indicator_value(indicator, year, world["province"], UnitLevel.PROVINCE)
    assert by_level.value == D("50.0")
    assert (
        analytics.indicator_value(indicator, year, world["province"], UnitLevel.COMMUNE).value
        is None
    )


def test_lineage_and_months_and_frozen_values(closed_dossiers):
    world, year = closed_dossiers, this_year()
    elements = list(DataElement.objects.filter(code__in=["WD_CLOSED", "WD_ONLINE"]))
    figures = analytics.element_figures(elements, [year], [world["province"]])
    lineage = figures.computed[(world["province"].pk, year.id, "WD_ONLINE")]
    assert lineage["module"] == "eoffice"
    assert "online_processing" in lineage["query"] and lineage["computed_at"]
    month = Period.of("monthly", timezone.localdate())
    monthly = analytics.element_figures(elements, [month], [world["province"]])
    assert monthly.of(world["province"], month) == {}
    assert "per month" in monthly.computed[(world["province"].pk, month.id, "WD_CLOSED")]["query"]
    # A submitted report froze 7 for the province: the frozen figure wins over the live one.
    DataValue.objects.create(
        element=DataElement.objects.get(code="WD_CLOSED"),
        option_combo=services.default_option_combo(),
        org_unit=world["province"],
        period=year.id,
        period_start=year.start,
        value="7",
        number=D(7),
        lineage={"module": "eoffice", "query": "q", "computed_at": "2026-06-30T10:00:00+07:00"},
    )
    frozen = analytics.element_figures(elements, [year], [world["province"]])
    assert frozen.of(world["province"], year)["WD_CLOSED"] == 7
    assert frozen.computed[(world["province"].pk, year.id, "WD_CLOSED")]["frozen"] is True


def test_one_reading_asks_the_kpi_once(closed_dossiers, django_assert_max_num_queries):
    world, year = closed_dossiers, this_year()
    indicator = world["indicator"]
    with one_reading():
        analytics.indicator_value(indicator, year, world["province"])
        with django_assert_max_num_queries(3):
            # Both elements again: served from the same reading (only the metadata is read).
            analytics.indicator_value(indicator, year, world["province"])


@pytest.fixture
def service_dossiers(registry):
    commune = agency(registry, "UBND xã Ba Tơ", "000.00.30.H48", UnitLevel.COMMUNE)
    full = procedure("1.001193", commune, registry.office)
    procedure("1.000894", commune, online_level=OnlineLevel.PARTIAL)
    who = citizen(registry)
    today = timezone.localdate()
    received = at(today.year, today.month, 1)
    for channel in (Channel.ONLINE, Channel.ONLINE, Channel.COUNTER):
        dossier(full, commune, who, channel=channel, received=received, due=today)
    dossier(full, registry.office, who, channel=Channel.ONLINE, received=received, due=today)
    dossier(
        full,
        commune,
        who,
        status=DossierStatus.RETURNED,
        received=received,
        due=today,
        completed=received,
    )
    services.sync_from_agencies()
    for key in ("received", "received_online", "completed", "completed_on_time", "due"):
        automatic(f"DVC_{key.upper()}", f"services.{key}")
    automatic("PROCEDURES", "services.procedures")
    automatic("PROCEDURES_FULL", "services.procedures_full_online")
    return {
        "province": OrgUnit.objects.get(code="000.00.00.H48"),
        "commune": OrgUnit.objects.get(agency=commune),
    }


def test_online_public_service_counts_per_subtree_and_level(service_dossiers):
    world, year = service_dossiers, this_year()
    online = share("DVC_ONLINE_SHARE", "DVC_RECEIVED_ONLINE", "DVC_RECEIVED")
    on_time = share("DVC_ON_TIME_SHARE", "DVC_COMPLETED_ON_TIME", "DVC_DUE")
    offered = share("FULL_ONLINE_SHARE", "PROCEDURES_FULL", "PROCEDURES")
    with one_reading():
        province = analytics.table([online, on_time, offered], [year], [world["province"]])
        commune = analytics.indicator_value(online, year, world["commune"])
        communes = analytics.indicator_value(
            online, year, world["province"], level=UnitLevel.COMMUNE
        )
    value = province[("DVC_ONLINE_SHARE", year.id, world["province"].pk)]
    assert (value.numerator, value.denominator) == (4, 5)
    assert (commune.numerator, commune.denominator) == (3, 4)
    assert (communes.numerator, communes.denominator) == (3, 4)
    assert province[("DVC_ON_TIME_SHARE", year.id, world["province"].pk)].value == D("100.0")
    # Two procedures offered in the province, one of them full-process online.
    assert province[("FULL_ONLINE_SHARE", year.id, world["province"].pk)].value == D("50.0")
    # The catalogue has no history: a past year has no figure.
    assert analytics.indicator_value(offered, year.previous(), world["province"]).value is None


def test_identified_portal_users_for_the_province(registry):
    registry.user("an", "citizen", kind=UserKind.CITIZEN, identity_level=2)
    registry.user("binh", "citizen", kind=UserKind.CITIZEN, identity_level=0)
    registry.user("congty", None, kind=UserKind.BUSINESS, identity_level=1)
    registry.user("canbo", None, kind=UserKind.OFFICIAL, identity_level=2)
    services.sync_from_agencies()
    automatic("USERS", "core.portal_users")
    automatic("USERS_IDENTIFIED", "core.portal_users_identified")
    identified = share("USERS_IDENTIFIED_SHARE", "USERS_IDENTIFIED", "USERS")
    province = OrgUnit.objects.get(code="000.00.00.H48")
    value = analytics.indicator_value(identified, this_year(), province)
    assert (value.numerator, value.denominator) == (2, 3)
    office = OrgUnit.objects.get(code="000.01.00.H48")
    assert analytics.indicator_value(identified, this_year(), office).value is None
    # Not available per level (users belong to no administrative unit).
    level = analytics.indicator_value(identified, this_year(), province, UnitLevel.PROVINCE)
    assert level.value is None


def test_every_provider_is_registered():
    expected = {
        "eoffice.work_dossiers",
        "eoffice.work_dossiers_online",
        "services.procedures",
        "services.procedures_full_online",
        "services.received_online",
        "core.portal_users_identified",
    }
    assert expected <= set(PROVIDERS)
