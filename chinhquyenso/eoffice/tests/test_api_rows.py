"""The list and detail API read plain rows: their JSON must equal what the declared schemas give."""

import datetime
import json

import pytest
from ninja.responses import NinjaJSONEncoder

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.api import IncomingDetailOut, IncomingOut
from chinhquyenso.eoffice.models import IncomingDocument
from chinhquyenso.identity.tokens import issue_token

from .conftest import make_data

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def _as_ninja(schema, value):
    """What Ninja itself sends for `value` through `schema` (pydantic, then its JSON encoder)."""
    return json.loads(json.dumps(schema.model_validate(value).model_dump(), cls=NinjaJSONEncoder))


@pytest.fixture
def handled(registry, clerk, leader):
    """Three documents: one plain, one with an odd notation, one presented, assigned, reassigned."""
    specialist = registry.user(
        "cv", Role.SPECIALIST, department=registry.department, full_name="Lê Thị Hoa"
    )
    head = registry.user("tp", Role.HEAD_OF_DEPARTMENT, department=registry.department)
    plain = services.register_incoming(clerk, registry.office, make_data())
    odd = services.register_incoming(
        clerk, registry.office, make_data(notation="số 7 ngày 3/11", signer="Nguyễn Văn A")
    )
    routed = services.register_incoming(
        clerk,
        registry.office,
        make_data(notation="20-CT/TU", urgency=2, due_date=datetime.date(2026, 12, 1)),
    )
    services.present(clerk, routed, leader, "Kính trình")
    assignments = services.assign(
        leader,
        routed,
        lead=services.Target(department=registry.department),
        supports=[services.Target(user=specialist)],
        working_days=5,
        direction="Chủ trì xử lý",
    )
    services.reassign(head, assignments[0], [specialist], direction="Giao chuyên viên")
    return {"documents": [plain, odd, routed], "specialist": specialist}


def test_list_items_equal_the_schema(client, clerk, handled):
    response = client.get("/api/v1/eoffice/incoming", **_auth(clerk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    documents = IncomingDocument.objects.order_by("-arrival_year", "-arrival_number")
    assert response.json() == {
        "items": [_as_ninja(IncomingOut, d) for d in documents],
        "next_offset": None,
    }
    odd = response.json()["items"][1]
    assert odd["notation_warnings"] and odd["code_number"] is None


def test_detail_equals_the_schema(client, clerk, handled):
    routed = IncomingDocument.objects.get(pk=handled["documents"][2].pk)
    response = client.get(f"/api/v1/eoffice/incoming/{routed.pk}", **_auth(clerk))
    assert response.status_code == 200
    expected = _as_ninja(
        IncomingDetailOut,
        {
            "document": routed,
            "assignments": list(routed.assignments.select_related("assignee", "department")),
            "trace": list(routed.trace.select_related("actor")),
        },
    )
    assert response.json() == expected
    kinds = {(a["assignee"], a["department"]) for a in expected["assignments"]}
    assert ("Lê Thị Hoa", None) in kinds and (None, "Phòng Văn hóa - Xã hội") in kinds
    assert len(expected["trace"]) >= 4


def test_routed_specialist_sees_only_what_was_routed(client, handled):
    specialist = handled["specialist"]
    plain, _odd, routed = handled["documents"]
    items = client.get("/api/v1/eoffice/incoming", **_auth(specialist)).json()["items"]
    assert [i["id"] for i in items] == [routed.pk]
    assert (
        client.get(f"/api/v1/eoffice/incoming/{routed.pk}", **_auth(specialist)).status_code == 200
    )
    missing = client.get(f"/api/v1/eoffice/incoming/{plain.pk}", **_auth(specialist))
    assert missing.status_code == 404
    assert client.get("/api/v1/eoffice/incoming/987654", **_auth(specialist)).status_code == 404


def test_search_and_filters_keep_their_results(client, clerk, handled):
    routed = handled["documents"][2]
    auth = _auth(clerk)
    found = client.get("/api/v1/eoffice/incoming", {"q": "tang cuong chuyen doi"}, **auth).json()
    assert len(found["items"]) == 3
    urgent = client.get("/api/v1/eoffice/incoming", {"urgency": 2}, **auth).json()["items"]
    assert [i["id"] for i in urgent] == [routed.pk]
    by_handler = client.get(
        "/api/v1/eoffice/incoming", {"handler_id": handled["specialist"].pk}, **auth
    ).json()["items"]
    assert [i["id"] for i in by_handler] == [routed.pk]


def test_registration_by_token_is_audited_as_the_token_owner(client, clerk):
    response = client.post(
        "/api/v1/eoffice/incoming",
        {
            "notation": "12/UBND-VX",
            "issuer": "UBND phường Cẩm Thành",
            "issued_date": "2026-11-02",
            "doc_type": "Công văn",
            "subject": "V/v báo cáo",
            "arrival_date": "2026-11-03",
        },
        **_auth(clerk),
    )
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.get(action="eoffice.incoming.register")
    assert (event.actor_id, event.actor_repr) == (clerk.pk, clerk.username)
    # The 201 body is built from the registered object, in IncomingOut's shape.
    document = IncomingDocument.objects.get()
    assert response.json() == _as_ninja(IncomingOut, document)


def test_reads_by_token_cost_few_queries(client, clerk, handled):
    """Token, user and roles in one query; then the page (list) or document, assignments, trace."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    auth = _auth(clerk)
    routed = handled["documents"][2]
    client.get("/api/v1/eoffice/incoming", **auth)  # the first use writes last_used_at
    with CaptureQueriesContext(connection) as listing:
        assert client.get("/api/v1/eoffice/incoming", **auth).status_code == 200
    with CaptureQueriesContext(connection) as detail:
        assert client.get(f"/api/v1/eoffice/incoming/{routed.pk}", **auth).status_code == 200
    assert len(listing) == 3, [q["sql"] for q in listing]
    assert len(detail) == 4, [q["sql"] for q in detail]


def test_a_revoked_or_ended_role_is_not_used_by_token_requests(client, clerk, handled):
    from chinhquyenso.core.models import RoleAssignment

    auth = _auth(clerk)
    assert client.get("/api/v1/eoffice/incoming", **auth).json()["items"]
    RoleAssignment.objects.filter(user=clerk).update(
        valid_to=datetime.date.today() - datetime.timedelta(days=2)
    )
    assert client.get("/api/v1/eoffice/incoming", **auth).json()["items"] == []
