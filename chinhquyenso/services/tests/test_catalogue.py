"""Catalogue services: validation, permissions, audit, withdrawal and the diacritic-free search."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.services import services
from chinhquyenso.services.models import Procedure
from chinhquyenso.services.services import StepData

from .catalogue_fixtures import demo_sheets, procedure_data


@pytest.fixture
def admin(registry):
    return registry.user("qtht", Role.SYSTEM_ADMIN)


@pytest.fixture
def catalogue(admin):
    services.import_catalogue(admin, demo_sheets())


def test_create_saves_documents_steps_and_audits(admin):
    procedure = services.create_procedure(admin, procedure_data())
    assert procedure.field.name == "Hộ tịch"
    assert [d.name for d in procedure.required_documents.all()] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    ]
    assert [(s.order, s.time_share) for s in procedure.steps.all()] == [(1, 30), (2, 50), (3, 20)]
    event = AuditEvent.objects.get(action="services.procedure.create")
    assert event.object_id == str(procedure.pk)
    assert len(event.after["steps"]) == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "1001193"}, "code"),
        ({"code": "KS-01"}, "code"),
        ({"processing_days": 0}, "processing_days"),
        ({"fee_amount": -1}, "fee_amount"),
        ({"fee_amount": "abc"}, "fee_amount"),
        ({"online_level": "level4"}, "online_level"),
        ({"level": 4}, "level"),
        ({"name": "  "}, "name"),
        ({"field_code": "Hộ tịch"}, "field_code"),
        ({"steps": []}, "steps"),
        ({"steps": [StepData("Tiếp nhận", "one_stop_officer", 40)]}, "steps"),
        ({"steps": [StepData("Xử lý", "cook", 100)]}, "steps.1.role"),
        (
            {
                "form_schema": {
                    "type": "object",
                    "properties": {"x": {"type": "string", "title": "X", "x-kind": "passport"}},
                }
            },
            "form_schema",
        ),  # fmt: skip
    ],
)
def test_invalid_procedure_is_refused_and_nothing_saved(admin, overrides, field):
    with pytest.raises(ValidationError) as info:
        services.create_procedure(admin, procedure_data(**overrides))
    assert field in info.value.message_dict
    assert not Procedure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="services.procedure").exists()


def test_step_shares_must_add_up_to_100(admin):
    steps = [StepData("A", "one_stop_officer", 30), StepData("B", "leader", 60)]
    with pytest.raises(ValidationError) as info:
        services.create_procedure(admin, procedure_data(steps=steps))
    assert "90" in info.value.message_dict["steps"][0]


def test_duplicate_code_is_refused(admin):
    services.create_procedure(admin, procedure_data())
    with pytest.raises(ValidationError) as info:
        services.create_procedure(admin, procedure_data(name="Khác"))
    assert "code" in info.value.message_dict
    assert Procedure.objects.get().name == "Đăng ký khai sinh"


def test_update_changes_in_place_and_audits_before_after(admin):
    procedure = services.create_procedure(admin, procedure_data())
    first_doc = procedure.required_documents.get(order=1).pk
    services.update_procedure(admin, procedure, procedure_data(processing_days=3))
    procedure.refresh_from_db()
    assert procedure.processing_days == 3
    # Documents are updated in place: dossiers may point at them.
    assert procedure.required_documents.get(order=1).pk == first_doc
    event = AuditEvent.objects.get(action="services.procedure.update")
    assert (event.before["processing_days"], event.after["processing_days"]) == (1, 3)


def test_code_cannot_change_on_update(admin):
    procedure = services.create_procedure(admin, procedure_data())
    with pytest.raises(ValidationError):
        services.update_procedure(admin, procedure, procedure_data(code="1.000001"))


def test_deactivate_hides_from_search(admin):
    procedure = services.create_procedure(admin, procedure_data())
    assert list(services.search_procedures("khai sinh")) == [procedure]
    services.deactivate_procedure(admin, procedure)
    assert not services.search_procedures("khai sinh").exists()
    assert services.search_procedures("khai sinh", include_inactive=True).get() == procedure
    assert AuditEvent.objects.filter(action="services.procedure.deactivate").count() == 1
    with pytest.raises(ValidationError):
        services.deactivate_procedure(admin, procedure)


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.ONE_STOP_OFFICER, Role.LEADER])
def test_only_catalogue_keepers_may_write(registry, role):
    user = registry.user("u", role)
    with pytest.raises(PermissionDenied):
        services.create_procedure(user, procedure_data())
    assert not Procedure.objects.exists()


def test_agency_admin_may_not_touch_another_agencys_procedure(registry, admin):
    procedure = services.create_procedure(
        admin, procedure_data(agencies=[registry.province_committee])
    )
    office_admin = registry.user("qt_vp", Role.AGENCY_ADMIN, agency=registry.office)
    with pytest.raises(PermissionDenied):
        services.update_procedure(office_admin, procedure, procedure_data(processing_days=2))
    with pytest.raises(PermissionDenied):
        services.deactivate_procedure(office_admin, procedure)
    # Its own agency it may link.
    services.create_procedure(office_admin, procedure_data("1.000002", agencies=[registry.office]))


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("khai sinh", "1.001193"),
        ("KHAI SINH", "1.001193"),
        ("Đăng ký khai sinh", "1.001193"),
        ("đăng ký hộ kinh doanh", "1.001612"),
        ("dang ky ho kinh doanh", "1.001612"),
        ("ly lich tu phap", "2.001417"),
        ("1.001193", "1.001193"),
        ("chung thuc ban sao", "2.000815"),
    ],
)
def test_search_ignores_case_and_diacritics(catalogue, query, code):
    assert list(services.search_procedures(query).values_list("code", flat=True)) == [code]


def test_search_filters(catalogue):
    assert services.search_procedures("", level=1).get().code == "2.001417"
    assert set(services.search_procedures("", online_level="partial").values_list(
        "code", flat=True)) == {"2.000815", "1.009994"}  # fmt: skip
    assert services.search_procedures("", field="ho-tich").get().code == "1.001193"
    assert not services.search_procedures("khai sinh", field="chung-thuc").exists()
    assert not services.search_procedures("khai sinh", level="x").exists()
