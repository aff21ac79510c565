"""Submitting a report: numbering, routing, every refusal, phone-in reports, retried requests."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chinhquyenso.core.models import AuditEvent, Notification, StoredFile
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportChannel, ReportStatus
from chinhquyenso.feedback.models import Report, ReportEvent, ReportPhoto

from .conftest import DESCRIPTION, pdf, png


def test_a_citizen_report_is_numbered_stored_and_acknowledged(world):
    report = world.new_report(latitude="15.120456", longitude="108.804321", photos=[png()])
    year = timezone.localdate().year
    assert re.fullmatch(rf"PA-{year}-\d{{6}}", report.code)
    assert report.code == f"PA-{year}-000001"
    assert world.new_report().code == f"PA-{year}-000002"
    assert report.status == ReportStatus.NEW and report.channel == ReportChannel.WEB
    assert report.reporter == world.citizen and report.consent_at is not None
    # The account's name and e-mail are the contact when none was typed.
    assert (report.reporter_name, report.reporter_email) == ("Đặng Văn Bình", "binh@example.vn")
    assert str(report.latitude) == "15.120456" and report.photos.count() == 1
    assert ReportEvent.objects.filter(report=report, action="received").count() == 1
    assert AuditEvent.objects.filter(action="feedback.report.submit",
                                     object_id=str(report.pk)).count() == 1  # fmt: skip
    assert Notification.objects.filter(user=world.citizen, message__startswith=report.code).exists()


def test_description_is_kept_with_its_spaces_folded(world):
    report = world.new_report(description="  Đèn đường   hỏng\n\ntừ tuần trước  ")
    assert report.description == "Đèn đường hỏng từ tuần trước"


def test_a_place_with_a_commune_on_the_platform_goes_to_its_people_committee(world):
    report = world.new_report(admin_unit="21025")
    assert report.agency == world.ward and report.admin_unit == world.cam_thanh
    assert feedback.receiving_agency(world.environment, world.cam_thanh) == world.ward


def test_a_commune_not_on_the_platform_goes_to_the_category_agency(world):
    assert world.new_report(admin_unit="21211").agency == world.office


def test_a_category_not_routed_by_place_goes_to_its_agency(world):
    assert world.new_report(category="GT-DUONG", admin_unit="21025").agency == world.office


def test_a_closed_ward_agency_does_not_receive(world):
    world.ward.valid_to = timezone.localdate()
    world.ward.save()
    assert world.new_report(admin_unit=world.cam_thanh).agency == world.office


TOO_LONG = "Ổ gà " * 1001


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "KHONG-CO"}, "category"),
        ({"category": "CU-KHAC"}, "category"),
        ({"category": ""}, "category"),
        ({"description": "Rác"}, "description"),
        ({"description": "          "}, "description"),
        ({"description": TOO_LONG}, "description"),
        ({"latitude": "15.12"}, "longitude"),
        ({"longitude": "108.8"}, "latitude"),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude"),
        ({"latitude": "15.12", "longitude": "120.5"}, "longitude"),
        ({"latitude": "mười lăm", "longitude": "108.8"}, "latitude"),
        ({"admin_unit": "522"}, "admin_unit"),
        ({"admin_unit": "51"}, "admin_unit"),
        ({"admin_unit": "99999"}, "admin_unit"),
        ({"address": ""}, "address"),
        ({"address": "   "}, "address"),
        ({"consent": False}, "consent"),
        ({"client_key": "k" * 81}, "client_key"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(world, fields, field):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        world.new_report(**fields)
    assert field in caught.value.message_dict
    assert Report.objects.count() == 0 and ReportEvent.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert not Notification.objects.exists()


def test_an_old_unit_object_is_refused_too(world):
    with pytest.raises(ValidationError) as caught:
        world.new_report(admin_unit=world.old_city)
    assert "admin_unit" in caught.value.message_dict


def test_a_place_may_be_only_a_point_or_only_a_commune(world):
    assert world.new_report(address="", latitude="15.12", longitude="108.8").latitude
    assert world.new_report(address="", admin_unit="21211").admin_unit == world.tinh_khe


def test_too_many_photos_are_refused(world):
    with pytest.raises(ValidationError) as caught:
        world.new_report(photos=[png(c) for c in ("red", "green", "blue", "white", "gray", "navy")])
    assert "photos" in caught.value.message_dict
    assert Report.objects.count() == 0 and not StoredFile.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_kept(world):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        world.new_report(photos=[png(), pdf()])
    assert "photos" in caught.value.message_dict
    assert Report.objects.count() == 0 and not ReportPhoto.objects.exists()
    assert not StoredFile.objects.exists() and AuditEvent.objects.count() == events
    # The number given back: the next report still gets number 1.
    assert world.new_report().code.endswith("-000001")


def test_a_photo_named_like_an_image_but_not_one_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        world.new_report(photos=[pdf("anh.jpg")])
    assert "photos" in caught.value.message_dict
    assert Report.objects.count() == 0


def test_an_officer_cannot_report_as_a_citizen(world):
    with pytest.raises(PermissionDenied):
        world.new_report(user=world.receiver)
    assert Report.objects.count() == 0


def test_a_receiving_officer_records_a_phone_call(world):
    data = feedback.NewReport(
        category="MT-RAC", description=DESCRIPTION, admin_unit="21025", consent=True,
        reporter_name="Trần Văn Hải", reporter_phone="0905111222",
    )  # fmt: skip
    report = feedback.submit(world.receiver, data, ReportChannel.PHONE)
    assert report.channel == ReportChannel.PHONE and report.reporter is None
    assert (report.reporter_name, report.reporter_phone) == ("Trần Văn Hải", "0905111222")
    assert report.agency == world.ward
    event = AuditEvent.objects.get(action="feedback.report.submit")
    assert event.actor == world.receiver


def test_a_counter_report_may_give_an_email_instead_of_a_phone(world):
    data = feedback.NewReport(
        category="GT-DUONG", description=DESCRIPTION, address="Quốc lộ 1, km 1045", consent=True,
        reporter_name="Lê Thị Hoa", reporter_email="hoa@example.vn",
    )  # fmt: skip
    report = feedback.submit(world.ward_officer, data, ReportChannel.COUNTER)
    assert report.reporter_email == "hoa@example.vn" and report.reporter is None


@pytest.mark.parametrize(
    "contact",
    [{}, {"reporter_name": "Trần Văn Hải"}, {"reporter_phone": "0905111222"},
     {"reporter_name": "  ", "reporter_phone": "0905111222"}],
)  # fmt: skip
def test_a_phone_in_report_needs_a_name_and_a_way_to_reach_them(world, contact):
    data = feedback.NewReport(category="MT-RAC", description=DESCRIPTION, address="Chợ Quảng Ngãi",
                              consent=True, **contact)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        feedback.submit(world.receiver, data, ReportChannel.PHONE)
    assert "reporter_name" in caught.value.message_dict
    assert Report.objects.count() == 0


@pytest.mark.parametrize("channel", [ReportChannel.PHONE, ReportChannel.COUNTER])
def test_only_receiving_officers_record_for_callers(world, channel):
    data = feedback.NewReport(
        category="MT-RAC", description=DESCRIPTION, address="Chợ Quảng Ngãi", consent=True,
        reporter_name="Trần Văn Hải", reporter_phone="0905111222",
    )  # fmt: skip
    for user in (world.citizen, world.handler):
        with pytest.raises(PermissionDenied):
            feedback.submit(user, data, channel)
    assert Report.objects.count() == 0


def test_the_same_client_key_returns_the_first_report(world):
    first = world.new_report(client_key="app-7f3a")
    again = world.new_report(client_key="app-7f3a", description="Một nội dung khác hẳn lúc đầu.")
    assert again.pk == first.pk and Report.objects.count() == 1
    assert AuditEvent.objects.filter(action="feedback.report.submit").count() == 1
    # Another key, or another reporter with the same key, is another report.
    assert world.new_report(client_key="app-8b1c").pk != first.pk
    assert world.new_report(world.other_citizen, client_key="app-7f3a").pk != first.pk
    assert Report.objects.count() == 3


def test_reports_are_searchable_by_their_words(world):
    report = world.new_report(description="Cây xanh gãy đổ chắn ngang đường Hùng Vương")
    world.new_report()
    found = feedback.filtered(feedback.public_reports(), q="hung vuong")
    assert list(found) == [report]
