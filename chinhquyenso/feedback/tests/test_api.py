"""The feedback JSON API: public reads without sign-in and without who reported, a citizen's
report with photos, own reports and rating, the officers' work, statistics and permissions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chinhquyenso.core.models import StoredFile
from chinhquyenso.feedback.choices import ReportChannel, ReportStatus
from chinhquyenso.feedback.models import Report, ReportPhoto

from .api_support import FeedbackWorld, bearer, photo

URL = "/api/v1/feedback"
REPORTER_FIELDS = {"reporter", "reporter_name", "reporter_phone", "reporter_email", "consent_at"}


@pytest.fixture
def world(registry):
    return FeedbackWorld(registry)


def _form(world, **overrides):
    data = {
        "category": "rac-thai",
        "description": "Rác thải đổ trộm ven sông Trà Khúc, bốc mùi suốt một tuần.",
        "address": "Bờ kè sông Trà Khúc, gần cầu Trà Khúc 1",
        "admin_unit": "21025",
        "latitude": "15.1265",
        "longitude": "108.8047",
        "public": "true",
        "consent": "true",
    }
    data.update(overrides)
    return data


def _no_reporter_anywhere(payload) -> None:
    if isinstance(payload, dict):
        assert not REPORTER_FIELDS & set(payload), payload
        for value in payload.values():
            _no_reporter_anywhere(value)
    elif isinstance(payload, list):
        for value in payload:
            _no_reporter_anywhere(value)


# Public reads -------------------------------------------------------------------------------


def test_categories_need_no_sign_in_and_hide_retired_ones(world, client):
    response = client.get(f"{URL}/categories")
    assert response.status_code == 200
    assert [c["code"] for c in response.json()] == ["rac-thai", "duong-sa"]
    assert response.json()[0]["name"] == "Rác thải, vệ sinh môi trường"


def test_public_list_shows_public_reports_without_who_reported(world, client):
    shown = world.answered(description="Ổ gà sâu giữa đường Quang Trung, xe máy dễ ngã.")
    world.report(description="Chuyện riêng của gia đình tôi, xin đừng công khai.", public=False)
    response = client.get(f"{URL}/reports")
    assert response.status_code == 200
    body = response.json()
    assert [r["code"] for r in body["items"]] == [shown.code]
    item = body["items"][0]
    assert item["status"] == "resolved" and item["response"].startswith("Đã vá ổ gà")
    assert item["agency"] == world.office.name and item["category_code"] == "duong-sa"
    _no_reporter_anywhere(body)
    assert "Nguyễn Văn An" not in response.content.decode()
    assert "0905123456" not in response.content.decode()


def test_public_list_filters(world, client):
    rubbish = world.report(
        category=world.rubbish,
        unit=world.cam_thanh,
        description="Rác thải ùn ứ ở chợ Cẩm Thành nhiều ngày.",
    )
    road = world.report(description="Mặt đường Lê Lợi sụt lún sau mưa lớn.")
    rejected = world.rejected(description="Đề nghị làm đường vào nhà riêng của tôi.")

    def codes(**params):
        response = client.get(f"{URL}/reports", params)
        assert response.status_code == 200, response.content
        return {r["code"] for r in response.json()["items"]}

    assert codes(category="rac-thai") == {rubbish.code}
    assert codes(unit="21025") == {rubbish.code}
    assert codes(status="rejected") == {rejected.code}
    assert codes(status="new") == {rubbish.code, road.code}
    assert codes(q="sụt lún") == {road.code}
    assert codes(q="chợ cẩm thành") == {rubbish.code}
    Report.objects.filter(pk=road.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert codes(since=since) == {rubbish.code, rejected.code}


def test_public_list_refuses_an_unknown_status(world, client):
    response = client.get(f"{URL}/reports", {"status": "lost"})
    assert response.status_code == 422
    assert "status" in response.json()["errors"]


def test_public_list_pages_without_counting(world, client):
    made = [
        world.report(description=f"Đèn đường số {n} trên đường Phạm Văn Đồng bị hỏng.")
        for n in range(5)
    ]
    first = client.get(f"{URL}/reports", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    last = client.get(f"{URL}/reports", {"limit": 2, "offset": 4}).json()
    assert len(last["items"]) == 1 and last["next_offset"] is None
    seen = [
        r["code"]
        for offset in (0, 2, 4)
        for r in client.get(f"{URL}/reports", {"limit": 2, "offset": offset}).json()["items"]
    ]
    assert sorted(seen) == sorted(r.code for r in made)


def test_public_report_by_code_with_public_timeline_only(world, client):
    report = world.report()
    from chinhquyenso.feedback import services as feedback

    feedback.accept(world.officer, report, note="Giao đội duy tu đường bộ xử lý gấp.")
    response = client.get(f"{URL}/reports/{report.code.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == report.code and body["status"] == "accepted"
    assert [e["action"] for e in body["timeline"]] == ["received", "accepted"]
    assert "duy tu" not in response.content.decode()  # the internal direction stays inside
    _no_reporter_anywhere(body)


def test_a_private_or_unknown_report_is_not_found(world, client):
    private = world.report(public=False)
    assert client.get(f"{URL}/reports/{private.code}").status_code == 404
    assert client.get(f"{URL}/reports/PA-2026-999999").status_code == 404


# A citizen's report --------------------------------------------------------------------------


def test_citizen_sends_a_report_with_photos(world, client):
    response = client.post(
        f"{URL}/reports",
        {**_form(world), "photos": [photo("a.jpg"), photo("b.png", "PNG")]},
        **bearer(world.citizen_token),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.get(code=body["code"])
    assert body["status"] == "new" and body["id"] == report.pk
    # Phường Cẩm Thành has its People's Committee on the platform: it receives the report.
    assert body["agency"] == world.ward.name and report.agency == world.ward
    assert report.channel == ReportChannel.API and report.reporter == world.citizen
    assert report.consent_at is not None and report.admin_unit == world.cam_thanh
    assert str(report.latitude) == "15.126500"
    assert ReportPhoto.objects.filter(report=report).count() == 2


def test_the_same_client_key_stores_one_report(world, client):
    form = _form(world, client_key="dien-thoai-an-0001")
    first = client.post(f"{URL}/reports", form, **bearer(world.citizen_token))
    again = client.post(f"{URL}/reports", form, **bearer(world.citizen_token))
    assert first.status_code == again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "khong-co"}, "category"),
        ({"category": "cu"}, "category"),
        ({"description": "Ngắn"}, "description"),
        ({"consent": "false"}, "consent"),
        ({"latitude": "15.12", "longitude": ""}, "longitude"),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude"),
        ({"latitude": "mười lăm"}, "latitude"),
        ({"admin_unit": "99999"}, "admin_unit"),
        ({"address": "", "admin_unit": "", "latitude": "", "longitude": ""}, "address"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(world, client, overrides, field):
    response = client.post(
        f"{URL}/reports", _form(world, **overrides), **bearer(world.citizen_token)
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Report.objects.exists()


def test_too_many_or_wrong_photos_store_nothing(world, client):
    many = [photo(f"{n}.jpg") for n in range(6)]
    response = client.post(
        f"{URL}/reports", {**_form(world), "photos": many}, **bearer(world.citizen_token)
    )
    assert response.status_code == 422 and "photos" in response.json()["errors"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = SimpleUploadedFile("ghi-chu.txt", "Không phải ảnh".encode(), "text/plain")
    response = client.post(
        f"{URL}/reports", {**_form(world), "photos": [text]}, **bearer(world.citizen_token)
    )
    assert response.status_code == 422 and "photos" in response.json()["errors"]
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_sending_needs_a_citizen(world, client):
    assert client.post(f"{URL}/reports", _form(world)).status_code == 401
    response = client.post(f"{URL}/reports", _form(world), **bearer(world.officer_token))
    assert response.status_code == 403
    response = client.post(f"{URL}/reports", _form(world), **bearer("cqs_khong-hop-le"))
    assert response.status_code == 401
    assert not Report.objects.exists() and not StoredFile.objects.exists()


def test_my_reports_and_rating(world, client):
    mine = world.answered()
    world.report(user=world.other_citizen, description="Cống thoát nước đường Nguyễn Nghiêm tắc.")
    response = client.get(f"{URL}/my", **bearer(world.citizen_token))
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["items"]] == [mine.pk]
    detail = client.get(f"{URL}/my/{mine.pk}", **bearer(world.citizen_token)).json()
    assert detail["timeline"][-1]["action"] == "answered"
    rated = client.post(
        f"{URL}/my/{mine.pk}/rating",
        {"satisfied": True, "comment": "Cảm ơn."},
        content_type="application/json",
        **bearer(world.citizen_token),
    )
    assert rated.status_code == 200 and rated.json()["satisfied"] is True
    again = client.post(
        f"{URL}/my/{mine.pk}/rating",
        {"satisfied": False},
        content_type="application/json",
        **bearer(world.citizen_token),
    )
    assert again.status_code == 422
    assert Report.objects.get(pk=mine.pk).satisfied is True


def test_someone_elses_report_is_not_found_for_a_citizen(world, client):
    theirs = world.answered(user=world.other_citizen)
    assert client.get(f"{URL}/my/{theirs.pk}", **bearer(world.citizen_token)).status_code == 404
    response = client.post(
        f"{URL}/my/{theirs.pk}/rating",
        {"satisfied": False},
        content_type="application/json",
        **bearer(world.citizen_token),
    )
    assert response.status_code == 404
    assert Report.objects.get(pk=theirs.pk).satisfied is None


# Officers ------------------------------------------------------------------------------------


def test_officer_list_includes_the_contact_and_filters(world, client):
    road = world.report()
    world.report(category=world.rubbish, unit=world.cam_thanh)  # the ward's, not the office's
    response = client.get(f"{URL}/officer/reports", **bearer(world.officer_token))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [r["id"] for r in items] == [road.pk]
    assert items[0]["reporter_name"] == "Nguyễn Văn An"
    assert items[0]["reporter_phone"] == "0905123456"
    overdue = client.get(
        f"{URL}/officer/reports", {"overdue": "true"}, **bearer(world.officer_token)
    )
    assert overdue.json()["items"] == []
    accepted = client.get(
        f"{URL}/officer/reports", {"status": "accepted"}, **bearer(world.officer_token)
    )
    assert accepted.json()["items"] == []


def test_officer_accepts_and_answers_with_photos(world, client):
    report = world.report()
    auth = bearer(world.officer_token)
    response = client.post(
        f"{URL}/officer/reports/{report.pk}/accept",
        {"working_days": 5, "note": "Đội duy tu xử lý."},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted" and response.json()["due_date"]
    response = client.post(
        f"{URL}/officer/reports/{report.pk}/answer",
        {"response": "Đã vá ổ gà trước số 12 Hùng Vương.", "photos": [photo("sau.jpg")]},
        **auth,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resolved"
    detail = client.get(f"{URL}/officer/reports/{report.pk}", **auth).json()
    assert [p["with_answer"] for p in detail["photos"]] == [True]
    assert {"direction", "answered"} <= {e["action"] for e in detail["timeline"]}
    assert any(not e["public"] for e in detail["timeline"])


def test_officer_accept_refuses_bad_input(world, client):
    report = world.report()
    auth = bearer(world.officer_token)
    for payload, field in (
        ({"working_days": 0}, "working_days"),
        ({"department_id": 999999}, "department"),
        ({"handler_id": world.citizen.pk}, "handler"),
    ):
        response = client.post(
            f"{URL}/officer/reports/{report.pk}/accept",
            payload,
            content_type="application/json",
            **auth,
        )
        assert response.status_code == 422 and field in response.json()["errors"], payload
    assert Report.objects.get(pk=report.pk).status == ReportStatus.NEW


def test_officer_transfers_and_the_other_agency_sees_it(world, client):
    report = world.report()
    response = client.post(
        f"{URL}/officer/reports/{report.pk}/transfer",
        {"agency_id": world.ward.pk, "reason": "Thuộc địa bàn phường."},
        content_type="application/json",
        **bearer(world.officer_token),
    )
    assert response.status_code == 200 and response.json()["agency_id"] == world.ward.pk
    ward_view = client.get(f"{URL}/officer/reports/{report.pk}", **bearer(world.ward_token))
    assert ward_view.status_code == 200
    assert (
        client.get(f"{URL}/officer/reports/{report.pk}", **bearer(world.officer_token)).status_code
        == 404
    )


def test_officer_rejects_as_a_duplicate(world, client):
    first = world.report()
    second = world.report(description="Ổ gà trước số 12 Hùng Vương vẫn chưa được vá.")
    auth = bearer(world.officer_token)
    unknown = client.post(
        f"{URL}/officer/reports/{second.pk}/reject",
        {"duplicate_of": "PA-2000-000001"},
        content_type="application/json",
        **auth,
    )
    assert unknown.status_code == 422
    response = client.post(
        f"{URL}/officer/reports/{second.pk}/reject",
        {"duplicate_of": first.code.lower()},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200
    assert response.json()["duplicate_of"] == first.code
    assert response.json()["reject_reason"].endswith(f"{first.code}.")
    empty = client.post(
        f"{URL}/officer/reports/{first.pk}/reject",
        {"reason": " "},
        content_type="application/json",
        **auth,
    )
    assert empty.status_code == 422 and "reason" in empty.json()["errors"]


def test_a_citizen_cannot_call_officer_endpoints(world, client):
    report = world.report()
    auth = bearer(world.citizen_token)
    assert client.get(f"{URL}/officer/reports", **auth).status_code == 403
    assert client.get(f"{URL}/officer/reports/{report.pk}", **auth).status_code == 403
    response = client.post(
        f"{URL}/officer/reports/{report.pk}/reject",
        {"reason": "Không."},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403
    assert client.get(f"{URL}/statistics", **auth).status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.NEW


def test_another_agencys_officer_gets_not_found(world, client):
    report = world.report()  # the province office's
    auth = bearer(world.ward_token)
    assert client.get(f"{URL}/officer/reports/{report.pk}", **auth).status_code == 404
    response = client.post(
        f"{URL}/officer/reports/{report.pk}/accept", {}, content_type="application/json", **auth
    )
    assert response.status_code == 404
    answer = client.post(
        f"{URL}/officer/reports/{report.pk}/answer",
        {"response": "Trả lời thay cơ quan khác."},
        **auth,
    )
    assert answer.status_code == 404
    assert Report.objects.get(pk=report.pk).status == ReportStatus.NEW


def test_statistics_for_the_leaders_agency(world, client):
    world.answered()
    world.rejected()
    world.report(category=world.rubbish, unit=world.cam_thanh)  # the ward's
    year = timezone.localdate().year
    response = client.get(f"{URL}/statistics", {"year": year}, **bearer(world.leader_token))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agency_id"] == world.office.pk
    assert (body["received"], body["answered"], body["rejected"]) == (2, 1, 1)
    assert body["by_category"] == [
        {"code": "duong-sa", "name": "Hư hỏng đường sá", "received": 2, "answered": 1}
    ]
    other = client.get(
        f"{URL}/statistics", {"agency_id": world.ward.pk}, **bearer(world.leader_token)
    )
    assert other.status_code == 403
    bad = client.get(f"{URL}/statistics", {"year": 1900}, **bearer(world.leader_token))
    assert bad.status_code == 422


def test_openapi_lists_the_feedback_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/feedback/categories",
        "/api/v1/feedback/reports",
        "/api/v1/feedback/reports/{code}",
        "/api/v1/feedback/my",
        "/api/v1/feedback/my/{report_id}/rating",
        "/api/v1/feedback/officer/reports",
        "/api/v1/feedback/officer/reports/{report_id}",
        "/api/v1/feedback/officer/reports/{report_id}/accept",
        "/api/v1/feedback/officer/reports/{report_id}/transfer",
        "/api/v1/feedback/officer/reports/{report_id}/answer",
        "/api/v1/feedback/officer/reports/{report_id}/reject",
        "/api/v1/feedback/statistics",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/feedback/reports"]


def test_reports_list_where_their_photos_are_served(world, client):
    report = world.report(photos=[photo("truoc.jpg"), photo("gan.png", "PNG")], public=False)
    ids = list(report.photos.order_by("id").values_list("pk", flat=True))
    Report.objects.filter(pk=report.pk).update(public=True)
    body = client.get(f"{URL}/reports/{report.code}").json()
    assert body["photos"] == [reverse("feedback:public_photo", args=[report.code, i]) for i in ids]
    assert client.get(body["photos"][0]).status_code == 200
    own = client.get(f"{URL}/my/{report.pk}", **bearer(world.citizen_token)).json()
    assert own["photos"] == [reverse("feedback:my_photo", args=[report.pk, i]) for i in ids]
    officer = client.get(f"{URL}/officer/reports/{report.pk}", **bearer(world.officer_token))
    urls = [p["url"] for p in officer.json()["photos"]]
    assert urls == [reverse("feedback:officer_photo", args=[report.pk, i]) for i in ids]


def test_lists_read_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    for n in range(6):
        world.report(
            description=f"Đèn đường số {n} trên đường Phạm Văn Đồng bị hỏng.", unit=world.tinh_khe
        )
    with django_assert_max_num_queries(3):
        assert len(client.get(f"{URL}/reports").json()["items"]) == 6
    with django_assert_max_num_queries(8):
        response = client.get(f"{URL}/officer/reports", **bearer(world.officer_token))
        assert len(response.json()["items"]) == 6
