import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent, Notification
from chinhquyenso.eoffice import selectors
from chinhquyenso.eoffice.choices import AssignmentStatus, IncomingStatus
from chinhquyenso.eoffice.services import (
    Target,
    assign,
    complete,
    decide_extension,
    present,
    reassign,
    record_progress,
    register_incoming,
    request_extension,
)

from .conftest import make_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(registry, clerk, leader):
    head = registry.user("truongphong", Role.HEAD_OF_DEPARTMENT, department=registry.department)
    specialist = registry.user("chuyenvien", Role.SPECIALIST, department=registry.department)
    other = registry.user("khac", Role.SPECIALIST, agency=registry.province_committee)
    return {
        "clerk": clerk,
        "leader": leader,
        "head": head,
        "specialist": specialist,
        "other": other,
    }


@pytest.fixture
def document(registry, people):
    return register_incoming(people["clerk"], registry.office, make_data())


def test_full_route_register_present_assign_reassign_complete(registry, people, document):
    p = people
    present(p["clerk"], document, p["leader"])
    assert list(selectors.leader_queue(p["leader"])) == [document]
    assert Notification.objects.filter(user=p["leader"]).exists()
    (lead,) = assign(
        p["leader"],
        document,
        lead=Target(department=registry.department),
        working_days=5,
        direction="Phòng VX chủ trì tham mưu",
    )
    assert lead.deadline > datetime.date.today()
    assert list(selectors.my_tasks(p["head"])) == [lead]
    (child,) = reassign(p["head"], lead, [p["specialist"]])
    assert list(selectors.my_tasks(p["specialist"])) == [child]
    record_progress(p["specialist"], child, "Đang dự thảo văn bản trả lời")
    document.refresh_from_db()
    assert document.status == IncomingStatus.IN_PROGRESS
    complete(p["specialist"], child, "Đã trình dự thảo")
    document.refresh_from_db()
    lead.refresh_from_db()
    assert document.status == IncomingStatus.COMPLETED
    assert lead.status == AssignmentStatus.COMPLETED
    actions = list(document.trace.values_list("action", flat=True))
    assert actions == [
        "registered",
        "presented",
        "assigned",
        "reassigned",
        "progress",
        "completed_part",
        "completed",
    ]
    assert AuditEvent.objects.filter(action__startswith="eoffice.").count() >= 6


def test_visibility_follows_routing(registry, people, document):
    p = people
    assert selectors.can_view(p["clerk"], document)
    assert selectors.can_view(p["leader"], document)
    assert not selectors.can_view(p["specialist"], document)
    assert not selectors.can_view(p["other"], document)
    assign(p["leader"], document, lead=Target(user=p["specialist"]))
    assert selectors.can_view(p["specialist"], document)
    assert not selectors.can_view(p["other"], document)


def test_only_leaders_assign_and_only_handlers_complete(registry, people, document):
    p = people
    with pytest.raises(PermissionDenied):
        assign(p["clerk"], document, lead=Target(user=p["specialist"]))
    (lead,) = assign(p["leader"], document, lead=Target(user=p["specialist"]))
    with pytest.raises(PermissionDenied):
        complete(p["other"], lead, "xong")
    with pytest.raises(ValidationError):
        complete(p["specialist"], lead, "   ")


def test_assignment_targets_must_belong_to_the_agency(registry, people, document):
    with pytest.raises(ValidationError):
        assign(people["leader"], document, lead=Target(user=people["other"]))
    assert not document.assignments.exists()


def test_deadline_in_the_past_is_refused(people, document):
    with pytest.raises(ValidationError) as exc:
        assign(
            people["leader"],
            document,
            lead=Target(user=people["specialist"]),
            deadline=datetime.date(2020, 1, 1),
        )
    assert "deadline" in exc.value.message_dict


def test_urgent_documents_come_first(registry, people):
    normal = register_incoming(people["clerk"], registry.office, make_data(notation="1/UBND-VX"))
    urgent = register_incoming(
        people["clerk"], registry.office, make_data(notation="2/UBND-VX", urgency=3)
    )
    assert list(selectors.clerk_inbox(people["clerk"])) == [urgent, normal]


def test_extension_request_and_decision(people, document):
    p = people
    today = datetime.date.today()
    (lead,) = assign(
        p["leader"],
        document,
        lead=Target(user=p["specialist"]),
        deadline=today + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError):
        request_extension(p["specialist"], lead, today, "cần thêm thời gian")
    request = request_extension(
        p["specialist"], lead, today + datetime.timedelta(days=10), "Chờ ý kiến các sở"
    )
    decide_extension(p["leader"], request, approve=True)
    lead.refresh_from_db()
    assert lead.deadline == today + datetime.timedelta(days=10)
    with pytest.raises(ValidationError):
        decide_extension(p["leader"], request, approve=False)


def test_informed_people_have_nothing_open(registry, people, document):
    p = people
    created = assign(
        p["leader"],
        document,
        lead=Target(user=p["specialist"]),
        informs=[Target(department=registry.department)],
    )
    assert [a.status for a in created] == [AssignmentStatus.OPEN, AssignmentStatus.COMPLETED]
