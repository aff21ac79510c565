"""The workflow API: a report's state, submit (422 with the broken rule), approve, return,
reopen, the report list with filters, completeness; permissions; the OpenAPI document."""

import pytest

from chinhquyenso.identity.tokens import issue_token
from chinhquyenso.reporting import services

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

BASE = "/api/v1/reporting"
FEB = f"{BASE}/reports/DX_MONTHLY/TINH_AN/202602"


def bearer(user) -> dict:
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def enter(world, element, value, unit=None, user=None, period="202602"):
    services.save_value(
        user or world.clerk,
        element=element,
        org_unit=unit or world.commune,
        period=period,
        value=value,
    )


def test_state_before_anything_is_entered(client, world):
    data = client.get(FEB, **bearer(world.clerk)).json()
    assert data["state"] == "open" and data["open"] and data["status"] == "open"
    assert data["due_date"] == "2026-02-24" and data["lock_date"] == "2026-03-16"
    assert data["period_label"] == "Month 2/2026" and data["submitted_at"] is None
    locked = client.get(FEB.replace("202602", "202601"), **bearer(world.clerk)).json()
    assert locked["state"] == "locked" and locked["overdue"]
    assert client.get(FEB, **bearer(world.other_clerk)).status_code == 403
    assert client.get(FEB.replace("TINH_AN", "NOPE"), **bearer(world.clerk)).status_code == 422


def test_submit_refused_by_a_rule_then_approved(client, world):
    enter(world, "DOSSIERS_TOTAL", "10")
    services.save_values(
        world.clerk,
        [{"element": "DOSSIERS_ONLINE", "org_unit": "TINH_AN", "period": "202602", "value": 20}],
    )
    violations = client.get(f"{FEB}/violations", **bearer(world.clerk)).json()
    assert [(v["rule"], v["left"], v["right"], v["blocks"]) for v in violations] == [
        ("ONLINE_LE_TOTAL", "20.0000", "10.0000", True)
    ]
    response = client.post(f"{FEB}/submit", **bearer(world.clerk))
    assert response.status_code == 422
    assert "không được lớn hơn tổng số hồ sơ" in response.json()["detail"]
    enter(world, "DOSSIERS_ONLINE", "8")
    enter(world, "FIBRE_PCT", "3")
    response = client.post(f"{FEB}/submit", **bearer(world.clerk))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["report"]["status"] == "submitted" and data["frozen"] == 1
    assert data["report"]["submitted_by"] == "canbo_tinhan" and data["report"]["on_time"]
    assert [w["rule"] for w in data["warnings"]] == ["FIBRE_LOW"]
    assert client.post(f"{FEB}/approve", **bearer(world.clerk)).status_code == 403
    approved = client.post(f"{FEB}/approve", **bearer(world.leader)).json()
    assert approved["status"] == "approved" and approved["approved_by"] == "chutich_tinhan"
    assert approved["state"] == "approved" and not approved["open"]


def test_return_and_reopen(client, world, clock):
    enter(world, "DOSSIERS_TOTAL", "10")
    client.post(f"{FEB}/submit", **bearer(world.clerk))
    response = client.post(
        f"{FEB}/return", {"reason": ""}, content_type="application/json", **bearer(world.leader)
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Say what must be corrected."]}
    returned = client.post(
        f"{FEB}/return",
        {"reason": "Kiểm tra lại"},
        content_type="application/json",
        **bearer(world.leader),
    ).json()
    assert returned["status"] == "returned" and returned["reason"].endswith("Kiểm tra lại")
    january = FEB.replace("202602", "202601")
    reopened = client.post(
        f"{january}/reopen",
        {"until": "2026-02-27"},
        content_type="application/json",
        **bearer(world.leader),
    ).json()
    assert reopened["open"] and reopened["reopened_until"] == "2026-02-27"
    future = FEB.replace("202602", "202604")
    assert client.post(f"{future}/submit", **bearer(world.clerk)).status_code == 422


def test_report_list_filters_and_visibility(client, world):
    enter(world, "DOSSIERS_TOTAL", "10")
    enter(world, "DOSSIERS_TOTAL", "11", unit=world.other, user=world.other_clerk)
    client.post(f"{FEB}/submit", **bearer(world.clerk))
    mine = client.get(f"{BASE}/reports", **bearer(world.clerk)).json()
    assert [(r["org_unit"], r["status"]) for r in mine] == [("TINH_AN", "submitted")]
    everyone = client.get(f"{BASE}/reports", **bearer(world.province_leader)).json()
    assert sorted(r["org_unit"] for r in everyone) == ["BINH_SON", "TINH_AN"]
    submitted = client.get(
        f"{BASE}/reports", {"status": "submitted"}, **bearer(world.province_leader)
    ).json()
    assert [r["org_unit"] for r in submitted] == ["TINH_AN"]
    narrowed = client.get(
        f"{BASE}/reports",
        {"org_unit": "BINH_SON", "data_set": "DX_MONTHLY", "period": "202602"},
        **bearer(world.province_leader),
    ).json()
    assert [r["org_unit"] for r in narrowed] == ["BINH_SON"]
    overdue = client.get(f"{BASE}/reports", {"overdue": "true"}, **bearer(world.province_leader))
    assert overdue.json() == []  # due on 24/02, today is 20/02


def test_completeness(client, world):
    enter(world, "DOSSIERS_TOTAL", "10")
    client.post(f"{FEB}/submit", **bearer(world.clerk))
    query = {"data_set": "DX_MONTHLY", "period": "202602"}
    data = client.get(f"{BASE}/completeness", query, **bearer(world.province_leader)).json()
    assert (data["expected"], data["on_time"], data["missing"], data["completeness"]) == (
        2,
        1,
        1,
        50.0,
    )
    assert [(u["code"], u["timeliness"]) for u in data["units"]] == [
        ("TINH_AN", "on_time"),
        ("BINH_SON", "missing"),
    ]
    # A commune sees only itself.
    own = client.get(f"{BASE}/completeness", query, **bearer(world.other_clerk)).json()
    assert [u["code"] for u in own["units"]] == ["BINH_SON"]
    refused = client.get(
        f"{BASE}/completeness", {**query, "org_unit": "TINH_AN"}, **bearer(world.other_clerk)
    )
    assert refused.status_code == 403


def test_openapi_lists_the_reporting_endpoints(client, world):
    paths = client.get("/api/v1/openapi.json", **bearer(world.clerk)).json()["paths"]
    for path in (
        "/api/v1/reporting/dataValueSets",
        "/api/v1/reporting/reports",
        "/api/v1/reporting/reports/{data_set}/{org_unit}/{period}/submit",
        "/api/v1/reporting/reports/{data_set}/{org_unit}/{period}/approve",
        "/api/v1/reporting/reports/{data_set}/{org_unit}/{period}/return",
        "/api/v1/reporting/reports/{data_set}/{org_unit}/{period}/reopen",
        "/api/v1/reporting/completeness",
    ):
        assert path in paths
    assert set(paths["/api/v1/reporting/dataValueSets"]) == {"get", "post"}
