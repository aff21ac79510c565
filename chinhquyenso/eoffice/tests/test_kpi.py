import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chinhquyenso.core.choices import AgencyKind, Role, UnitKind, UnitLevel
from chinhquyenso.core.models import AdministrativeUnit, Agency
from chinhquyenso.eoffice import kpi, services
from chinhquyenso.eoffice.choices import DossierStatus, Secrecy
from chinhquyenso.eoffice.models import DossierItem, FilePlan, FilePlanEntry, WorkDossier
from chinhquyenso.identity.tokens import issue_token

from .conftest import make_data

pytestmark = pytest.mark.django_db
TZ = timezone.get_fixed_timezone(7 * 60)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _agency(registry, name: str, electronic_id: str, level: int | None) -> Agency:
    unit = None
    if level is not None:
        kind = {UnitLevel.DISTRICT: UnitKind.DISTRICT, UnitLevel.COMMUNE: UnitKind.COMMUNE}[level]
        unit = AdministrativeUnit.objects.create(
            code=electronic_id[4:9], name=name, kind=kind, level=level
        )
    return Agency.objects.create(
        name=name,
        electronic_id=electronic_id,
        kind=AgencyKind.STATE,
        administrative_unit=unit,
        parent=registry.province_committee,
    )


def _closed(agency, user, online: int, offline: int, when: datetime.datetime) -> None:
    """Closed dossiers made directly: the KPI reads only what closing stored."""
    plan, _created = FilePlan.objects.get_or_create(agency=agency, year=when.year)
    for i in range(online + offline):
        entry = FilePlanEntry.objects.create(
            plan=plan, notation=f"{plan.entries.count() + 1:02d}.VP", title=f"Hồ sơ {i}"
        )
        WorkDossier.objects.create(
            entry=entry,
            title=entry.title,
            status=DossierStatus.CLOSED,
            opened_by=user,
            closed_at=when,
            processed_online=i < online,
        )


@pytest.fixture
def world(registry, leader):
    when = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=TZ)
    district = _agency(registry, "UBND huyện Bình Sơn", "000.00.20.H48", UnitLevel.DISTRICT)
    commune = _agency(registry, "UBND xã Ba Tơ", "000.00.30.H48", UnitLevel.COMMUNE)
    # The office has no administrative unit: it counts at province level.
    _closed(registry.office, leader, online=19, offline=1, when=when)  # 95 % ≥ 90 %
    _closed(district, leader, online=3, offline=1, when=when)  # 75 % < 80 %
    _closed(commune, leader, online=7, offline=3, when=when)  # 70 % = 70 %
    _closed(commune, leader, online=5, offline=0, when=when.replace(year=2025))  # another year
    return {"district": district, "commune": commune}


def _levels(result) -> dict:
    return {row["level"]: row for row in result["levels"]}


def test_numbers_per_level_with_targets(registry, world):
    result = kpi.online_processing(kpi.Period(2026))
    levels = _levels(result)
    assert result["milestone"] == 2025 and result["next_milestone"] == 2030
    assert (levels[1]["dossiers"], levels[1]["processed_online"], levels[1]["share"]) == (
        20,
        19,
        95.0,
    )
    assert levels[1]["target"] == 90 and levels[1]["met"] is True
    assert (levels[2]["dossiers"], levels[2]["share"], levels[2]["met"]) == (4, 75.0, False)
    assert (levels[3]["dossiers"], levels[3]["share"], levels[3]["met"]) == (10, 70.0, True)
    assert levels[3]["next_target"] == 90


def test_by_agency_and_by_period(registry, world):
    result = kpi.online_processing(kpi.Period(2026), by_agency=True)
    by_agency = {row["agency_id"]: row for row in result["agencies"]}
    assert by_agency[world["commune"].pk]["dossiers"] == 10
    assert by_agency[registry.office.pk]["level"] == UnitLevel.PROVINCE
    assert _levels(kpi.online_processing(kpi.Period(2025)))[3]["dossiers"] == 5
    assert _levels(kpi.online_processing(kpi.Period(2026, 3)))[1]["dossiers"] == 0
    assert _levels(kpi.online_processing(kpi.Period(2026, 2)))[1]["dossiers"] == 20
    assert kpi.online_processing(kpi.Period(2030))["levels"][0]["target"] == 100


