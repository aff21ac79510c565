"""GET /api/v1/reporting/indicators, /indicators/{code} and /analytics."""

import pytest

from .analytics_fixtures import put
from .dashboard_fixtures import english, world  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/reporting"


def by_code(payload: dict) -> dict:
    return {item["code"]: item for item in payload["indicators"]}


def test_every_indicator_with_targets_latest_value_and_status(client, world):  # noqa: F811
    client.force_login(world.leader)
    response = client.get(f"{API}/indicators")
    assert response.status_code == 200
    payload = response.json()
    assert payload["org_unit"] == "QNG" and len(payload["indicators"]) == 24
    fibre = by_code(payload)["NQ_FIBRE_HOUSEHOLDS"]
    assert (fibre["value"], fibre["period"], fibre["status"]) == (70.0, "2025", "behind")
    assert fibre["latest"]["numerator"] == 700 and fibre["latest"]["denominator"] == 1000
    assert [(t["comparison"], t["value"]) for t in fibre["targets_2025"]] == [(">", 80.0)]
    assert fibre["targets_2030"] == [] and fibre["unit"] == "%"
    dossiers = by_code(payload)["NQ_WORK_DOSSIERS_ONLINE"]
    assert {t["level"]: t["value"] for t in dossiers["targets_2030"]} == {1: 100, 2: 100, 3: 90}
    assert [line["level"] for line in dossiers["levels"]] == [1, 2, 3]
    assert dossiers["source"] == "automatic" and dossiers["lineage"][0]["module"] == "eoffice"
    assert dossiers["status"] == "no_data"


def test_a_saved_value_is_in_the_next_answer(client, world):  # noqa: F811
    client.force_login(world.leader)
    # The line from 19.4 % (2025) to 30 % (2030) asks for 21.52 % by the end of 2026.
    put("DIGITAL_ECONOMY_GRDP", world.province, "2026", "23")
    grdp = by_code(client.get(f"{API}/indicators").json())["NQ_DIGITAL_ECONOMY_GRDP"]
    assert (grdp["value"], grdp["period"], grdp["status"]) == (23.0, "2026", "on_track")


def test_org_unit_scope_and_bad_input(client, world):  # noqa: F811
    client.force_login(world.clerk)
    own = client.get(f"{API}/indicators")
    assert own.json()["org_unit"] == "TINH_AN"
    assert by_code(own.json())["NQ_FIBRE_HOUSEHOLDS"]["latest"]["numerator"] == 420
    assert client.get(f"{API}/indicators", {"orgUnit": "QNG"}).status_code == 403
    unknown = client.get(f"{API}/indicators", {"orgUnit": "NOPE"})
    assert unknown.status_code == 422 and "orgUnit" in unknown.json()["errors"]
    client.logout()
    assert client.get(f"{API}/indicators").status_code == 401


def test_one_indicator_with_its_series(client, world):  # noqa: F811
    client.force_login(world.leader)
    response = client.get(f"{API}/indicators/NQ_FIBRE_HOUSEHOLDS", {"orgUnit": "TINH_AN"})
    assert response.status_code == 200
    series = {item["period"]: item["value"] for item in response.json()["series"]}
    assert series["2023"] is None and series["2025"] == 70.0
    assert client.get(f"{API}/indicators/NOPE").status_code == 404


def test_analytics_rows_like_dhis2(client, world):  # noqa: F811
    client.force_login(world.leader)
    response = client.get(
        f"{API}/analytics",
        {"dx": "NQ_FIBRE_HOUSEHOLDS;HOUSEHOLDS", "pe": "2025;2025S1", "ou": "QNG;LEVEL-3"},
    )
    assert response.status_code == 200
    payload = response.json()
    assert [h["name"] for h in payload["headers"]] == ["dx", "pe", "ou", "value"]
    assert sorted(map(tuple, payload["rows"])) == [
        ("HOUSEHOLDS", "2025", "BINH_SON", "400"),
        ("HOUSEHOLDS", "2025", "TINH_AN", "600"),
        ("NQ_FIBRE_HOUSEHOLDS", "2025", "BINH_SON", "70.0"),
        ("NQ_FIBRE_HOUSEHOLDS", "2025", "TINH_AN", "70.0"),
    ]
    assert payload["metaData"]["dimensions"]["ou"] == ["BINH_SON", "TINH_AN"]
    assert payload["metaData"]["items"]["2025S1"]["name"] == "First six months of 2025"
    whole = client.get(f"{API}/analytics", {"dx": "HOUSEHOLDS_FIBRE", "pe": "2025"}).json()
    assert whole["rows"] == [["HOUSEHOLDS_FIBRE", "2025", "QNG", "700"]]


def test_analytics_bad_input(client, world):  # noqa: F811
    client.force_login(world.leader)
    bad_period = client.get(f"{API}/analytics", {"dx": "HOUSEHOLDS", "pe": "2025Q7"})
    assert bad_period.status_code == 422 and "pe" in bad_period.json()["errors"]
    bad_data = client.get(f"{API}/analytics", {"dx": "NOPE;HOUSEHOLDS", "pe": "2025"})
    assert bad_data.status_code == 422 and "NOPE" in bad_data.json()["detail"]
    client.force_login(world.clerk)
    outside = client.get(f"{API}/analytics", {"dx": "HOUSEHOLDS", "pe": "2025", "ou": "QNG"})
    assert outside.status_code == 403
    assert client.get(f"{API}/analytics", {"pe": "2025"}).status_code == 422


def test_the_endpoints_are_in_the_openapi_document(client, world):  # noqa: F811
    from openapi_spec_validator import validate

    client.force_login(world.leader)
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for path in (
        "/api/v1/reporting/indicators",
        "/api/v1/reporting/indicators/{code}",
        "/api/v1/reporting/analytics",
    ):
        assert path in paths
    detail = paths["/api/v1/reporting/indicators"]["get"]
    assert [p["name"] for p in detail["parameters"]] == ["orgUnit"]
