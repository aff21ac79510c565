"""Pages of the e-office: lists, registration form, duplicate flow, visibility."""

import datetime

import pytest
from django.urls import reverse

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.eoffice.choices import IncomingStatus, Secrecy, Urgency
from chinhquyenso.eoffice.models import DocumentType, IncomingDocument
from chinhquyenso.eoffice.services import register_incoming
from chinhquyenso.eoffice.views.common import action_label

from .conftest import PDF, make_data

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    values = {
        "issuer_name": "Ban Thường vụ Tỉnh ủy",
        "notation": "19-CT/TU",
        "issued_date": "2026-11-02",
        "doc_type": str(DocumentType.objects.get(name="Chỉ thị").pk),
        "subject": "Về tăng cường chuyển đổi số tỉnh Quảng Ngãi",
        "urgency": str(Urgency.NORMAL),
        "secrecy": str(Secrecy.NORMAL),
        "channel": "paper",
        "arrival_date": "2026-11-03",
    }
    values.update(overrides)
    return values


@pytest.fixture
def outsider(registry):
    return registry.user("congdan", Role.CITIZEN, kind=UserKind.CITIZEN)


@pytest.fixture
def document(registry, clerk):
    return register_incoming(clerk, registry.office, make_data())


def test_list_search_is_diacritic_insensitive_and_filtered_by_visibility(
    client, registry, clerk, outsider
):
    register_incoming(clerk, registry.office, make_data())
    register_incoming(
        clerk,
        registry.office,
        make_data(notation="12/UBND-VX", subject="Về phòng chống bão lũ", issuer_name="UBND xã"),
    )
    client.force_login(clerk)
    response = client.get(reverse("eoffice:incoming_list"), {"q": "chuyen doi so quang ngai"})
    assert response.status_code == 200
    assert [r["obj"].notation_raw for r in response.context["rows"]] == ["19-CT/TU"]
    client.force_login(outsider)
    response = client.get(reverse("eoffice:incoming_list"))
    assert response.context["rows"] == []


def test_list_pages_without_counting_and_exports_the_filtered_list(
    client, registry, clerk, monkeypatch
):
    monkeypatch.setattr("chinhquyenso.core.listing.PAGE_SIZE", 2)
    for number in range(1, 4):
        register_incoming(
            clerk,
            registry.office,
            make_data(notation=f"{number}/UBND-VX", issuer_name=f"X{number}"),
        )
    client.force_login(clerk)
    first = client.get(reverse("eoffice:incoming_list"))
    assert first.context["page"].has_next() and first.context["page"].paginator is None
    last = client.get(reverse("eoffice:incoming_list"), {"page": 2})
    assert not last.context["page"].has_next()
    assert [r["obj"].notation_raw for r in last.context["rows"]] == ["1/UBND-VX"]
    export = client.get(reverse("eoffice:incoming_list"), {"issuer": "X2", "export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "2/UBND-VX" in body and "3/UBND-VX" not in body


def test_list_highlights_urgent_and_overdue(client, registry, clerk):
    register_incoming(
        clerk,
        registry.office,
        make_data(urgency=Urgency.EXPRESS, due_date=datetime.date(2026, 11, 10)),
    )
    client.force_login(clerk)
    html = client.get(reverse("eoffice:incoming_list")).content.decode()
    assert "eo-row--urgent" in html and "eo-row--overdue" in html


def test_queues_refuse_people_without_the_role(client, registry, outsider, clerk, leader):
    client.force_login(outsider)
    for name in ("inbox", "leader_queue", "incoming_register"):
        assert client.get(reverse(f"eoffice:{name}")).status_code == 403
    client.force_login(clerk)
    assert client.get(reverse("eoffice:inbox")).status_code == 200
    assert client.get(reverse("eoffice:leader_queue")).status_code == 403
    client.force_login(leader)
    assert client.get(reverse("eoffice:leader_queue")).status_code == 200


def test_register_form_shows_the_stamp(client, registry, clerk):
    client.force_login(clerk)
    data = form_data(dossier="HS-01")
    data["file"] = _upload()
    response = client.post(reverse("eoffice:incoming_register"), data)
    document = IncomingDocument.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    page = client.get(document.get_absolute_url()).content.decode()
    assert 'class="eo-stamp"' in page and "HS-01" in page
    assert reverse("eoffice:incoming_file", args=[document.pk]) in page
    assert document.file is not None and document.arrival_number == 1


def _upload(name="scan.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issuer_name": ""}, "issuer_name"),
        ({"arrival_date": "2099-01-01"}, "arrival_date"),
        ({"issued_date": "not a date"}, "issued_date"),
        ({"notation": "   "}, "notation"),
        ({"secrecy": str(Secrecy.SECRET)}, "file"),
    ],
)
def test_bad_registration_input_shows_errors_and_stores_nothing(
    client, registry, clerk, overrides, field
):
    client.force_login(clerk)
    data = form_data(**overrides)
    data["file"] = _upload()
    response = client.post(reverse("eoffice:incoming_register"), data)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not IncomingDocument.objects.exists()


