"""The actions of an outgoing document's page, the arrivals queue, copies and signing keys."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chinhquyenso.core.choices import Role
from chinhquyenso.core.pdf import render_text_document
from chinhquyenso.eoffice.choices import OutgoingStatus
from chinhquyenso.eoffice.demo_signing import DemoAuthority
from chinhquyenso.eoffice.models import (
    CopyDocument,
    CopyType,
    DraftComment,
    ElectronicArrival,
    IncomingDocument,
    SigningCredential,
)

from . import outgoing_support
from .outgoing_support import WRONG, approved, draft, issued, signed

pytestmark = pytest.mark.django_db
world = outgoing_support.world
signing_stub = outgoing_support.signing_stub
S = OutgoingStatus


def post(client, user, name, document, data=None):
    client.force_login(user)
    return client.post(reverse(f"eoffice:outgoing_{name}", args=[document.pk]), data or {})


def test_the_whole_flow_through_the_pages(client, world, signing_stub):
    document = draft(world)
    assert post(client, world.specialist, "submit", document, {"to": "review"}).status_code == 302
    response = post(client, world.head, "review", document, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    response = post(
        client, world.leader, "approve", document, {"decision": "approve", "urgency": "2"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == S.APPROVED and document.urgency == 2
    assert post(client, world.leader, "sign", document, {"passphrase": "1234"}).status_code == 302
    response = post(client, world.clerk, "issue", document, {"passphrase": "1234"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == S.ISSUED and document.number_text
    # The recipient's clerk registers the arrival and lands on the new incoming document.
    client.force_login(world.recipient_clerk)
    queue = client.get(reverse("eoffice:arrival_list"))
    arrival = ElectronicArrival.objects.get(source=document)
    assert [r["obj"].pk for r in queue.context["rows"]] == [arrival.pk]
    response = client.post(reverse("eoffice:arrival_register", args=[arrival.pk]))
    incoming = IncomingDocument.objects.get(agency=world.recipient)
    assert response.status_code == 302 and response["Location"] == incoming.get_absolute_url()
    client.force_login(world.specialist)
    html = client.get(document.get_absolute_url()).content.decode()
    assert f'data-recipient="{world.recipient.name}" data-status="registered"' in html


def test_returning_without_a_note_changes_nothing(client, world):
    document = draft(world)
    post(client, world.specialist, "submit", document, {"to": "review"})
    response = post(client, world.head, "review", document, {"decision": "return", "note": ""})
    assert response.status_code == 422
    assert response.context["review_form"].errors["note"]
    document.refresh_from_db()
    assert document.status == S.IN_REVIEW and not document.approvals.exists()


def test_someone_else_cannot_act_in_the_signers_place(client, world):
    document = approved(world)  # the real signing service checks who signs
    assert post(client, world.head, "sign", document, {"passphrase": "1234"}).status_code == 403
    document.refresh_from_db()
    assert document.status == S.APPROVED


def test_only_the_clerk_issues(client, world, signing_stub):
    document = signed(world)
    response = post(client, world.specialist, "issue", document, {"passphrase": "1234"})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == S.SIGNED


def test_a_wrong_passphrase_is_shown_at_its_field_and_nothing_is_issued(
    client, world, signing_stub
):
    document = signed(world)
    response = post(client, world.clerk, "issue", document, {"passphrase": WRONG})
    assert response.status_code == 422
    assert response.context["issue_form"].errors["passphrase"]
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.number is None


def test_a_stranger_gets_404_for_every_action(client, registry, world):
    document = draft(world)
    stranger = registry.user("lanhdao_snv", Role.LEADER, agency=world.recipient)
    for name in ("comment", "submit", "review", "approve", "sign", "issue", "recall"):
        assert post(client, stranger, name, document, {"text": "x"}).status_code == 404
    assert not DraftComment.objects.exists()


def test_comments_versions_recall_and_correction(client, world, signing_stub):
    document = draft(world)
    response = post(client, world.head, "comment", document, {"text": "Sửa mục 2."})
    assert response.status_code == 302 and document.comments.get().text == "Sửa mục 2."
    assert post(client, world.head, "comment", document, {"text": " "}).status_code == 422
    pdf = SimpleUploadedFile("v2.pdf", render_text_document(["VP"], "Dự thảo 2", ["Nội dung"]))
    assert post(client, world.specialist, "version", document, {"file": pdf}).status_code == 302
    assert document.versions.count() == 2
    bad = SimpleUploadedFile("v3.pdf", b"not a pdf")
    assert post(client, world.specialist, "version", document, {"file": bad}).status_code == 422
    assert document.versions.count() == 2
    done = issued(world, subject="Công văn đã ban hành")
    assert post(client, world.clerk, "recall", done, {"reason": ""}).status_code == 422
    response = post(client, world.specialist, "correct", done, {"subject": "Đính chính"})
    correction = done.corrections.get()
    assert response["Location"] == correction.get_absolute_url()
    assert post(client, world.clerk, "recall", done, {"reason": "Sai số liệu"}).status_code == 302
    done.refresh_from_db()
    assert done.status == S.RECALLED and done.recall_reason == "Sai số liệu"


def test_arrivals_are_for_clerks_and_refusing_needs_a_reason(client, world, signing_stub):
    document = issued(world)
    arrival = ElectronicArrival.objects.get(source=document)
    client.force_login(world.specialist)
    assert client.get(reverse("eoffice:arrival_list")).status_code == 403
    client.force_login(world.clerk)  # a clerk, but of the sender: not this arrival
    assert client.post(reverse("eoffice:arrival_register", args=[arrival.pk])).status_code == 404
    client.force_login(world.recipient_clerk)
    url = reverse("eoffice:arrival_refuse", args=[arrival.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 422 and response.context["problems"][arrival.pk]
    arrival.refresh_from_db()
    assert arrival.state == "arrived"
    assert client.post(url, {"reason": "Gửi nhầm"}).status_code == 302
    arrival.refresh_from_db()
    assert arrival.state == "refused" and not IncomingDocument.objects.exists()


def test_the_clerk_makes_a_copy_of_an_issued_document(client, world, signing_stub):
    document = issued(world)
    client.force_login(world.clerk)
    page = client.get(reverse("eoffice:copy_create"), {"outgoing": document.pk})
    assert page.context["form"]["source_outgoing"].value() == str(document.pk)
    sao_y = CopyType.objects.get(abbreviation="SY")
    response = client.post(reverse("eoffice:copy_create"), {"copy_type": sao_y.pk})
    assert response.status_code == 422 and response.context["form"].errors["source_outgoing"]
    assert not CopyDocument.objects.exists()
    response = client.post(
        reverse("eoffice:copy_create"), {"copy_type": sao_y.pk, "source_outgoing": document.pk}
    )
    copy = CopyDocument.objects.get()
    assert response["Location"] == reverse("eoffice:copy_detail", args=[copy.pk])
    detail = client.get(response["Location"])
    assert detail.context["sign_form"] is None  # an electronic original's own file: not signed
    listed = client.get(reverse("eoffice:copy_list")).context["rows"]
    assert [r["obj"].pk for r in listed] == [copy.pk]
    client.force_login(world.specialist)
    assert client.get(reverse("eoffice:copy_list")).status_code == 403
    assert client.get(reverse("eoffice:copy_detail", args=[copy.pk])).status_code == 404


@pytest.fixture(scope="module")
def authority():
    return DemoAuthority.create()


def test_an_admin_adds_and_revokes_keys_and_a_wrong_password_is_refused(
    client, registry, world, authority
):
    admin = registry.user("quantri", Role.AGENCY_ADMIN)
    client.force_login(world.clerk)
    assert client.get(reverse("eoffice:key_list")).status_code == 403
    client.force_login(admin)
    p12 = authority.issue_pkcs12("Bình Nguyễn", world.office.name, "dung-mat-khau")

    def upload(passphrase):
        return client.post(reverse("eoffice:key_add"), {
            "owner": "person", "user": world.leader.pk, "label": "Khóa lãnh đạo",
            "pkcs12": SimpleUploadedFile("k.p12", p12), "passphrase": passphrase,
        })  # fmt: skip

    response = upload("sai")
    assert response.status_code == 422 and response.context["form"].errors["pkcs12"]
    assert not SigningCredential.objects.exists()
    assert upload("dung-mat-khau").status_code == 302
    key = SigningCredential.objects.get(user=world.leader)
    listed = client.get(reverse("eoffice:key_list")).context["credentials"]
    assert list(listed) == [key]
    assert b"dung-mat-khau" not in client.get(reverse("eoffice:key_list")).content
    # The leader signs with the real key: a wrong password shows at the field, nothing changes.
    document = approved(world)
    response = post(client, world.leader, "sign", document, {"passphrase": "sai"})
    assert response.status_code == 422 and response.context["sign_form"].errors["passphrase"]
    document.refresh_from_db()
    assert document.status == S.APPROVED and document.final_file_id is None
    client.force_login(admin)
    assert client.post(reverse("eoffice:key_revoke", args=[key.pk])).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
