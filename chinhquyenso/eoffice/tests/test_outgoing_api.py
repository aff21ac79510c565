import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chinhquyenso.eoffice.choices import OutgoingStatus
from chinhquyenso.eoffice.models import OutgoingDocument
from chinhquyenso.identity.tokens import issue_token

from . import outgoing_support
from .outgoing_support import PDF, WRONG, signed

world = outgoing_support.world
signing_stub = outgoing_support.signing_stub
pytestmark = pytest.mark.django_db
BASE = "/api/v1/eoffice"


def _auth(user):
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def _json(client, user, path, payload):
    return client.post(BASE + path, payload, content_type="application/json", **_auth(user))


def test_the_whole_flow_through_the_api(client, world, signing_stub):
    form = {
        "doc_type": "KH",
        "subject": "Kế hoạch chuyển đổi số năm 2026",
        "reviewer_id": world.head.pk,
        "signer_id": world.leader.pk,
        "internal_recipient_ids": [world.recipient.pk],
        "external_recipients": ["Bộ Nội vụ"],
        "file": SimpleUploadedFile("du-thao.pdf", PDF, content_type="application/pdf"),
    }
    created = client.post(BASE + "/outgoing", form, **_auth(world.specialist))
    assert created.status_code == 201, created.content
    doc_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["number"] is None
    version = client.post(
        f"{BASE}/outgoing/{doc_id}/versions",
        {"file": SimpleUploadedFile("v2.pdf", PDF + b"%v2\n"), "note": "Sửa"},
        **_auth(world.specialist),
    )
    assert version.status_code == 201 and version.json()["version"] == 2
    comment = _json(client, world.head, f"/outgoing/{doc_id}/comments", {"text": "Được"})
    assert comment.status_code == 201
    assert _json(client, world.specialist, f"/outgoing/{doc_id}/submit", {}).status_code == 200
    reviewed = _json(client, world.head, f"/outgoing/{doc_id}/review", {"decision": "approve"})
    assert reviewed.json()["document"]["status"] == "in_approval"
    approved = _json(
        client, world.leader, f"/outgoing/{doc_id}/approve", {"decision": "approve", "urgency": 1}
    )
    assert approved.json()["document"]["urgency"] == 1
    document = OutgoingDocument.objects.get(pk=doc_id)
    signing_stub.sign_as_person(world.leader, document, "1234")
    refused = _json(client, world.clerk, f"/outgoing/{doc_id}/issue", {"passphrase": WRONG})
    assert refused.status_code == 422
    issued = _json(client, world.clerk, f"/outgoing/{doc_id}/issue", {"passphrase": "1234"})
    assert issued.status_code == 200, issued.content
    body = issued.json()
    assert body["document"]["number_text"] == "01/KH-VP"
    assert [v["version"] for v in body["versions"]] == [1, 2]
    assert [c["text"] for c in body["comments"]] == ["Được"]
    assert [a["stage"] for a in body["approvals"]] == ["review", "approval"]
    assert {(r["name"], r["status"]) for r in body["recipients"]} == {
        (world.recipient.name, "arrived"),
        ("Bộ Nội vụ", "queued"),
    }
    again = _json(client, world.clerk, f"/outgoing/{doc_id}/issue", {"passphrase": "1234"})
    assert again.status_code == 422
    arrivals = client.get(BASE + "/arrivals", **_auth(world.recipient_clerk)).json()
    assert [a["number_text"] for a in arrivals] == ["01/KH-VP"]
    registered = _json(client, world.recipient_clerk, f"/arrivals/{arrivals[0]['id']}/register", {})
    assert registered.status_code == 201 and registered.json()["state"] == "registered"
    detail = client.get(f"{BASE}/outgoing/{doc_id}", **_auth(world.specialist)).json()
    assert (world.recipient.name, "registered") in {
        (r["name"], r["status"]) for r in detail["recipients"]
    }
    download = client.get(f"{BASE}/outgoing/{doc_id}/file", **_auth(world.clerk))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    correction = _json(
        client, world.specialist, f"/outgoing/{doc_id}/correct", {"subject": "Đính chính"}
    )
    assert correction.status_code == 201 and correction.json()["corrects_id"] == doc_id
    recalled = _json(client, world.leader, f"/outgoing/{doc_id}/recall", {"reason": "Sai sót"})
    assert recalled.json()["document"]["status"] == OutgoingStatus.RECALLED


def test_refusals_are_422_or_403_and_others_drafts_are_invisible(client, world, signing_stub):
    bad = client.post(
        BASE + "/outgoing",
        {"doc_type": "KH", "subject": "X", "file": SimpleUploadedFile("x.pdf", PDF)},
        **_auth(world.specialist),
    )
    assert bad.status_code == 422 and "signer" in bad.json()["errors"]
    document = signed(world)
    by_leader = _json(client, world.leader, f"/outgoing/{document.pk}/issue", {"passphrase": "1"})
    assert by_leader.status_code == 403
    hidden = client.get(f"{BASE}/outgoing/{document.pk}", **_auth(world.recipient_clerk))
    assert hidden.status_code == 404
    listed = client.get(BASE + "/outgoing", **_auth(world.specialist)).json()
    assert [d["id"] for d in listed["items"]] == [document.pk]
    assert client.get(BASE + "/outgoing", **_auth(world.recipient_clerk)).json()["items"] == []
