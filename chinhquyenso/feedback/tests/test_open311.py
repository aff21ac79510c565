"""Open311 GeoReport v2 at /open311/v2/: discovery, services, definitions, service requests in
JSON and XML, filters, the create call with a token, and errors in the specification's format."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from chinhquyenso.core.models import AuditEvent
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportChannel
from chinhquyenso.feedback.models import Report

from .api_support import FeedbackWorld, bearer, photo

URL = "/open311/v2"


@pytest.fixture
def world(registry):
    return FeedbackWorld(registry)


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def _post(client, world, fmt="json", **overrides):
    data = {
        "api_key": world.citizen_token,
        "service_code": "duong-sa",
        "lat": "15.1205",
        "long": "108.7923",
        "address_string": "Ngã tư Quang Trung – Hùng Vương, Quảng Ngãi",
        "description": "Đèn tín hiệu giao thông ở ngã tư bị tắt từ sáng.",
        "first_name": "An",
        "last_name": "Nguyễn Văn",
        "phone": "0905123456",
        "email": "an.nguyen@example.vn",
        "attribute[consent]": "true",
    }
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"{URL}/requests.{fmt}", data)


def _error(response, status):
    assert response.status_code == status, response.content
    if response["Content-Type"].startswith("text/xml"):
        root = etree.fromstring(response.content)
        assert root.tag == "errors"
        return root.findtext("error/code"), root.findtext("error/description")
    [body] = response.json()
    return str(body["code"]), body["description"]


# Discovery and services ----------------------------------------------------------------------


def test_discovery_in_both_formats(client):
    body = client.get(f"{URL}/discovery.json").json()
    [endpoint] = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml(client.get(f"{URL}/discovery.xml"))
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/url") == "http://testserver/open311/v2"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_list_active_categories(world, client):
    body = client.get(f"{URL}/services.json").json()
    assert [s["service_code"] for s in body] == ["rac-thai", "duong-sa"]
    assert body[0] == {
        "service_code": "rac-thai",
        "service_name": "Rác thải, vệ sinh môi trường",
        "description": "Rác thải để không đúng nơi quy định, ô nhiễm.",
        "metadata": True,
        "type": "realtime",
        "keywords": "rác, ô nhiễm",
        "group": "Môi trường",
    }
    root = xml(client.get(f"{URL}/services.xml"))
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == ["rac-thai", "duong-sa"]
    assert root.findtext("service/metadata") == "true"
    assert root.findtext("service/service_name") == "Rác thải, vệ sinh môi trường"


def test_service_definition_lists_the_consent_attribute(world, client):
    body = client.get(f"{URL}/services/rac-thai.json").json()
    assert body["service_code"] == "rac-thai"
    consent = body["attributes"][0]
    assert (consent["code"], consent["required"], consent["values"]) == (
        "consent",
        True,
        [{"key": "true", "name": consent["values"][0]["name"]}],
    )
    root = xml(client.get(f"{URL}/services/rac-thai.xml"))
    assert root.tag == "service_definition"
    assert [a.findtext("code") for a in root.findall("attributes/attribute")] == [
        "consent",
        "admin_unit",
        "public",
    ]
    assert root.findtext("attributes/attribute/values/value/key") == "true"


def test_unknown_or_retired_service_is_not_found(world, client):
    assert _error(client.get(f"{URL}/services/khong-co.json"), 404)[0] == "404"
    assert _error(client.get(f"{URL}/services/cu.xml"), 404)[0] == "404"


def test_an_unknown_format_is_not_found(world, client):
    for path in ("services.csv", "discovery.html", "requests.yaml", "services/rac-thai.txt"):
        response = client.get(f"{URL}/{path}")
        assert response.status_code == 404, path
        assert response.json()[0]["code"] == 404
    response = _post(client, world, fmt="csv")
    assert response.status_code == 404 and not Report.objects.exists()


# Reading requests ----------------------------------------------------------------------------


def test_requests_show_public_reports_in_both_formats(world, client):
    answered = world.answered(description="Ổ gà sâu giữa đường Quang Trung, xe máy dễ ngã.")
    world.report(description="Chuyện riêng của gia đình tôi, xin đừng công khai.", public=False)
    [row] = client.get(f"{URL}/requests.json").json()
    assert row["service_request_id"] == answered.code
    assert row["status"] == "closed" and row["status_notes"].startswith("Đã vá ổ gà")
    assert row["service_code"] == "duong-sa" and row["service_name"] == "Hư hỏng đường sá"
    assert row["agency_responsible"] == world.office.name
    assert row["address"] == "12 Hùng Vương" and row["zipcode"] == ""
    assert row["requested_datetime"].endswith("+07:00")
    assert row["expected_datetime"].startswith(answered.due_date.isoformat())
    assert row["lat"] is None and "media_url" not in row
    text = str(row)
    for secret in ("Nguyễn Văn An", "0905123456", "an.nguyen@example.vn"):
        assert secret not in text
    root = xml(client.get(f"{URL}/requests.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.findtext("service_request_id") == answered.code
    assert request.findtext("status") == "closed"
    assert request.findtext("lat") == "" and request.find("reporter_name") is None
    assert b"0905123456" not in etree.tostring(root)


def test_one_request_by_id(world, client):
    report = world.report(latitude="15.1205", longitude="108.7923")
    [row] = client.get(f"{URL}/requests/{report.code}.json").json()
    assert row["status"] == "open" and row["status_notes"] == ""
    assert (row["lat"], row["long"]) == (15.1205, 108.7923)
    root = xml(client.get(f"{URL}/requests/{report.code}.xml"))
    assert root.findtext("request/service_request_id") == report.code
    assert root.findtext("request/long") == "108.7923"
    private = world.report(public=False)
    assert _error(client.get(f"{URL}/requests/{private.code}.json"), 404)[0] == "404"
    assert _error(client.get(f"{URL}/requests/PA-2026-999999.xml"), 404)[0] == "404"


def test_requests_filters(world, client):
    rubbish = world.report(
        category=world.rubbish,
        unit=world.cam_thanh,
        description="Rác thải ùn ứ ở chợ Cẩm Thành nhiều ngày.",
    )
    road = world.report(description="Mặt đường Lê Lợi sụt lún sau mưa lớn.")
    closed = world.rejected(description="Đề nghị làm đường vào nhà riêng của tôi.")
    old = world.report(description="Cây đổ chắn ngang đường Trương Định sau bão.")
    Report.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=120)
    )

    def ids(**params):
        response = client.get(f"{URL}/requests.json", params)
        assert response.status_code == 200, response.content
        return {row["service_request_id"] for row in response.json()}

    assert ids() == {rubbish.code, road.code, closed.code}  # the last 90 days
    assert ids(service_code="rac-thai") == {rubbish.code}
    assert ids(service_code="rac-thai,duong-sa", status="open") == {rubbish.code, road.code}
    assert ids(status="closed") == {closed.code}
    assert ids(status="open,closed") == {rubbish.code, road.code, closed.code}
    start = (timezone.now() - datetime.timedelta(days=200)).isoformat(timespec="seconds")
    end = (timezone.now() - datetime.timedelta(days=100)).isoformat(timespec="seconds")
    assert ids(start_date=start, end_date=end) == {old.code}
    assert ids(start_date=start) == {old.code, rubbish.code, road.code, closed.code}
    # An unencoded "+" of the offset arrives as a space and is still understood.
    response = client.get(f"{URL}/requests.json?start_date={start}&end_date={end}")
    assert {row["service_request_id"] for row in response.json()} == {old.code}
    # The ids override every other filter.
    assert ids(service_request_id=f"{old.code},{road.code.lower()}", status="closed") == {
        old.code,
        road.code,
    }


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start_date": "hôm qua"}, "start_date"),
        ({"end_date": "2026-13-45"}, "end_date"),
        ({"start_date": "2026-06-01", "end_date": "2026-01-01"}, "start_date"),
        ({"status": "pending"}, "status"),
        ({"service_code": "khong-co"}, "khong-co"),
    ],
)
def test_bad_filters_get_a_georeport_error(world, client, params, words):
    code, description = _error(client.get(f"{URL}/requests.json", params), 400)
    assert code == "400" and words in description
    code, description = _error(client.get(f"{URL}/requests.xml", params), 400)
    assert code == "400" and words in description


def test_requests_are_capped(world, client, monkeypatch):
    from chinhquyenso.feedback.open311 import views

    monkeypatch.setattr(views, "MAX_RESULTS", 2)
    for n in range(3):
        world.report(description=f"Đèn đường số {n} trên đường Phạm Văn Đồng bị hỏng.")
    assert len(client.get(f"{URL}/requests.json").json()) == 2


def test_media_url_points_at_the_first_photo_of_the_reporter(world, client):
    report = world.report(photos=[photo("truoc.jpg"), photo("gan.png", "PNG")])
    first = report.photos.order_by("id").first()
    path = reverse("feedback:public_photo", args=[report.code, first.pk])
    [row] = client.get(f"{URL}/requests/{report.code}.json").json()
    assert row["media_url"] == f"http://testserver{path}"
    root = xml(client.get(f"{URL}/requests.xml"))
    assert root.findtext("request/media_url") == f"http://testserver{path}"
    assert client.get(path).status_code == 200


# Creating a request --------------------------------------------------------------------------


def test_post_creates_a_report_in_both_formats(world, client):
    response = _post(client, world)
    assert response.status_code == 201, response.content
    [body] = response.json()
    report = Report.objects.get(code=body["service_request_id"])
    assert body["account_id"] is None and world.office.name in body["service_notice"]
    assert report.channel == ReportChannel.API and report.reporter == world.citizen
    assert report.reporter_name == "Nguyễn Văn An" and report.reporter_phone == "0905123456"
    assert report.consent_at is not None and report.public
    assert AuditEvent.objects.filter(action="feedback.report.submit").count() == 1
    response = _post(
        client,
        world,
        fmt="xml",
        service_code="rac-thai",
        **{"attribute[admin_unit]": "21025", "attribute[public]": "false"},
    )
    assert response.status_code == 201, response.content
    root = xml(response)
    code = root.findtext("request/service_request_id")
    assert root.tag == "service_requests" and root.find("request/account_id").text is None
    second = Report.objects.get(code=code)
    assert second.agency == world.ward and not second.public


def test_post_accepts_the_token_in_the_authorization_header(world, client):
    response = client.post(
        f"{URL}/requests.json",
        {
            "service_code": "rac-thai",
            "address_string": "Chợ Cẩm Thành",
            "description": "Rác thải ùn ứ ở chợ Cẩm Thành nhiều ngày.",
            "attribute[consent]": "true",
        },
        **bearer(world.citizen_token),
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get().reporter == world.citizen


def test_post_ignores_the_browser_session(world, client):
    client.force_login(world.citizen)
    response = _post(client, world, api_key=None)
    assert _error(response, 403)[0] == "403"
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        ({"api_key": None}, 403, "api_key"),
        ({"api_key": "cqs_sai-khoa"}, 403, "api_key"),
        ({"service_code": "khong-co"}, 400, "service_code"),
        ({"service_code": "cu"}, 400, "service_code"),
        ({"long": None}, 400, "long"),
        ({"lat": "48.8566", "long": "2.3522"}, 400, "lat"),
        ({"media_url": "http://example.com/anh.jpg"}, 400, "media_url"),
        ({"attribute[consent]": None}, 400, "attribute[consent]"),
        ({"attribute[consent]": "false"}, 400, "attribute[consent]"),
        ({"email": "khong-phai-email"}, 400, "email"),
        ({"description": "Ngắn"}, 400, "description"),
        ({"attribute[admin_unit]": "99999"}, 400, "attribute[admin_unit]"),
    ],
)
def test_bad_posts_get_the_documented_error_and_store_nothing(
    world, client, overrides, status, words
):
    for fmt in ("json", "xml"):
        code, description = _error(_post(client, world, fmt=fmt, **overrides), status)
        assert code == str(status) and words in description, description
    assert not Report.objects.exists()
    assert not AuditEvent.objects.filter(action="feedback.report.submit").exists()


def test_an_officer_token_cannot_report(world, client):
    assert _error(_post(client, world, api_key=world.officer_token), 403)[0] == "403"
    assert not Report.objects.exists()


def test_reads_do_not_accept_post_elsewhere(world, client):
    assert client.post(f"{URL}/services.json").status_code == 405
    assert client.delete(f"{URL}/requests.json").status_code == 405


def test_a_created_request_reads_back(world, client):
    [body] = _post(client, world).json()
    [row] = client.get(f"{URL}/requests/{body['service_request_id']}.json").json()
    assert row["description"] == "Đèn tín hiệu giao thông ở ngã tư bị tắt từ sáng."
    assert row["status"] == "open"
    feedback.accept(world.officer, Report.objects.get(code=body["service_request_id"]))
    [row] = client.get(f"{URL}/requests/{body['service_request_id']}.json").json()
    assert row["expected_datetime"] is not None


def test_the_list_reads_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    for n in range(6):
        world.report(
            description=f"Đèn đường số {n} trên đường Phạm Văn Đồng bị hỏng.",
            unit=world.tinh_khe,
            photos=[photo(f"{n}.jpg")],
        )
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{URL}/requests.json").json()) == 6
