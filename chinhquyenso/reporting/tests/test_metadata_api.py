import pytest
from django.conf import settings
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.identity.tokens import issue_token
from chinhquyenso.reporting.models import DataElement, DataSetAssignment, OrgUnit, ValidationRule

BASE = "/api/v1/reporting/metadata"


@pytest.fixture(autouse=True)
def english(client):
    """Pages and the API answer in English: the tests read their messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _auth(user):
    _token, clear = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


@pytest.fixture
def keeper(registry):
    return _auth(registry.user("quantri", Role.AGENCY_ADMIN))


@pytest.fixture
def viewer(registry):
    return _auth(registry.user("chuyenvien", Role.SPECIALIST))


def _post(client, path, payload, auth):
    return client.post(f"{BASE}{path}", payload, content_type="application/json", **auth)


def _put(client, path, payload, auth):
    return client.put(f"{BASE}{path}", payload, content_type="application/json", **auth)


@pytest.fixture
def form(client, keeper):
    assert (
        _post(
            client,
            "/disaggregations",
            {
                "code": "LEVEL",
                "name": "Cấp",
                "options": [
                    {"code": "PROVINCE", "name": "Cấp tỉnh"},
                    {"code": "COMMUNE", "name": "Cấp xã"},
                ],
            },
            keeper,
        ).status_code
        == 201
    )
    combo = _post(
        client,
        "/disaggregation-sets",
        {"code": "BY_LEVEL", "name": "Theo cấp", "disaggregations": ["LEVEL"]},
        keeper,
    )
    assert [c["code"] for c in combo.json()["cells"]] == ["BY_LEVEL_PROVINCE", "BY_LEVEL_COMMUNE"]
    for code, name in (("TOTAL", "Tổng số hồ sơ"), ("ONLINE", "Hồ sơ trên mạng")):
        created = _post(
            client,
            "/elements",
            {"code": code, "name": name, "unit": "hồ sơ", "disaggregation_set": "BY_LEVEL"},
            keeper,
        )
        assert created.status_code == 201, created.content
    created = _post(
        client,
        "/forms",
        {
            "code": "CDS_MONTH",
            "name": "Báo cáo chuyển đổi số hằng tháng",
            "periodicity": "monthly",
            "due_days": 3,
            "rows": [{"element": "TOTAL", "section": "Hồ sơ"}, {"element": "ONLINE"}],
        },
        keeper,
    )
    assert created.status_code == 201, created.content
    return created.json()


def test_metadata_round_trip(client, form, keeper, viewer):
    assert form["due_days"] == 3
    assert form["rows"] == [
        {"element": "TOTAL", "section": "Hồ sơ"},
        {"element": "ONLINE", "section": ""},
    ]
    rule = _post(
        client,
        "/forms/CDS_MONTH/rules",
        {
            "code": "ONLINE_LE_TOTAL",
            "name": "Trên mạng ≤ tổng số",
            "left": "#{ONLINE}",
            "operator": "<=",
            "right": "#{TOTAL}",
            "message": "Số hồ sơ trên mạng lớn hơn tổng số.",
        },
        keeper,
    )
    assert rule.status_code == 201, rule.content
    listed = client.get(f"{BASE}/elements", {"q": "tren"}, **viewer)
    assert listed.status_code == 200
    fetched = client.get(f"{BASE}/forms/CDS_MONTH", **viewer).json()
    assert [r["code"] for r in fetched["rules"]] == ["ONLINE_LE_TOTAL"]
    check = _post(
        client,
        "/expressions/check",
        {"expression": "#{ONLINE.BY_LEVEL_COMMUNE}", "form": "CDS_MONTH"},
        viewer,
    )
    assert check.json()["ok"] is True
    assert check.json()["references"] == ["ONLINE.BY_LEVEL_COMMUNE — Hồ sơ trên mạng (Cấp xã)"]
    deleted = client.delete(f"{BASE}/forms/CDS_MONTH/rules/ONLINE_LE_TOTAL", **keeper)
    assert deleted.status_code == 204
    assert not ValidationRule.objects.exists()


def test_bad_input_is_refused_and_changes_nothing(client, form, keeper):
    with translation.override("en"):
        duplicate = _post(client, "/elements", {"code": "TOTAL", "name": "Again"}, keeper)
        assert duplicate.status_code == 422
        assert "already used" in duplicate.json()["errors"]["code"][0]
        unknown = _post(
            client,
            "/forms/CDS_MONTH/rules",
            {
                "code": "R",
                "name": "r",
                "left": "#{ONLNE}",
                "operator": "<=",
                "right": "#{TOTAL}",
                "message": "m",
            },
            keeper,
        )
        assert unknown.status_code == 422
        assert "ONLNE" in unknown.json()["detail"]
        check = _post(client, "/expressions/check", {"expression": "#{TOTAL} +"}, keeper)
        assert check.json()["ok"] is False and "cannot be read" in check.json()["message"]
    assert DataElement.objects.get(code="TOTAL").name == "Tổng số hồ sơ"
    assert not ValidationRule.objects.exists()


def test_readers_cannot_write(client, viewer):
    response = _post(client, "/elements", {"code": "X", "name": "x"}, viewer)
    assert response.status_code == 403
    assert not DataElement.objects.filter(code="X").exists()
    assert client.get(f"{BASE}/elements").status_code == 401


def test_units_indicators_and_assignments(client, form, keeper, registry):
    assert _post(client, "/units/sync", {}, keeper).json() == {"count": 2}
    top = client.get(f"{BASE}/units", **keeper).json()
    assert [u["code"] for u in top] == ["000.00.00.H48"]
    commune = _post(
        client,
        "/units",
        {"code": "XA_TINH_AN", "name": "Xã Tịnh Ấn", "level": 3, "parent": "000.01.00.H48"},
        keeper,
    )
    assert commune.status_code == 201, commune.content
    moved = _put(
        client,
        "/units/XA_TINH_AN",
        {"name": "Xã Tịnh Ấn", "level": 3, "parent": "000.00.00.H48"},
        keeper,
    )
    assert moved.json()["depth"] == 1
    with translation.override("en"):
        loop = _put(
            client,
            "/units/000.00.00.H48",
            {"name": "UBND tỉnh", "level": 1, "parent": "000.01.00.H48"},
            keeper,
        )
    assert loop.status_code == 422 and "under itself" in loop.json()["detail"]
    assert OrgUnit.objects.get(code="000.00.00.H48").parent is None
    assigned = _post(
        client, "/forms/CDS_MONTH/assignments", {"unit": "000.00.00.H48", "level": 3}, keeper
    )
    assert assigned.json() == {"count": 1}
    assert list(DataSetAssignment.objects.values_list("org_unit__code", flat=True)) == [
        "XA_TINH_AN"
    ]
    indicator = _post(
        client,
        "/indicators",
        {
            "code": "ONLINE_RATE",
            "name": "Tỷ lệ hồ sơ trên mạng",
            "numerator": "#{ONLINE}",
            "denominator": "#{TOTAL}",
            "factor": "100",
            "unit": "%",
            "group": "II31",
            "group_name": "II.3.1",
        },
        keeper,
    )
    assert indicator.status_code == 201, indicator.content
    target = _put(
        client,
        "/indicators/ONLINE_RATE/targets",
        {"year": 2025, "level": 3, "value": "70", "text": "≥ 70 %"},
        keeper,
    )
    assert target.status_code == 200, target.content
    listed = client.get(f"{BASE}/indicators", {"group": "II31"}, **keeper).json()
    assert listed[0]["targets"][0]["level"] == 3
    assert float(listed[0]["targets"][0]["value"]) == 70
    gone = client.delete(f"{BASE}/indicators/ONLINE_RATE/targets?year=2025&level=3", **keeper)
    assert gone.status_code == 204
    assert AuditEvent.objects.filter(action="reporting.target.delete").exists()