def test_empty_file_is_refused(client, registry, clerk):
    client.force_login(clerk)
    data = form_data()
    data["file"] = _upload(content=b"")
    response = client.post(reverse("eoffice:incoming_register"), data)
    assert response.status_code == 422
    assert not IncomingDocument.objects.exists()


def test_duplicate_is_shown_then_registered_when_confirmed_without_reattaching(
    client, registry, clerk, document
):
    client.force_login(clerk)
    data = form_data()
    data["file"] = _upload()
    response = client.post(reverse("eoffice:incoming_register"), data)
    assert response.status_code == 422
    assert response.context["duplicates"] == [document]
    pending = response.context["pending"]
    assert pending is not None
    assert IncomingDocument.objects.count() == 1
    confirmed = client.post(
        reverse("eoffice:incoming_register"),
        form_data(confirm_duplicate="on", pending_file=str(pending.pk)),
    )
    assert confirmed.status_code == 302
    second = IncomingDocument.objects.get(arrival_number=2)
    assert second.file_id == pending.pk


def test_someone_elses_pending_file_is_ignored(client, registry, clerk, document):
    other = registry.user("vanthu2", Role.CLERK)
    client.force_login(clerk)
    data = form_data(notation="7/UBND-VX")
    data["file"] = _upload(content=PDF + b"% other\n")
    client.post(reverse("eoffice:incoming_register"), data)
    stored = IncomingDocument.objects.get(notation_raw="7/UBND-VX").file
    client.force_login(other)
    client.post(
        reverse("eoffice:incoming_register"),
        form_data(notation="8/UBND-VX", pending_file=str(stored.pk)),
    )
    assert IncomingDocument.objects.get(notation_raw="8/UBND-VX").file is None


def test_outsider_gets_404_for_document_and_file(client, registry, outsider, document):
    client.force_login(outsider)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(reverse("eoffice:incoming_file", args=[document.pk])).status_code == 404
    assert client.get(reverse("eoffice:incoming_assign", args=[document.pk])).status_code == 404


def test_secret_document_shows_metadata_only(client, registry, clerk):
    secret = register_incoming(clerk, registry.office, make_data(secrecy=Secrecy.SECRET))
    client.force_login(clerk)
    page = client.get(secret.get_absolute_url()).content.decode()
    assert reverse("eoffice:incoming_file", args=[secret.pk]) not in page
    assert client.get(reverse("eoffice:incoming_file", args=[secret.pk])).status_code == 404


def test_return_to_sender_needs_a_reason(client, registry, clerk, document):
    client.force_login(clerk)
    url = reverse("eoffice:incoming_return", args=[document.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    document.refresh_from_db()
    assert document.status == IncomingStatus.REGISTERED
    assert client.post(url, {"reason": "Gửi nhầm cơ quan"}).status_code == 302
    document.refresh_from_db()
    assert document.status == IncomingStatus.RETURNED
    timeline = client.get(document.get_absolute_url()).context["trace"]
    assert timeline[-1]["label"] == action_label("returned") != "returned"
