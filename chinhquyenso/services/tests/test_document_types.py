"""Warehouse document types are created through a service: checked, audited, keepers only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.services import services
from chinhquyenso.services.models import WarehouseDocumentType


def test_a_keeper_creates_a_type_and_the_audit_log_says_so(registry):
    admin = registry.user("quantri", Role.SYSTEM_ADMIN)
    kind = services.create_document_type(admin, " can-cuoc ", " Căn cước ")
    assert (kind.code, kind.name) == ("can-cuoc", "Căn cước")
    event = AuditEvent.objects.get(action="services.warehouse.create_type")
    assert event.object_id == str(kind.pk)


def test_bad_or_duplicate_codes_and_blank_names_change_nothing(registry):
    admin = registry.user("quantri", Role.SYSTEM_ADMIN)
    services.create_document_type(admin, "can-cuoc", "Căn cước")
    for code, name, field in [
        ("can-cuoc", "Căn cước công dân", "code"),
        ("Căn Cước", "Căn cước", "code"),
        ("giay-khai-sinh", "  ", "name"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.create_document_type(admin, code, name)
        assert field in caught.value.message_dict
    assert WarehouseDocumentType.objects.count() == 1


def test_a_citizen_cannot_create_a_type(registry):
    citizen = registry.user(
        "congdan", Role.CITIZEN, kind=UserKind.CITIZEN, citizen_id="051085006789"
    )
    with pytest.raises(PermissionDenied):
        services.create_document_type(citizen, "can-cuoc", "Căn cước")
    assert not WarehouseDocumentType.objects.exists()
