"""POST/GET /api/v1/reporting/dataValueSets: DHIS2's payload and importSummary, atomic by
default (bad input changes nothing), partial with atomicMode=NONE, dry run, strategies,
completeDate, export with children; and the issue's bad input through the API."""

import pytest
from django.urls import reverse

from chinhquyenso.identity.tokens import issue_token
from chinhquyenso.reporting.models import DataValue, Report

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

URL = "/api/v1/reporting/dataValueSets"


def bearer(user) -> dict:
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def post(client, user, payload, query=""):
    return client.post(
        URL + query,
        payload,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(user),
    )


def payload(*values, **top):
    return {
        "dataSet": "DX_MONTHLY",
        "period": "202602",
        "orgUnit": "TINH_AN",
        **top,
        "dataValues": [
            dict(zip(("dataElement", "value", "categoryOptionCombo"), v, strict=False))
            for v in values
        ],
    }


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def test_import_creates_updates_and_summarises(client, world):
    assert reverse("api:reporting_datavaluesets_import") == URL
    body = payload(("DOSSIERS_TOTAL", 120), ("STAFF", "7", "FEMALE"), ("HAS_PORTAL", True))
    response = post(client, world.clerk, body)
    assert response.status_code == 200, response.content
    summary = response.json()
    assert summary["responseType"] == "ImportSummary" and summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    assert summary["importOptions"] == {
        "dryRun": False,
        "importStrategy": "CREATE_AND_UPDATE",
        "atomicMode": "ALL",
    }
    body = payload(("DOSSIERS_TOTAL", "121"), ("STAFF", "7", "FEMALE"), ("HAS_PORTAL", ""))
    summary = post(client, world.clerk, body).json()
    assert summary["importCount"] == {"imported": 0, "updated": 1, "ignored": 1, "deleted": 1}
    assert DataValue.objects.get(element__code="DOSSIERS_TOTAL").value == "121"


def test_bad_input_changes_nothing_and_every_conflict_is_listed(client, world):
    post(client, world.clerk, payload(("DOSSIERS_TOTAL", 100)))
    body = payload(
        ("DOSSIERS_TOTAL", 200),
        ("DOSSIERS_ONLINE", "một trăm"),
        ("UNKNOWN_ELEMENT", 1),
    )
    body["dataValues"].append({"dataElement": "SPENDING", "orgUnit": "NOWHERE", "value": "1"})
    body["dataValues"].append({"dataElement": "SPENDING", "orgUnit": "BINH_SON", "value": "1"})
    response = post(client, world.clerk, body)
    assert response.status_code == 409
    summary = response.json()
    assert summary["status"] == "ERROR"
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 5, "deleted": 0}
    conflicts = [(c["object"], c["property"], c["indexes"]) for c in summary["conflicts"]]
    assert conflicts == [
        ("DOSSIERS_ONLINE", "value", [1]),
        ("UNKNOWN_ELEMENT", "element", [2]),
        ("NOWHERE", "org_unit", [3]),
        ("BINH_SON", "org_unit", [4]),
    ]
    messages = [c["value"] for c in summary["conflicts"]]
    assert messages[1] == "Unknown data element “UNKNOWN_ELEMENT”."
    assert messages[3] == "You may not enter data for the reporting unit “Xã Bình Sơn”."
    assert DataValue.objects.get().value == "100"


