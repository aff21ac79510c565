"""Who sees which report, the filters of the lists, and the year's figures."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import RoleAssignment
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportStatus
from chinhquyenso.feedback.models import Report

from .conftest import World

ANSWER = "Đã sửa chữa xong và thông báo cho người dân trong khu phố."


def test_the_reporter_sees_only_their_own_reports(world):
    mine = world.new_report()
    theirs = world.new_report(world.other_citizen)
    assert list(feedback.own_reports(world.citizen)) == [mine]
    assert feedback.own_report(world.citizen, mine.pk) == mine
    with pytest.raises(Http404):
        feedback.own_report(world.citizen, theirs.pk)
    with pytest.raises(Http404):
        feedback.own_report(AnonymousUser(), mine.pk)
    assert not feedback.own_reports(None).exists()


def test_officers_see_their_agency_reports_only(world):
    at_office = world.new_report()
    at_ward = world.new_report(admin_unit="21025")
    assert list(feedback.officer_reports(world.receiver)) == [at_office]
    assert list(feedback.officer_reports(world.ward_officer)) == [at_ward]
    assert feedback.officer_report(world.handler, at_office.pk) == at_office
    for user, pk in ((world.receiver, at_ward.pk), (world.ward_officer, at_office.pk),
                     (world.citizen, at_office.pk), (AnonymousUser(), at_office.pk)):  # fmt: skip
        with pytest.raises(Http404):
            feedback.officer_report(user, pk)


def test_a_transferred_report_leaves_the_first_agency_list(world):
    report = world.new_report()
    feedback.transfer(world.receiver, report, world.ward, "Thuộc địa bàn phường Cẩm Thành.")
    assert not feedback.officer_reports(world.receiver).exists()
    assert feedback.officer_report(world.ward_clerk, report.pk) == report


def test_public_lists_never_show_private_reports(world):
    shown = world.new_report()
    private = world.new_report(public=False, description="Cán bộ địa chính đòi tiền khi đo đạc.")
    assert list(feedback.public_reports()) == [shown]
    assert feedback.public_report(shown.code.lower()) == shown
    with pytest.raises(Http404):
        feedback.public_report(private.code)
    assert list(feedback.filtered(feedback.public_reports(), q="dia chinh")) == []
    # Its handling does not make it public either.
    feedback.accept(world.receiver, private, handler=world.handler)
    feedback.answer(world.handler, private, ANSWER)
    assert private.pk not in set(feedback.public_reports().values_list("pk", flat=True))


def test_filters_of_the_lists(world, clock):
    clock.set(datetime.date(2026, 3, 2))
    waiting = world.new_report(admin_unit="21211")
    late = world.accepted_report(category="GT-DUONG")
    answered = world.answered_report()
    clock.set(datetime.date(2026, 3, 30))
    everything = Report.objects.all()
    assert list(feedback.filtered(everything, status=ReportStatus.NEW)) == [waiting]
    assert set(feedback.filtered(everything, category="MT-RAC")) == {waiting, answered}
    assert list(feedback.filtered(everything, unit="21211")) == [waiting]
    assert list(feedback.filtered(everything, overdue=True)) == [late]


def _answered_on(world: World, clock, day: datetime.date, **fields) -> Report:
    clock.set(datetime.date(2026, 3, 2))  # due 9 March (5 working days) or 16 March (10)
    report = world.accepted_report(**fields)
    clock.set(day)
    return feedback.answer(world.handler, report, ANSWER)


def test_statistics_of_the_year(world, clock):
    early = _answered_on(world, clock, datetime.date(2026, 3, 5))
    on_the_day = _answered_on(world, clock, datetime.date(2026, 3, 9))
    late = _answered_on(world, clock, datetime.date(2026, 3, 12))
    _answered_on(world, clock, datetime.date(2026, 3, 20), category="GT-DUONG")  # late
    clock.set(datetime.date(2026, 3, 2))
    overdue = world.accepted_report()
    waiting = world.new_report()
    refused = feedback.reject(world.receiver, world.new_report(), "Không đủ thông tin để xử lý.")
    at_ward = world.new_report(admin_unit="21025")
    feedback.rate(world.citizen, early, True)
    feedback.rate(world.citizen, on_the_day, True)
    feedback.rate(world.citizen, late, False)
    clock.set(datetime.date(2026, 3, 30))

    figures = feedback.statistics(2026)
    assert figures["received"] == 8 and figures["answered"] == 4
    assert figures["on_time"] == 2 and figures["on_time_pct"] == 50.0
    assert figures["rejected"] == 1 and figures["open"] == 3 and figures["overdue"] == 1
    assert figures["rated"] == 3 and figures["satisfied"] == 2
    assert figures["satisfied_pct"] == 66.7
    by_code = {row["category__code"]: row for row in figures["by_category"]}
    assert by_code["MT-RAC"] == {"category__code": "MT-RAC", "category__name":
                                 "Môi trường, rác thải", "received": 7, "answered": 3}  # fmt: skip
    assert by_code["GT-DUONG"]["received"] == 1
    assert figures["by_category"][0]["category__code"] == "MT-RAC"

    ward = feedback.statistics(2026, world.ward.pk)
    assert ward["received"] == 1 and ward["open"] == 1 and ward["on_time_pct"] is None
    assert feedback.statistics(2025)["received"] == 0
    assert {overdue.status, waiting.status, refused.status, at_ward.status} == {
        ReportStatus.ACCEPTED, ReportStatus.NEW, ReportStatus.REJECTED,
    }  # fmt: skip


def test_statistics_without_reports(db):
    figures = feedback.statistics(2026)
    assert figures["received"] == 0 and figures["satisfied_pct"] is None
    assert figures["by_category"] == []


def test_a_role_held_across_the_platform_sees_every_report(world, registry):
    inspector = registry.user("thanhtra", full_name="Võ Văn Kiểm")
    RoleAssignment.objects.create(user=inspector, role=Role.LEADER)  # no agency: platform-wide
    reports = {world.new_report(), world.new_report(admin_unit="21025")}
    assert set(feedback.officer_reports(inspector)) == reports
