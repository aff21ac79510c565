"""Pages of outgoing documents: the list, the draft form, the document page and who sees which
action."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chinhquyenso.core.choices import Role
from chinhquyenso.core.navigation import menu_for
from chinhquyenso.eoffice.models import DocumentType, OutgoingDocument

from . import outgoing_support
from .outgoing_support import PDF, approved, draft, issued

pytestmark = pytest.mark.django_db
world = outgoing_support.world
signing_stub = outgoing_support.signing_stub


def draft_post(world, **overrides) -> dict:
    values = {
        "doc_type": str(DocumentType.objects.get(code="ke_hoach").pk),
        "subject": "Kế hoạch chuyển đổi số năm 2026",
        "department": str(world.department.pk),
        "reviewer": str(world.head.pk),
        "signer": str(world.leader.pk),
        "signing_authority": "",
        "signer_position": "CHÁNH VĂN PHÒNG",
        "proposed_urgency": "1",
        "secrecy": "0",
        "internal_recipients": [str(world.recipient.pk)],
        "external_recipients": "Bộ Nội vụ\n\n",
        "recipients_text": "- Sở Nội vụ;\n- Lưu: VT, VX.",
        "copies_count": "2",
        "file": SimpleUploadedFile("du-thao.pdf", PDF, "application/pdf"),
    }
    values.update(overrides)
    return values


def test_the_specialist_creates_a_draft_through_the_form(client, world):
    client.force_login(world.specialist)
    page = client.get(reverse("eoffice:outgoing_create"))
    assert page.status_code == 200
    assert world.head in page.context["form"].fields["reviewer"].queryset
    assert list(page.context["form"].fields["signer"].queryset) == [world.leader]
    response = client.post(reverse("eoffice:outgoing_create"), draft_post(world))
    document = OutgoingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.status == "draft" and document.proposed_urgency == 1
    assert list(document.internal_recipients.all()) == [world.recipient]
    assert list(document.external_recipients.values_list("name", flat=True)) == ["Bộ Nội vụ"]
    assert document.versions.get().version == 1 and document.copies_count == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"file": ""}, "file"),
        ({"file": SimpleUploadedFile("x.pdf", b"not a pdf")}, "file"),
        ({"reviewer": "", "signer": ""}, "signer"),
        ({"signer": "__head__"}, "signer"),
        ({"secrecy": "2"}, "secrecy"),
    ],
)
def test_a_draft_with_errors_stores_nothing(client, world, overrides, field):
    if overrides.get("signer") == "__head__":
        overrides["signer"] = str(world.head.pk)  # not a leader: not offered, so refused
    client.force_login(world.specialist)
    response = client.post(reverse("eoffice:outgoing_create"), draft_post(world, **overrides))
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not OutgoingDocument.objects.exists()


def test_only_officials_who_may_draft_open_the_form(client, registry, world):
    citizen = registry.user("congdan", Role.CITIZEN)
    client.force_login(citizen)
    assert client.get(reverse("eoffice:outgoing_create")).status_code == 403
    assert client.post(reverse("eoffice:outgoing_create"), draft_post(world)).status_code == 403
    assert not OutgoingDocument.objects.exists()


def test_the_list_shows_what_each_user_may_see_and_exports_it(client, registry, world):
    document = draft(world)
    other = draft(world, subject="Báo cáo riêng", reviewer=None)
    stranger = registry.user("lanhdao_snv", Role.LEADER, agency=world.recipient)
    client.force_login(world.head)
    rows = client.get(reverse("eoffice:outgoing_list")).context["rows"]
    assert {r["obj"].pk for r in rows} == {document.pk, other.pk}
    client.force_login(stranger)
    assert client.get(reverse("eoffice:outgoing_list")).context["rows"] == []
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(world.clerk)
    found = client.get(reverse("eoffice:outgoing_list"), {"q": "riêng", "status": "draft"})
    assert [r["obj"].pk for r in found.context["rows"]] == [other.pk]
    assert found.context["page"].paginator is None  # count-free
    export = client.get(reverse("eoffice:outgoing_list"), {"q": "riêng", "export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "Báo cáo riêng" in body and "Kế hoạch chuyển đổi số" not in body


def test_the_list_filters_by_dates(client, world, signing_stub):
    import datetime

    old = issued(world, issued_date=datetime.date(2025, 3, 2))
    client.force_login(world.clerk)
    rows = client.get(
        reverse("eoffice:outgoing_list"), {"date_from": "2025-03-01", "date_to": "2025-03-31"}
    ).context["rows"]
    assert [r["obj"].pk for r in rows] == [old.pk]
    rows = client.get(reverse("eoffice:outgoing_list"), {"date_from": "2025-04-01"}).context["rows"]
    assert old.pk not in [r["obj"].pk for r in rows]


def _shown(client, user, document) -> set[str]:
    client.force_login(user)
    context = client.get(document.get_absolute_url()).context
    names = ("version_form", "submit_form", "review_form", "approve_form", "sign_form",
             "issue_form", "recall_form", "correct_form")  # fmt: skip
    return {name for name in names if context.get(name) is not None}


def test_each_role_sees_only_its_actions(client, world, signing_stub):
    document = draft(world)
    assert _shown(client, world.specialist, document) == {"version_form", "submit_form"}
    assert _shown(client, world.head, document) == {"version_form"}
    assert _shown(client, world.clerk, document) == set()
    ready = approved(world, subject="Thông báo đã duyệt")
    assert _shown(client, world.leader, ready) == {"sign_form"}
    assert _shown(client, world.clerk, ready) == set()
    done = issued(world, subject="Công văn đã ban hành")
    assert _shown(client, world.clerk, done) == {"recall_form", "correct_form"}
    assert _shown(client, world.specialist, done) == {"correct_form"}


def test_the_sign_form_hides_the_password(client, world, signing_stub):
    document = approved(world)
    client.force_login(world.leader)
    html = client.get(document.get_absolute_url()).content.decode()
    assert 'type="password"' in html and 'autocomplete="off"' in html
    assert f'action="{reverse("eoffice:outgoing_sign", args=[document.pk])}"' in html


def test_document_page_lists_versions_and_their_files(client, world):
    document = draft(world)
    client.force_login(world.head)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200 and [v.version for v in page.context["versions"]] == [1]
    url = reverse("eoffice:outgoing_version_file", args=[document.pk, 1, "source"])
    assert url in page.content.decode()
    assert client.get(url).content == PDF
    assert (
        client.get(
            reverse("eoffice:outgoing_version_file", args=[document.pk, 9, "pdf"])
        ).status_code
        == 404
    )
    assert client.get(reverse("eoffice:outgoing_file", args=[document.pk])).status_code == 404


def test_navigation_offers_the_outgoing_pages(world):
    def urls(user):
        return {item["url"] for item in menu_for(user)}

    clerk = urls(world.clerk)
    for name in ("outgoing_list", "arrival_list", "copy_list"):
        assert reverse(f"eoffice:{name}") in clerk
    assert reverse("eoffice:key_list") not in clerk
    assert reverse("eoffice:arrival_list") not in urls(world.specialist)
    assert reverse("eoffice:outgoing_list") in urls(world.specialist)