def test_partial_import_with_atomic_mode_none(client, world):
    body = payload(("DOSSIERS_TOTAL", 50), ("FIBRE_PCT", 150))
    summary = post(client, world.clerk, body, "?atomicMode=NONE").json()
    assert summary["status"] == "WARNING"
    assert summary["importCount"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert [c["object"] for c in summary["conflicts"]] == ["FIBRE_PCT"]
    assert DataValue.objects.get().element.code == "DOSSIERS_TOTAL"


def test_dry_run_and_strategies(client, world):
    summary = post(client, world.clerk, payload(("DOSSIERS_TOTAL", 5)), "?dryRun=true").json()
    assert summary["importCount"]["imported"] == 1 and summary["importOptions"]["dryRun"]
    assert not DataValue.objects.exists() and not Report.objects.exists()
    post(client, world.clerk, payload(("DOSSIERS_TOTAL", 5)))
    summary = post(
        client,
        world.clerk,
        payload(("DOSSIERS_TOTAL", 6), ("NOTE", "x")),
        "?importStrategy=CREATE",
    ).json()
    assert summary["status"] == "WARNING"
    assert summary["importCount"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert summary["conflicts"][0]["property"] == "importStrategy"
    summary = post(
        client,
        world.clerk,
        payload(("DOSSIERS_TOTAL", ""), ("NOTE", "")),
        "?importStrategy=DELETE",
    ).json()
    assert summary["importCount"]["deleted"] == 2
    response = post(client, world.clerk, payload(), "?importStrategy=MERGE")
    assert response.status_code == 422


def test_unknown_form_is_an_error(client, world):
    response = post(client, world.clerk, payload(("DOSSIERS_TOTAL", 5), dataSet="NOPE"))
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["value"] == "Unknown report form “NOPE”."


def test_a_value_after_the_lock_is_refused(client, world):
    summary = post(client, world.clerk, payload(("DOSSIERS_TOTAL", 5), period="202601")).json()
    assert summary["status"] == "ERROR"
    assert summary["conflicts"][0]["value"].startswith("Entry closed after 13/02/2026")
    assert not DataValue.objects.exists()


def test_complete_date_submits_the_report(client, world):
    body = payload(("DOSSIERS_TOTAL", 100), ("DOSSIERS_ONLINE", 20), completeDate="2026-02-20")
    summary = post(client, world.clerk, body).json()
    assert summary["status"] == "SUCCESS" and summary["dataSetComplete"] == "2026-02-20"
    assert Report.objects.get().status == "submitted"
    # A broken high rule makes the completion fail: atomic, so the values are not stored either.
    Report.objects.all().delete()
    DataValue.objects.all().delete()
    body = payload(("DOSSIERS_TOTAL", 10), ("DOSSIERS_ONLINE", 20), completeDate="2026-02-20")
    response = post(client, world.clerk, body)
    assert response.status_code == 409
    assert "không được lớn hơn" in response.json()["conflicts"][0]["value"]
    assert not DataValue.objects.exists()


def test_authentication_and_payload_shape(client, world):
    response = client.post(URL, payload(), content_type="application/json")
    assert response.status_code == 401
    response = post(client, world.clerk, {"dataValues": [{"value": 1}]})
    assert response.status_code == 422


def test_export_with_children(client, world):
    post(client, world.clerk, payload(("DOSSIERS_TOTAL", 100), ("STAFF", 3, "MALE")))
    post(client, world.other_clerk, payload(("DOSSIERS_TOTAL", 7), orgUnit="BINH_SON"))
    query = {"dataSet": "DX_MONTHLY", "period": "202602", "orgUnit": "TINH_AN"}
    data = client.get(URL, query, **bearer(world.clerk)).json()
    assert data["orgUnit"] == "TINH_AN" and data["completeDate"] is None
    assert [
        (v["dataElement"], v["categoryOptionCombo"], v["value"]) for v in data["dataValues"]
    ] == [
        ("DOSSIERS_TOTAL", "default", "100"),
        ("STAFF", "MALE", "3"),
    ]
    assert data["dataValues"][0]["storedBy"] == "canbo_tinhan"
    # The province's leader sees the whole province; a commune officer not the other commune.
    whole = client.get(
        URL, {**query, "orgUnit": "QNG", "children": "true"}, **bearer(world.province_leader)
    ).json()
    assert sorted(v["orgUnit"] for v in whole["dataValues"]) == ["BINH_SON", "TINH_AN", "TINH_AN"]
    response = client.get(URL, {**query, "orgUnit": "BINH_SON"}, **bearer(world.clerk))
    assert response.status_code == 403
    response = client.get(URL, {**query, "period": "2026-02"}, **bearer(world.clerk))
    assert response.status_code == 422


def test_the_round_trip_export_imports_unchanged(client, world):
    post(client, world.clerk, payload(("DOSSIERS_TOTAL", 100), ("STAFF", 3, "MALE")))
    query = {"dataSet": "DX_MONTHLY", "period": "202602", "orgUnit": "TINH_AN"}
    exported = client.get(URL, query, **bearer(world.clerk)).json()
    summary = post(client, world.clerk, exported).json()
    assert summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 2, "deleted": 0}
