"""Handling a report: accept with a due date in working days, transfer, answer, refuse or mark as
a duplicate, the reporter's rating; each change leaves its trace and tells the reporter."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chinhquyenso.core.models import Agency, AuditEvent, Department, Notification
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportStatus
from chinhquyenso.feedback.models import ReportEvent

from .conftest import pdf, png

ANSWER = "Đội vệ sinh môi trường đã thu gom rác và phun khử mùi sáng nay."


def _trace(report, action: str) -> tuple[int, int, int]:
    """Timeline rows, audit events and reporter notices of `action` on `report`."""
    return (
        ReportEvent.objects.filter(report=report, action=action).count(),
        AuditEvent.objects.filter(
            action=f"feedback.report.{action}", object_id=str(report.pk)
        ).count(),  # fmt: skip
        Notification.objects.filter(user=report.reporter, message__startswith=report.code).count(),
    )


def test_accept_sets_the_due_date_in_working_days(world, clock):
    clock.set(datetime.date(2026, 3, 2))  # Monday; the category allows 5 working days
    report = world.new_report()
    report = feedback.accept(world.receiver, report, handler=world.handler, note="Xử lý gấp.")
    assert report.status == ReportStatus.ACCEPTED and report.handler == world.handler
    assert report.due_date == datetime.date(2026, 3, 9)
    assert _trace(report, "accept")[1] == 1
    assert ReportEvent.objects.get(report=report, action="accepted").public
    assert not ReportEvent.objects.get(report=report, action="direction").public
    notices = Notification.objects.filter(user=report.reporter, message__contains="09/03/2026")
    assert notices.exists()
    assert Notification.objects.filter(user=world.handler).count() == 1


def test_the_due_date_skips_tet(world, clock):
    clock.set(datetime.date(2026, 2, 13))  # Friday before the nine days of Tết Bính Ngọ
    report = feedback.accept(world.receiver, world.new_report())
    assert report.due_date == datetime.date(2026, 2, 27)
    report = feedback.accept(world.receiver, world.new_report(), working_days=1)
    assert report.due_date == datetime.date(2026, 2, 23)


def test_accept_into_a_department_of_the_agency(world, registry):
    report = feedback.accept(world.receiver, world.new_report(), department=registry.department)
    assert report.department == registry.department and report.handler is None


@pytest.mark.parametrize(
    ("who", "field"),
    [("ward_department", "department"), ("ward_officer", "handler"),
     ("citizen", "handler"), ("receiver", "handler")],
)  # fmt: skip
def test_accept_refuses_a_department_or_handler_of_elsewhere(world, who, field):
    report = world.new_report()
    kwargs = (
        {"department": world.ward_office} if who == "ward_department"
        else {"handler": getattr(world, who)}
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        feedback.accept(world.receiver, report, **kwargs)
    assert field in caught.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW and report.due_date is None
    assert _trace(report, "accept")[:2] == (0, 0)


@pytest.mark.parametrize("days", [0, 61, -3])
def test_accept_refuses_an_impossible_time(world, days):
    with pytest.raises(ValidationError) as caught:
        feedback.accept(world.receiver, world.new_report(), working_days=days)
    assert "working_days" in caught.value.message_dict


def test_only_a_new_report_is_accepted(world):
    report = world.accepted_report()
    with pytest.raises(ValidationError):
        feedback.accept(world.receiver, report)
    assert ReportEvent.objects.filter(report=report, action="accepted").count() == 1


@pytest.mark.parametrize("who", ["ward_officer", "handler", "citizen", "other_citizen"])
def test_only_the_receiving_agency_accepts(world, who):
    report = world.new_report()
    with pytest.raises(PermissionDenied):
        feedback.accept(getattr(world, who), report)
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_transfer_sends_it_back_to_new_at_the_other_agency(world):
    report = world.accepted_report()
    notices = Notification.objects.filter(user=world.citizen).count()
    report = feedback.transfer(world.receiver, report, world.ward, "Điểm tập kết rác thuộc phường.")
    assert report.agency == world.ward and report.status == ReportStatus.NEW
    assert report.handler is None and report.due_date is None and report.accepted_at is None
    assert _trace(report, "transfer")[1] == 1
    assert ReportEvent.objects.filter(report=report, action="transferred").count() == 1
    assert Notification.objects.filter(user=world.citizen).count() == notices + 1
    assert Notification.objects.filter(user=world.citizen, message__contains=world.ward.name)
    # Now the ward handles it; the province's office no longer can.
    feedback.accept(world.ward_officer, report, handler=world.ward_officer)
    with pytest.raises(PermissionDenied):
        feedback.transfer(world.receiver, report, world.office, "Trả lại.")


@pytest.mark.parametrize("reason", ["", "   "])
def test_transfer_needs_a_reason(world, reason):
    report = world.new_report()
    with pytest.raises(ValidationError) as caught:
        feedback.transfer(world.receiver, report, world.ward, reason)
    assert "reason" in caught.value.message_dict
    report.refresh_from_db()
    assert report.agency == world.office


def test_transfer_needs_another_agency_in_operation(world):
    report = world.new_report()
    with pytest.raises(ValidationError) as caught:
        feedback.transfer(world.receiver, report, world.office, "Nhầm.")
    assert "agency" in caught.value.message_dict
    closed = Agency.objects.create(name="Ủy ban nhân dân phường Trần Phú", kind="state",
                                   electronic_id="000.00.09.H48",
                                   valid_to=datetime.date(2025, 6, 30))  # fmt: skip
    with pytest.raises(ValidationError):
        feedback.transfer(world.receiver, report, closed, "Nhầm.")


def test_a_closed_report_is_not_transferred(world):
    report = world.answered_report()
    with pytest.raises(ValidationError):
        feedback.transfer(world.receiver, report, world.ward, "Nhầm nơi.")


def test_answer_closes_the_report_and_tells_the_reporter(world):
    report = world.accepted_report()
    before = _trace(report, "answer")
    report = feedback.answer(world.handler, report, f"  {ANSWER}  ", photos=[png("blue")])
    assert report.status == ReportStatus.RESOLVED and report.is_closed
    assert report.response == ANSWER and report.closed_at is not None
    assert report.photos.get().with_answer
    assert _trace(report, "answer")[1] == before[1] + 1
    assert ReportEvent.objects.get(report=report, action="answered").note == ANSWER
    assert Notification.objects.filter(user=report.reporter).count() == before[2] + 1


def test_only_an_accepted_report_is_answered(world):
    report = world.new_report()
    with pytest.raises(ValidationError):
        feedback.answer(world.handler, report, ANSWER)
    report = world.answered_report()
    with pytest.raises(ValidationError):
        feedback.answer(world.handler, report, ANSWER)


@pytest.mark.parametrize("response", ["", "Đã xong.", "          "])
def test_an_answer_must_say_something(world, response):
    report = world.accepted_report()
    with pytest.raises(ValidationError) as caught:
        feedback.answer(world.handler, report, response)
    assert "response" in caught.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.response == ""


def test_an_answer_with_a_non_image_changes_nothing(world):
    report = world.accepted_report()
    with pytest.raises(ValidationError):
        feedback.answer(world.handler, report, ANSWER, photos=[pdf()])
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and not report.photos.exists()
    assert _trace(report, "answer")[:2] == (0, 0)


@pytest.mark.parametrize("who", ["ward_officer", "receiver", "citizen"])
def test_only_handlers_of_the_agency_answer(world, who):
    report = world.accepted_report()
    with pytest.raises(PermissionDenied):
        feedback.answer(getattr(world, who), report, ANSWER)


def test_reject_with_a_reason(world):
    report = world.new_report()
    reason = "Nội dung thuộc tranh chấp dân sự giữa hai hộ gia đình, đề nghị khởi kiện tại Tòa án."
    report = feedback.reject(world.receiver, report, reason)
    assert report.status == ReportStatus.REJECTED and report.reject_reason == reason
    assert report.closed_at is not None and report.duplicate_of is None
    assert _trace(report, "reject")[1] == 1
    assert Notification.objects.filter(user=report.reporter, message__contains="Tòa án").exists()
    with pytest.raises(ValidationError):
        feedback.reject(world.receiver, report, reason)


def test_reject_as_a_duplicate_explains_itself(world):
    first = world.new_report()
    second = world.new_report(world.other_citizen)
    second = feedback.reject(world.receiver, second, "", duplicate_of=first)
    assert second.duplicate_of == first and first.code in second.reject_reason
    with pytest.raises(ValidationError) as caught:
        feedback.reject(world.receiver, first, "", duplicate_of=first)
    assert "duplicate_of" in caught.value.message_dict


def test_reject_needs_a_reason(world):
    report = world.accepted_report()
    with pytest.raises(ValidationError) as caught:
        feedback.reject(world.receiver, report, "  ")
    assert "reason" in caught.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_an_officer_of_another_agency_cannot_reject(world):
    report = world.new_report()
    with pytest.raises(PermissionDenied):
        feedback.reject(world.ward_officer, report, "Không thuộc thẩm quyền.")


def test_the_reporter_rates_an_answer_once(world):
    report = world.answered_report()
    report = feedback.rate(world.citizen, report, False, "Rác lại bị đổ sau hai ngày.")
    assert report.satisfied is False and report.rating_comment == "Rác lại bị đổ sau hai ngày."
    assert ReportEvent.objects.filter(report=report, action="rated").count() == 1
    assert AuditEvent.objects.filter(action="feedback.report.rate").count() == 1
    with pytest.raises(ValidationError):
        feedback.rate(world.citizen, report, True)
    report.refresh_from_db()
    assert report.satisfied is False


def test_only_the_reporter_rates(world):
    report = world.answered_report()
    for user in (world.other_citizen, world.handler):
        with pytest.raises(PermissionDenied):
            feedback.rate(user, report, True)
    report.refresh_from_db()
    assert report.satisfied is None


def test_only_an_answer_is_rated(world):
    for report in (world.new_report(), world.accepted_report()):
        with pytest.raises(ValidationError):
            feedback.rate(world.citizen, report, True)
    rejected = feedback.reject(world.receiver, world.new_report(), "Không đủ thông tin để xử lý.")
    with pytest.raises(ValidationError):
        feedback.rate(world.citizen, rejected, True)


def test_a_department_of_the_agency_is_a_department_of_the_agency(world, registry):
    other = Department.objects.create(agency=world.office, name="Phòng Kinh tế", abbreviation="KT")
    report = feedback.accept(world.receiver, world.new_report(), department=other)
    assert report.department == other


def test_overdue(world, clock):
    clock.set(datetime.date(2026, 3, 2))
    report = world.accepted_report()
    assert not feedback.overdue(report, datetime.date(2026, 3, 9))
    assert feedback.overdue(report, datetime.date(2026, 3, 10))
    answered = feedback.answer(world.handler, report, ANSWER)
    assert not feedback.overdue(answered, datetime.date(2026, 3, 10))
