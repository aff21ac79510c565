"""Pages of routing and handling: presenting, one-click assignment, task actions, extensions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chinhquyenso.core.choices import Role
from chinhquyenso.core.services import add_working_days
from chinhquyenso.eoffice.choices import AssignmentStatus, IncomingStatus
from chinhquyenso.eoffice.models import Assignment, ExtensionRequest
from chinhquyenso.eoffice.services import Target, assign, present, register_incoming

from .conftest import make_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(registry, clerk, leader):
    return {
        "clerk": clerk,
        "leader": leader,
        "head": registry.user(
            "truongphong", Role.HEAD_OF_DEPARTMENT, department=registry.department
        ),
        "specialist": registry.user("chuyenvien", Role.SPECIALIST, department=registry.department),
        "other": registry.user("khac", Role.SPECIALIST, agency=registry.province_committee),
    }


@pytest.fixture
def document(registry, people):
    return register_incoming(people["clerk"], registry.office, make_data())


@pytest.fixture
def lead(registry, people, document):
    (part,) = assign(people["leader"], document, lead=Target(user=people["specialist"]))
    return part


def test_inbox_presents_to_a_leader_of_the_agency(client, people, document):
    client.force_login(people["clerk"])
    inbox = client.get(reverse("eoffice:inbox"))
    assert people["leader"] in inbox.context["leaders"][document.agency_id]
    url = reverse("eoffice:incoming_present", args=[document.pk])
    refused = client.post(url, {"leader": people["other"].pk})
    assert refused.status_code == 422
    document.refresh_from_db()
    assert document.status == IncomingStatus.REGISTERED
    response = client.post(url, {"leader": people["leader"].pk, "next": reverse("eoffice:inbox")})
    assert response.status_code == 302 and response.url == reverse("eoffice:inbox")
    document.refresh_from_db()
    assert document.status == IncomingStatus.PRESENTED
    assert document.presented_to == people["leader"]


def test_only_the_clerk_presents(client, people, document):
    client.force_login(people["leader"])
    url = reverse("eoffice:incoming_present", args=[document.pk])
    assert client.post(url, {"leader": people["leader"].pk}).status_code == 403


def test_one_click_assignment_gives_the_department_five_working_days(
    client, registry, people, document
):
    present(people["clerk"], document, people["leader"])
    client.force_login(people["leader"])
    queue = client.get(reverse("eoffice:leader_queue"))
    assert [r["obj"] for r in queue.context["rows"]] == [document]
    url = reverse("eoffice:incoming_assign", args=[document.pk])
    page = client.get(url)
    assert page.context["working_days"] == 5
    response = client.post(url, {"quick_department": registry.department.pk})
    assert response.status_code == 302
    (part,) = Assignment.objects.filter(document=document)
    assert part.department == registry.department and part.kind == "lead"
    assert part.deadline == add_working_days(timezone.localdate(), 5)
    again = client.post(url, {"quick_department": registry.department.pk})
    assert again.status_code == 422
    assert Assignment.objects.filter(document=document).count() == 1


def test_full_assignment_form_errors_store_nothing(client, registry, people, document):
    client.force_login(people["leader"])
    url = reverse("eoffice:incoming_assign", args=[document.pk])
    past = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"lead": f"d{registry.department.pk}", "deadline": past})
    assert response.status_code == 422
    assert response.context["form"].errors["deadline"]
    missing = client.post(url, {"lead": ""})
    assert missing.context["form"].errors["lead"]
    assert not Assignment.objects.exists()
    ok = client.post(
        url,
        {
            "lead": f"d{registry.department.pk}",
            "informs": [f"u{people['clerk'].pk}"],
            "working_days": "3",
            "direction": "Phòng VX tham mưu",
        },
    )
    assert ok.status_code == 302
    assert Assignment.objects.filter(document=document).count() == 2


def test_specialist_cannot_assign(client, people, document, lead):
    client.force_login(people["specialist"])
    url = reverse("eoffice:incoming_assign", args=[document.pk])
    assert client.get(url).status_code == 403


def test_task_list_progress_and_completion(client, people, document, lead):
    client.force_login(people["specialist"])
    tasks = client.get(reverse("eoffice:my_tasks"))
    assert [r["obj"] for r in tasks.context["rows"]] == [lead]
    progress = reverse("eoffice:assignment_progress", args=[lead.pk])
    assert client.post(progress, {"note": ""}).status_code == 422
    assert client.post(progress, {"note": "Đang dự thảo"}).status_code == 302
    complete = reverse("eoffice:assignment_complete", args=[lead.pk])
    assert client.post(complete, {"result": ""}).status_code == 422
    document.refresh_from_db()
    assert document.status == IncomingStatus.IN_PROGRESS
    assert client.post(complete, {"result": "Đã trình dự thảo"}).status_code == 302
    document.refresh_from_db()
    assert document.status == IncomingStatus.COMPLETED


def test_someone_else_cannot_act_on_a_task(client, people, lead):
    client.force_login(people["clerk"])  # sees the document, is not the handler
    url = reverse("eoffice:assignment_complete", args=[lead.pk])
    assert client.post(url, {"result": "x"}).status_code == 403
    client.force_login(people["other"])  # does not even see it
    assert client.post(url, {"result": "x"}).status_code == 404
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.OPEN


def test_head_reassigns_the_department_part(client, registry, people, document):
    (part,) = assign(
        people["leader"], document, lead=Target(department=registry.department), working_days=5
    )
    client.force_login(people["specialist"])
    url = reverse("eoffice:assignment_reassign", args=[part.pk])
    assert client.get(url).status_code == 403
    client.force_login(people["head"])
    assert client.post(url, {}).status_code == 422
    response = client.post(url, {"specialists": [people["specialist"].pk]})
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == AssignmentStatus.REASSIGNED
    assert part.reassignments.get().assignee == people["specialist"]


def test_extension_request_and_decision(client, people, document):
    (part,) = assign(
        people["leader"], document, lead=Target(user=people["specialist"]), working_days=2
    )
    client.force_login(people["specialist"])
    url = reverse("eoffice:assignment_extension", args=[part.pk])
    early = part.deadline.isoformat()
    assert client.post(url, {"proposed_deadline": early, "reason": "Cần thêm"}).status_code == 422
    later = (part.deadline + datetime.timedelta(days=7)).isoformat()
    assert client.post(url, {"proposed_deadline": later, "reason": "Cần ý kiến"}).status_code == 302
    extension = ExtensionRequest.objects.get()
    decide = reverse("eoffice:extension_decide", args=[extension.pk])
    assert client.post(decide, {"approve": "1"}).status_code == 403
    client.force_login(people["leader"])
    tasks = client.get(reverse("eoffice:my_tasks"))
    assert tasks.context["extensions"] == [extension]
    assert client.post(decide, {"approve": "1"}).status_code == 302
    part.refresh_from_db()
    assert part.deadline.isoformat() == later


def test_document_page_shows_actions_for_the_handler_only(client, people, document, lead):
    client.force_login(people["specialist"])
    html = client.get(document.get_absolute_url()).content.decode()
    assert reverse("eoffice:assignment_complete", args=[lead.pk]) in html
    client.force_login(people["clerk"])
    html = client.get(document.get_absolute_url()).content.decode()
    assert reverse("eoffice:assignment_complete", args=[lead.pk]) not in html
