"""Specialists and heads whose role is scoped to a department (as in most agencies) handle the
reports handed to their department or to them, and only those."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Department
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportStatus

from .conftest import png

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def departments(world):
    urban = Department.objects.create(agency=world.office, name="Phòng Đô thị", abbreviation="ĐT")
    other = Department.objects.create(agency=world.office, name="Phòng Nội chính",
                                      abbreviation="NC")  # fmt: skip
    world.urban_specialist = world.registry.user("cv_dothi", Role.SPECIALIST, department=urban)
    world.other_specialist = world.registry.user("cv_noichinh", Role.SPECIALIST, department=other)
    return urban, other


def test_a_department_specialist_is_named_handler_answers_and_sees_it(world, departments):
    urban, _other = departments
    report = feedback.accept(world.receiver, world.new_report(category="GT-DUONG"),
                             department=urban, handler=world.urban_specialist)  # fmt: skip
    assert report.pk in set(
        feedback.officer_reports(world.urban_specialist).values_list("pk", flat=True)
    )
    answered = feedback.answer(world.urban_specialist, report, "Đã vá ổ gà trên đường Hùng Vương.")
    assert answered.status == ReportStatus.RESOLVED


def test_the_departments_other_specialist_answers_a_report_handed_to_the_department(
    world, departments
):
    urban, _other = departments
    colleague = world.registry.user("cv_dothi_2", Role.SPECIALIST, department=urban)
    report = feedback.accept(world.receiver, world.new_report(category="GT-DUONG"),
                             department=urban)  # fmt: skip
    feedback.answer(colleague, report, "Đội duy tu đã sửa xong đoạn đường hư hỏng.")


def test_another_departments_specialist_may_neither_answer_nor_see_it(world, departments):
    urban, _other = departments
    report = feedback.accept(world.receiver, world.new_report(category="GT-DUONG"),
                             department=urban)  # fmt: skip
    with pytest.raises(PermissionDenied):
        feedback.answer(world.other_specialist, report, "Trả lời của phòng khác, không hợp lệ.")
    assert not feedback.officer_reports(world.other_specialist).filter(pk=report.pk).exists()
    with pytest.raises(ValidationError) as refused:
        feedback.accept(world.receiver, world.new_report(category="GT-DUONG"),
                        department=urban, handler=world.other_specialist)  # fmt: skip
    assert "handler" in refused.value.message_dict


def test_an_answer_takes_at_most_five_photos(world):
    report = world.accepted_report()
    with pytest.raises(ValidationError) as refused:
        feedback.answer(world.handler, report, "Đã xử lý xong, ảnh kèm theo.",
                        photos=[png(name=f"anh{i}.png") for i in range(6)])  # fmt: skip
    assert "photos" in refused.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and not report.photos.exists()


def test_an_ended_commune_is_refused_even_as_an_object(world):
    import datetime

    world.tinh_khe.valid_to = datetime.date(2026, 1, 1)
    world.tinh_khe.save()
    with pytest.raises(ValidationError) as refused:
        world.new_report(admin_unit=world.tinh_khe)
    assert "admin_unit" in refused.value.message_dict


def test_a_department_specialist_finds_the_queue_in_the_menu(world, departments):
    from django.urls import reverse

    from chinhquyenso.core.navigation import menu_for

    queue = reverse("feedback:officer_list")
    assert queue in [item["url"] for item in menu_for(world.urban_specialist)]
    assert queue not in [item["url"] for item in menu_for(world.citizen)]
