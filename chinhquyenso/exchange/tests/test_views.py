"""Exchange pages: the log with filters and export, an entry with its verification, a received
document with the recall decision, the partners admin."""

import pytest
from django.test import Client
from django.utils.translation import override

from chinhquyenso.exchange import edxml, services
from chinhquyenso.exchange.choices import InboundState
from chinhquyenso.exchange.models import InboundDocument, MessageLogEntry, Partner


@pytest.fixture
def received(world, bnv, partner_key, sample_message):
    payload = edxml.encode_message(sample_message, partner_key.key_pem, partner_key.cert_pem)
    services.receive(payload, bnv)
    return InboundDocument.objects.get()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_log_list_filters_and_exports(world, received):
    client = client_for(world.clerk)
    page = client.get("/exchange/", {"direction": "in"})
    assert page.status_code == 200
    assert "000.00.00.G22,2026/11/01,45/BNV-VP" in page.content.decode()
    assert all(row["obj"].direction == "in" for row in page.context["rows"])
    export = client.get("/exchange/", {"export": "csv", "status": "03"})
    lines = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(lines) == 2 and "03" in lines[1]


@pytest.mark.django_db
def test_entry_page_shows_the_verification(world, received):
    entry = MessageLogEntry.objects.filter(direction="in").get()
    client = client_for(world.clerk)
    with override("en"):
        page = client.get(f"/exchange/log/{entry.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["check"]["chain_ok"] and page.context["check"]["signature_ok"]
    MessageLogEntry.objects.filter(pk=entry.pk).update(reason="changed")
    page = client.get(f"/exchange/log/{entry.pk}/")
    assert not page.context["check"]["chain_ok"]
    assert "hash" in page.context["check"]["problem"]
    download = client.get(f"/exchange/log/{entry.pk}/", {"download": "1"})
    assert download.content == bytes(entry.payload)


@pytest.mark.django_db
def test_recall_decision_page(world, received):
    InboundDocument.objects.filter(pk=received.pk).update(
        state=InboundState.RECALL_REQUESTED, recall_reason="Sai sót"
    )
    client = client_for(world.clerk)
    page = client.get(f"/exchange/received/{received.pk}/")
    assert page.context["can_decide"]
    client.post(f"/exchange/received/{received.pk}/recall/", {"decision": "accept"})
    received.refresh_from_db()
    assert received.state == InboundState.RECALLED and received.incoming_document is None


@pytest.mark.django_db
def test_partners_admin(world):
    client = client_for(world.admin)
    response = client.post(
        "/exchange/partners/",
        {"name": "LGSP Quảng Ngãi", "connector": "lgsp", "system_id": "lgsp",
         "endpoint_url": "https://lgsp.example.invalid/edoc"},
    )  # fmt: skip
    partner = Partner.objects.get()
    assert response.url == f"/exchange/partners/{partner.pk}/"
    client.post(response.url, {"add_organisation": "1", "organ_id": "000.00.00.H31",
                               "name": "UBND tỉnh Quảng Nam"})  # fmt: skip
    assert list(partner.organisations.values_list("organ_id", flat=True)) == ["000.00.00.H31"]
    page = client.post(response.url, {"add_organisation": "1", "organ_id": "H31", "name": "x"})
    assert page.status_code == 200 and page.context["form"].errors
    assert client_for(world.clerk).get("/exchange/partners/").status_code == 403
    assert client.get("/exchange/verify/").context["problem"] is None


@pytest.mark.django_db
def test_inbound_endpoint_over_http(world, bnv, partner_key, sample_message):
    payload = edxml.encode_message(sample_message, partner_key.key_pem, partner_key.cert_pem)
    client = Client()
    ok = client.post("/exchange/inbound/", payload, content_type="application/xml",
                     HTTP_X_EXCHANGE_SYSTEM_ID="bnv",
                     HTTP_X_EXCHANGE_SECRET=bnv.secret)  # fmt: skip
    assert ok.status_code == 200 and b"<edXML:StatusCode>01</edXML:StatusCode>" in ok.content
    bad = client.post("/exchange/inbound/", payload, content_type="application/xml",
                      HTTP_X_EXCHANGE_SYSTEM_ID="bnv", HTTP_X_EXCHANGE_SECRET="wrong")  # fmt: skip
    assert bad.status_code == 401


@pytest.mark.django_db
def test_client_certificate_mode(world, bnv, partner_key, sample_message, settings):
    settings.EXCHANGE_CLIENT_CERT_HEADER = "X-Client-Cert-Sha256"
    services.update_partner(world.admin, bnv, client_cert_fingerprint="AB:CD" * 1 + "ef" * 30)
    payload = edxml.encode_message(sample_message, partner_key.key_pem, partner_key.cert_pem)
    fingerprint = "abcd" + "ef" * 30
    ok = Client().post("/exchange/inbound/", payload, content_type="application/xml",
                       HTTP_X_CLIENT_CERT_SHA256=fingerprint)  # fmt: skip
    assert ok.status_code == 200
    wrong = Client().post("/exchange/inbound/", payload, content_type="application/xml",
                          HTTP_X_CLIENT_CERT_SHA256="00" * 32)  # fmt: skip
    assert wrong.status_code == 401