def test_scope_limits_the_agencies(registry, world):
    only_commune = Agency.objects.filter(pk=world["commune"].pk)
    levels = _levels(kpi.online_processing(kpi.Period(2026), only_commune))
    assert (levels[1]["dossiers"], levels[2]["dossiers"], levels[3]["dossiers"]) == (0, 0, 10)
    assert levels[1]["share"] is None and levels[1]["met"] is False


def test_open_dossiers_and_secret_dossiers_do_not_count(registry, clerk, leader):
    plan = FilePlan.objects.create(agency=registry.office, year=2026)
    entry = FilePlanEntry.objects.create(plan=plan, notation="01.VP", title="Mật")
    secret = services.register_incoming(
        clerk, registry.office, make_data(secrecy=Secrecy.CONFIDENTIAL)
    )
    when = datetime.datetime(2026, 5, 5, tzinfo=TZ)
    dossier = WorkDossier.objects.create(
        entry=entry, title="Mật", status=DossierStatus.CLOSED, opened_by=leader, closed_at=when
    )
    DossierItem.objects.create(dossier=dossier, incoming=secret, added_by=clerk)
    open_entry = FilePlanEntry.objects.create(plan=plan, notation="02.VP", title="Đang mở")
    WorkDossier.objects.create(entry=open_entry, title="Đang mở", opened_by=leader)
    assert _levels(kpi.online_processing(kpi.Period(2026)))[1]["dossiers"] == 0
    DossierItem.objects.all().delete()
    assert _levels(kpi.online_processing(kpi.Period(2026)))[1]["dossiers"] == 1


def test_a_dossier_closed_on_new_years_eve_local_time_is_that_years(registry, leader):
    late = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=TZ)
    _closed(registry.office, leader, online=1, offline=0, when=late)
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert _levels(kpi.online_processing(kpi.Period(2026)))[1]["dossiers"] == 1
        assert _levels(kpi.online_processing(kpi.Period(2027)))[1]["dossiers"] == 0


def test_the_query_does_not_grow_with_the_dossiers(registry, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        kpi.online_processing(kpi.Period(2026), by_agency=True)


def test_bad_periods_are_refused():
    for year, quarter in [("abc", None), (1999, None), (2026, 5), (2026, "x")]:
        with pytest.raises(Exception) as exc:
            kpi.Period.parse(year, quarter)
        assert exc.type.__name__ == "ValidationError"


def _auth(user):
    _token, secret = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_shape_per_level_and_per_agency(client, registry, world):
    admin = registry.user("quantri", Role.SYSTEM_ADMIN)
    url = "/api/v1/eoffice/kpi/online-processing"
    body = client.get(url, {"year": 2026}, **_auth(admin)).json()
    assert [row["level"] for row in body["levels"]] == [1, 2, 3]
    assert set(body["levels"][0]) >= {"dossiers", "processed_online", "share", "target", "met"}
    assert body["levels"][0]["dossiers"] == 20 and body["agencies"] is None
    by_agency = client.get(url, {"year": 2026, "by": "agency"}, **_auth(admin)).json()
    assert {row["agency_id"] for row in by_agency["agencies"]} == {
        registry.office.pk,
        world["district"].pk,
        world["commune"].pk,
    }


def test_api_scope_permission_and_bad_input(client, registry, world, leader):
    url = "/api/v1/eoffice/kpi/online-processing"
    # The office's leader sees the office only (no descendants granted).
    body = client.get(url, {"year": 2026}, **_auth(leader)).json()
    assert [row["dossiers"] for row in body["levels"]] == [20, 0, 0]
    specialist = registry.user("chuyenvien", Role.SPECIALIST, department=registry.department)
    assert client.get(url, {"year": 2026}, **_auth(specialist)).status_code == 403
    bad = client.get(url, {"year": 1999}, **_auth(leader))
    assert bad.status_code == 422 and "year" in bad.json()["errors"]
    assert client.get(url, {"year": 2026, "by": "x"}, **_auth(leader)).status_code == 422


def test_kpi_page(client, registry, world, leader):
    client.force_login(leader)
    page = client.get(reverse("eoffice:kpi"), {"year": 2026})
    assert page.status_code == 200
    # The page is in Vietnamese (the default language): 95,0 with a decimal comma.
    assert re.search(r"95[.,]0", page.text)
    assert not re.search(r"75[.,]0", page.text)  # the district is outside the leader's scope
    assert client.get(reverse("eoffice:kpi"), {"year": "abc"}).status_code == 400
    specialist = registry.user("chuyenvien", Role.SPECIALIST, department=registry.department)
    client.force_login(specialist)
    assert client.get(reverse("eoffice:kpi")).status_code == 403
