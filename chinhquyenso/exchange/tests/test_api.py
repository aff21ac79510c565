"""The exchange API: log search by document, partner, status and date; verification; partners."""

import datetime

import pytest
from django.test import Client

from chinhquyenso.exchange import edxml, services


def signed(message, key) -> bytes:
    return edxml.encode_message(message, key.key_pem, key.cert_pem)


@pytest.fixture
def api(world):
    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.mark.django_db
def test_log_search_by_document_status_partner_and_date(
    world, bnv, partner_key, api, sample_message
):
    services.receive(signed(sample_message, partner_key), bnv)
    client = api(world.clerk)
    rows = client.get("/api/v1/exchange/log", {"document": "45/BNV-VP"}).json()
    assert {r["outcome"] for r in rows} >= {"accepted", "queued"}
    rows = client.get("/api/v1/exchange/log", {"status": "03"}).json()
    assert len(rows) == 1 and rows[0]["direction"] == "out"
    rows = client.get("/api/v1/exchange/log", {"partner": str(bnv.pk), "direction": "in"}).json()
    assert len(rows) == 1 and rows[0]["from_organ_id"] == "000.00.00.G22"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert client.get("/api/v1/exchange/log", {"date_from": tomorrow}).json() == []
    detail = client.get(f"/api/v1/exchange/log/{rows[0]['id']}").json()
    assert detail["verified"] and detail["payload_kept"]
    received = client.get("/api/v1/exchange/received").json()
    assert received[0]["signature_verified"] and received[0]["last_status_sent"] == "03"


@pytest.mark.django_db
def test_someone_without_the_permission_sees_nothing(world, bnv, api):
    outsider = world.user("congdan", "citizen")
    assert api(outsider).get("/api/v1/exchange/log").status_code == 403


@pytest.mark.django_db
def test_partners_are_managed_by_administrators(world, api):
    admin = api(world.admin)
    created = admin.post(
        "/api/v1/exchange/partners",
        {"name": "LGSP Quảng Ngãi", "system_id": "lgsp-qng", "connector": "lgsp",
         "endpoint_url": "https://lgsp.example.invalid/edoc"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201 and created.json()["secret"]
    partner_id = created.json()["id"]
    bad = admin.post(
        f"/api/v1/exchange/partners/{partner_id}/organisations",
        {"organ_id": "H48", "name": "Sai"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    good = admin.post(
        f"/api/v1/exchange/partners/{partner_id}/organisations",
        {"organ_id": "000.00.00.H31", "name": "UBND tỉnh Quảng Nam"},
        content_type="application/json",
    )
    assert good.json()["organisations"] == ["000.00.00.H31"]
    assert admin.get("/api/v1/exchange/verify").json() == {
        "intact": True, "entry_id": None, "reason": ""
    }  # fmt: skip
    assert api(world.clerk).get("/api/v1/exchange/partners").status_code == 403
