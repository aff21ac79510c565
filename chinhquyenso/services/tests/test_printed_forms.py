"""The printed forms of Thông tư 01/2018/TT-VPCP: the receipt-and-appointment slip (mẫu 01) from
the back office and after a walk-in, the supplement request (mẫu 02) and the refusal (mẫu 03) for
the officer and for the applicant alone, on the web and through the API."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.core.models import AuditEvent, StoredFile
from chinhquyenso.identity.tokens import issue_token
from chinhquyenso.services import services
from chinhquyenso.services.choices import DossierStatus
from chinhquyenso.services.models import ServiceDossier, SupplementRequest

from . import backoffice_fixtures as fixtures

calendar_2026, clock, world = fixtures.calendar_2026, fixtures.clock, fixtures.world
S = DossierStatus
ITEMS = ["Bản sao Giấy chứng sinh", "Tờ khai ký đủ chữ ký của người đi khai"]
REASON = "Trẻ đã được đăng ký khai sinh tại UBND xã Bình Sơn."


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _auth(user) -> dict:
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def _text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _stranger(world):
    return world.registry.user(
        "khac", Role.CITIZEN, kind=UserKind.CITIZEN, citizen_id="051090001234"
    )


def test_walk_in_page_offers_the_appointment_slip_to_print(client, world, clock):
    client.force_login(world.officer)
    done = client.post(
        reverse("services:counter_receive"),
        {
            "agency": world.agency.pk,
            "procedure": world.procedure.pk,
            "full_name": "Lê Văn Cường",
            "citizen_id": "051099001122",
            "address": "12 Phan Đình Phùng, phường Cẩm Thành",
            f"scan_{world.form.pk}": SimpleUploadedFile("to-khai.pdf", fixtures.pdf_bytes()),
            "accept": "on",
        },
    )
    dossier = ServiceDossier.objects.get()
    assert dossier.status == S.PROCESSING
    assert done.status_code == 302 and done["Location"].endswith("?print=receipt")
    page = client.get(done["Location"]).content.decode()
    receipt_url = reverse("services:backoffice_receipt", args=[dossier.pk])
    assert "Print the receipt and appointment slip" in page and receipt_url in page
    text = _flat(_text(client.get(receipt_url)))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert dossier.code in text and "Lê Văn Cường" in text
    assert "12 Phan Đình Phùng" in text and world.form.name in text
    # 12 Feb 2026 + 3 working days, Tết 2026 skipped.
    assert "Ngày hẹn trả kết quả: ngày 24/02/2026" in text
    assert "NGƯỜI TIẾP NHẬN" in text and str(world.officer) in text


def test_walk_in_not_accepted_prints_a_submission_receipt_not_an_online_one(client, world, clock):
    client.force_login(world.officer)
    done = client.post(
        reverse("services:counter_receive"),
        {
            "agency": world.agency.pk,
            "procedure": world.procedure.pk,
            "full_name": "Lê Văn Cường",
            "citizen_id": "051099001122",
            "accept": "on",  # nothing scanned: incomplete, so it stays unaccepted
        },
    )
    dossier = ServiceDossier.objects.get()
    assert dossier.status == S.SUBMITTED
    page = client.get(done["Location"]).content.decode()
    assert "Print the submission receipt" in page
    text = _flat(_text(client.get(reverse("services:backoffice_receipt", args=[dossier.pk]))))
    assert "GIẤY XÁC NHẬN NỘP HỒ SƠ" in text and "TRỰC TUYẾN" not in text
    assert dossier.code in text and "Ngày hẹn trả kết quả" not in text


def test_online_dossier_slip_from_the_back_office_page_and_api(client, world, clock):
    dossier = world.online_dossier()
    services.check_and_accept(world.officer, dossier)
    client.force_login(world.officer)
    page = client.get(reverse("services:backoffice_dossier", args=[dossier.pk])).content.decode()
    receipt_url = reverse("services:backoffice_receipt", args=[dossier.pk])
    assert receipt_url in page and "Print the receipt" not in page  # no print panel here
    assert "HẸN TRẢ KẾT QUẢ" in _text(client.get(receipt_url))
    auth = _auth(world.officer)
    detail = client.get(f"/api/v1/services/backoffice/{dossier.pk}", **auth).json()
    assert set(detail["printed_forms"]) == {"receipt"}
    api_text = _text(client.get(detail["printed_forms"]["receipt"], **auth))
    assert dossier.code in api_text and "24/02/2026" in api_text


def test_supplement_request_form_lists_every_item_for_officer_and_applicant(client, world, clock):
    dossier = world.online_dossier()
    request = services.request_supplement(world.officer, dossier, ITEMS)
    assert request.file is not None and request.file.mime_type == "application/pdf"
    event = AuditEvent.objects.get(action="services.dossier.request_supplement")
    assert event.after["form_sha256"] == request.file.sha256

    client.force_login(world.officer)
    url = reverse("services:backoffice_supplement_request", args=[dossier.pk])
    page = client.get(reverse("services:backoffice_dossier", args=[dossier.pk])).content.decode()
    assert url in page
    text = _flat(_text(client.get(url)))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert f"1. {ITEMS[0]}" in text and f"2. {ITEMS[1]}" in text
    assert dossier.code in text and "Nguyễn Văn An" in text and world.procedure.name in text
    assert "NGƯỜI HƯỚNG DẪN" in text and str(world.officer) in text

    client.force_login(world.citizen)
    mine = reverse("services:dossier_supplement_request", args=[dossier.pk])
    assert (
        mine in client.get(reverse("services:dossier_detail", args=[dossier.pk])).content.decode()
    )
    assert f"2. {ITEMS[1]}" in _flat(_text(client.get(mine)))
    auth = _auth(world.citizen)
    detail = client.get(f"/api/v1/services/applications/{dossier.pk}", **auth).json()
    assert set(detail["printed_forms"]) == {"slip", "supplement_request"}
    api_text = _flat(_text(client.get(detail["printed_forms"]["supplement_request"], **auth)))
    assert f"1. {ITEMS[0]}" in api_text
    office = _auth(world.officer)
    api_office = f"/api/v1/services/backoffice/{dossier.pk}/supplement-request.pdf"
    assert ITEMS[0] in _flat(_text(client.get(api_office, **office)))


def test_refusal_form_carries_the_reason_for_officer_and_applicant(client, world, clock):
    dossier = world.online_dossier()
    services.refuse(world.officer, dossier, REASON)
    dossier.refresh_from_db()
    assert dossier.refusal_file is not None
    event = AuditEvent.objects.get(action="services.dossier.refuse")
    assert event.after["form_sha256"] == dossier.refusal_file.sha256

    client.force_login(world.officer)
    text = _flat(_text(client.get(reverse("services:backoffice_refusal", args=[dossier.pk]))))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and REASON in text
    assert dossier.code in text and "NGƯỜI TIẾP NHẬN" in text and str(world.officer) in text
    api = client.get(
        f"/api/v1/services/backoffice/{dossier.pk}/refusal.pdf", **_auth(world.officer)
    )
    assert REASON in _flat(_text(api))

    client.force_login(world.citizen)
    mine = reverse("services:dossier_refusal", args=[dossier.pk])
    assert (
        mine in client.get(reverse("services:dossier_detail", args=[dossier.pk])).content.decode()
    )
    assert REASON in _flat(_text(client.get(mine)))
    auth = _auth(world.citizen)
    detail = client.get(f"/api/v1/services/applications/{dossier.pk}", **auth).json()
    assert set(detail["printed_forms"]) == {"slip", "refusal"}
    assert REASON in _flat(_text(client.get(detail["printed_forms"]["refusal"], **auth)))


def test_forms_not_issued_are_404(client, world, clock):
    dossier = world.online_dossier()
    client.force_login(world.officer)
    for name in ("backoffice_supplement_request", "backoffice_refusal"):
        assert client.get(reverse(f"services:{name}", args=[dossier.pk])).status_code == 404
    client.force_login(world.citizen)
    for name in ("dossier_supplement_request", "dossier_refusal"):
        assert client.get(reverse(f"services:{name}", args=[dossier.pk])).status_code == 404
    auth = _auth(world.citizen)
    base = f"/api/v1/services/applications/{dossier.pk}"
    assert client.get(f"{base}/refusal.pdf", **auth).status_code == 404
    assert client.get(f"{base}/supplement-request.pdf", **auth).status_code == 404


def test_someone_elses_forms_are_404_for_citizens_and_other_agencies(client, world, clock):
    refused = world.online_dossier()
    services.refuse(world.officer, refused, REASON)
    asked = world.online_dossier()
    services.request_supplement(world.officer, asked, ITEMS)
    stranger = _stranger(world)
    client.force_login(stranger)
    assert client.get(reverse("services:dossier_refusal", args=[refused.pk])).status_code == 404
    asked_url = reverse("services:dossier_supplement_request", args=[asked.pk])
    assert client.get(asked_url).status_code == 404
    assert client.get(reverse("services:dossier_slip", args=[asked.pk])).status_code == 404
    auth = _auth(stranger)
    for path in (
        f"/api/v1/services/applications/{refused.pk}/refusal.pdf",
        f"/api/v1/services/applications/{asked.pk}/supplement-request.pdf",
        f"/api/v1/services/applications/{asked.pk}/slip.pdf",
    ):
        assert client.get(path, **auth).status_code == 404
    # A citizen cannot reach the back-office copies either.
    assert (
        client.get(f"/api/v1/services/backoffice/{refused.pk}/refusal.pdf", **auth).status_code
        == 404
    )

    other = world.registry.user("motcua2", Role.ONE_STOP_OFFICER, agency=world.other_agency())
    client.force_login(other)
    for name, dossier in (
        ("backoffice_refusal", refused),
        ("backoffice_supplement_request", asked),
        ("backoffice_receipt", asked),
    ):
        assert client.get(reverse(f"services:{name}", args=[dossier.pk])).status_code == 404
    office = _auth(other)
    assert (
        client.get(f"/api/v1/services/backoffice/{asked.pk}/receipt.pdf", **office).status_code
        == 404
    )
    # An officer is not an applicant: the portal's copies are forbidden to them.
    own = f"/api/v1/services/applications/{asked.pk}/supplement-request.pdf"
    assert client.get(own, **_auth(world.officer)).status_code == 403


def test_empty_supplement_request_stores_no_form(world, clock):
    dossier = world.online_dossier()
    files = StoredFile.objects.count()
    with pytest.raises(ValidationError):
        services.request_supplement(world.officer, dossier, ["  ", ""])
    assert StoredFile.objects.count() == files and not SupplementRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.refuse(world.officer, dossier, " ")
    dossier.refresh_from_db()
    assert StoredFile.objects.count() == files and dossier.refusal_file is None


def test_forms_issued_before_they_were_kept_are_rendered_from_the_record(client, world, clock):
    asked = world.online_dossier()
    services.request_supplement(world.officer, asked, ITEMS)
    refused = world.online_dossier()
    services.refuse(world.officer, refused, REASON)
    SupplementRequest.objects.update(file=None)
    ServiceDossier.objects.filter(pk=refused.pk).update(refusal_file=None)
    client.force_login(world.officer)
    asked_url = reverse("services:backoffice_supplement_request", args=[asked.pk])
    text = _flat(_text(client.get(asked_url)))
    assert f"2. {ITEMS[1]}" in text and str(world.officer) in text
    refused_url = reverse("services:backoffice_refusal", args=[refused.pk])
    text = _flat(_text(client.get(refused_url)))
    assert REASON in text and str(world.officer) in text
