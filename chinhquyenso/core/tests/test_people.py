"""Account services: officials, citizen and business self-registration, deactivation."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chinhquyenso.core import permissions
from chinhquyenso.core.choices import AgencyKind, Role, UserKind
from chinhquyenso.core.models import Agency, AuditEvent, Department, RoleAssignment, User
from chinhquyenso.core.services import people

pytestmark = pytest.mark.django_db

STRONG = "Quang-Ngai-2025!"


def state():
    """Everything a people service may write; equal before and after a refused call."""
    return (
        list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "email", "full_name", "is_active", "agency", "department"
            )
        ),
        list(RoleAssignment.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


@contextmanager
def unchanged():
    before = state()
    yield
    assert state() == before


def refused(field: str):
    """Expect a ValidationError naming `field`, and no change at all."""

    @contextmanager
    def manager():
        with unchanged(), pytest.raises(ValidationError) as caught:
            yield caught
        assert field in caught.value.message_dict, caught.value.message_dict

    return manager()


def denied():
    @contextmanager
    def manager():
        with unchanged(), pytest.raises(PermissionDenied):
            yield

    return manager()


@pytest.fixture
def office_admin(registry):
    return registry.user("office-admin", Role.AGENCY_ADMIN, agency=registry.office)


# --- officials --------------------------------------------------------------------------------


def test_agency_admin_creates_official_with_audit_and_no_password_hash(registry, office_admin):
    user = people.create_official(
        office_admin,
        "nguyenvana",
        "Nguyễn Văn A",
        "a@quangngai.gov.vn",
        registry.office,
        department=registry.department,
        position="Chuyên viên",
    )
    assert user.kind == UserKind.OFFICIAL and user.department == registry.department
    assert not user.has_usable_password()  # set later through the reset link
    event = AuditEvent.objects.get(action="core.user.create", object_id=str(user.pk))
    assert event.actor_id == office_admin.pk
    assert event.after["username"] == "nguyenvana"
    assert "password" not in event.after


def test_create_official_with_password_checks_the_policy(registry, office_admin):
    with refused("password"):
        people.create_official(office_admin, "b", "B", "b@x.vn", registry.office, password="1234")
    user = people.create_official(
        office_admin, "b", "B", "b@x.vn", registry.office, password=STRONG
    )
    assert user.check_password(STRONG)


def test_agency_admin_cannot_create_outside_their_agency(registry, office_admin):
    with denied():
        people.create_official(office_admin, "c", "C", "c@x.vn", registry.province_committee)


def test_user_without_manage_users_cannot_create(registry):
    clerk = registry.user("clerk", Role.CLERK, agency=registry.office)
    with denied():
        people.create_official(clerk, "c", "C", "c@x.vn", registry.office)
    with denied():
        people.create_official(None, "c", "C", "c@x.vn", registry.office)


@pytest.mark.parametrize(
    ("username", "full_name", "email", "field"),
    [
        ("OFFICE-ADMIN", "X", "x@x.vn", "username"),  # taken, whatever the case
        ("bad name!", "X", "x@x.vn", "username"),
        ("", "X", "x@x.vn", "username"),
        ("x", "  ", "x@x.vn", "full_name"),
        ("x", "X", "not-an-email", "email"),
        ("x", "X", "", "email"),
        ("x", "X", "TAKEN@x.vn", "email"),
    ],
)
def test_create_official_field_errors_change_nothing(
    registry, office_admin, username, full_name, email, field
):
    registry.user("someone", email="taken@x.vn")
    with refused(field):
        people.create_official(office_admin, username, full_name, email, registry.office)


def test_department_must_belong_to_the_agency(registry):
    root = registry.user("root", Role.SYSTEM_ADMIN)
    with refused("department"):
        people.create_official(
            root, "d", "D", "d@x.vn", registry.province_committee, department=registry.department
        )
    with refused("agency"):
        people.create_official(root, "d", "D", "d@x.vn", None)


def test_closed_agency_is_refused(registry):
    root = registry.user("root", Role.SYSTEM_ADMIN)
    closed = Agency.objects.create(
        name="UBND huyện cũ",
        kind=AgencyKind.STATE,
        valid_to=timezone.localdate().replace(year=2025),
    )
    with refused("agency"):
        people.create_official(root, "d", "D", "d@x.vn", closed)


def test_update_official_audits_before_and_after(registry, office_admin):
    official = registry.user("official", email="old@x.vn", agency=registry.office)
    people.update_official(office_admin, official, email="new@x.vn", position="Phó Chánh VP")
    official.refresh_from_db()
    assert official.email == "new@x.vn"
    event = AuditEvent.objects.get(action="core.user.update")
    assert event.before["email"] == "old@x.vn" and event.after["email"] == "new@x.vn"
    assert "password" not in event.before


def test_moving_an_official_clears_the_department_and_needs_both_agencies(registry):
    root = registry.user("root", Role.SYSTEM_ADMIN)
    official = registry.user("official", department=registry.department)
    people.update_official(root, official, agency=registry.province_committee)
    official.refresh_from_db()
    assert official.agency == registry.province_committee and official.department is None
    office_admin = registry.user("office-admin", Role.AGENCY_ADMIN, agency=registry.office)
    mine = registry.user("mine", agency=registry.office)
    with denied():
        people.update_official(office_admin, mine, agency=registry.province_committee)


def test_update_refuses_bad_input_and_unknown_fields(registry, office_admin):
    official = registry.user("official", agency=registry.office)
    registry.user("other", email="taken@x.vn")
    with refused("email"):
        people.update_official(office_admin, official, email="TAKEN@x.vn")
    with refused("full_name"):
        people.update_official(office_admin, official, full_name="")
    other_department = Department.objects.create(
        agency=registry.province_committee, name="Phòng Nội chính", abbreviation="NC"
    )
    with denied():  # permission is checked before the data
        people.update_official(office_admin, official, department=other_department)
    root = registry.user("root", Role.SYSTEM_ADMIN)
    with refused("department"):
        people.update_official(root, official, department=other_department)
    with unchanged(), pytest.raises(TypeError):
        people.update_official(office_admin, official, is_superuser=True)


def test_lower_admin_cannot_touch_a_higher_one_placed_in_their_agency(registry, office_admin):
    # Changing the email would let the lower admin reset the higher admin's password.
    province_admin = registry.user(
        "province-admin", agency=registry.office, email="boss@x.vn", kind=UserKind.OFFICIAL
    )
    RoleAssignment.objects.create(
        user=province_admin,
        role=Role.AGENCY_ADMIN,
        agency=registry.province_committee,
        include_descendants=True,
    )
    with denied():
        people.update_official(office_admin, province_admin, email="mine@x.vn")
    with denied():
        people.deactivate_user(office_admin, province_admin)


def test_deactivate_keeps_the_row_and_removes_every_permission(registry, office_admin):
    clerk = registry.user("clerk", Role.CLERK, agency=registry.office)
    people.deactivate_user(office_admin, clerk)
    clerk = User.objects.get(pk=clerk.pk)
    assert not clerk.is_active
    assert RoleAssignment.objects.filter(user=clerk).exists()  # history stays
    assert not permissions.has_perm(clerk, "core.view_registry", registry.office)
    event = AuditEvent.objects.get(action="core.user.deactivate")
    assert event.before["is_active"] is True and event.after["is_active"] is False
    with refused("is_active"):
        people.deactivate_user(office_admin, clerk)


def test_nobody_deactivates_themselves_and_agency_admins_leave_citizens_alone(
    registry, office_admin
):
    with refused("user"):
        people.deactivate_user(office_admin, office_admin)
    citizen = people.register_citizen("dan", "Trần Thị Dân", "051190000001", "dan@x.vn", STRONG)
    with denied():
        people.deactivate_user(office_admin, citizen)
    root = registry.user("root", Role.SYSTEM_ADMIN)
    assert not people.deactivate_user(root, citizen).is_active


# --- citizens and businesses ------------------------------------------------------------------


def test_citizen_registers_with_platform_wide_citizen_role(registry):
    user = people.register_citizen(
        " dan ", "Trần Thị Dân", "051190000001", "dan@example.vn", STRONG
    )
    assert user.kind == UserKind.CITIZEN and user.username == "dan"
    assert user.citizen_id == "051190000001" and user.identity_level == 0
    assert user.check_password(STRONG)
    (role,) = RoleAssignment.objects.filter(user=user)
    assert role.role == Role.CITIZEN and role.agency_id is None and role.department_id is None
    assert permissions.has_perm(user, "core.upload_file")
    assert not permissions.has_perm(user, "core.view_registry")
    actions = set(AuditEvent.objects.filter(actor_id=user.pk).values_list("action", flat=True))
    assert actions == {"core.user.register", "core.role.assign"}
    assert "password" not in AuditEvent.objects.get(action="core.user.register").after


@pytest.mark.parametrize(
    "citizen_id",
    ["05119000000", "0511900000012", "05119000000A", "CCCD05119000", "0511 9000 0001", ""],
)
def test_citizen_id_must_be_12_digits(registry, citizen_id):
    with refused("citizen_id"):
        people.register_citizen("dan", "Dân", citizen_id, "dan@example.vn", STRONG)


def test_duplicate_citizen_id_is_refused(registry):
    people.register_citizen("dan", "Dân", "051190000001", "dan@example.vn", STRONG)
    with refused("citizen_id"):
        people.register_citizen("dan2", "Dân Hai", "051190000001", "dan2@example.vn", STRONG)


@pytest.mark.parametrize("password", ["", "short1A!", "123456789012", "dandandandan"])
def test_weak_password_is_refused(registry, password):
    with refused("password"):
        people.register_citizen("dandandandan", "Dân", "051190000001", "d@example.vn", password)


def test_every_field_error_is_reported_at_once(registry):
    with refused("citizen_id") as caught:
        people.register_citizen("", "", "123", "nope", "x")
    assert set(caught.value.message_dict) == {
        "username",
        "full_name",
        "citizen_id",
        "email",
        "password",
    }


@pytest.mark.parametrize("tax_code", ["0100109106", "0100109106-001"])
def test_business_registers_and_acts_as_a_citizen(registry, tax_code):
    user = people.register_business("cty", "Công ty TNHH Dung Quất", tax_code, "c@dq.vn", STRONG)
    assert user.kind == UserKind.BUSINESS and user.tax_code == tax_code
    assert user.full_name == "Công ty TNHH Dung Quất"
    assert permissions.has_role(user, Role.CITIZEN)


@pytest.mark.parametrize(
    "tax_code",
    [
        "010010910",
        "01001091060",
        "0100109106-01",
        "0100109106_001",
        "010010910A",
        "",
        "0100-109106",
    ],
)
def test_business_tax_code_format(registry, tax_code):
    with refused("tax_code"):
        people.register_business("cty", "Công ty", tax_code, "c@dq.vn", STRONG)


def test_duplicate_tax_code_and_empty_company_name_are_refused(registry):
    people.register_business("cty", "Công ty A", "0100109106", "a@dq.vn", STRONG)
    with refused("tax_code"):
        people.register_business("cty2", "Công ty B", "0100109106", "b@dq.vn", STRONG)
    with refused("company_name"):
        people.register_business("cty3", " ", "0100109107", "c@dq.vn", STRONG)


@pytest.mark.django_db
def test_citizen_at_counter_is_created_once_without_a_password(registry):
    from chinhquyenso.core.services import citizen_at_counter

    officer = registry.user("motcua", Role.ONE_STOP_OFFICER)
    first = citizen_at_counter(officer, "Phạm Văn Tâm", "051090001234", "0905123456")
    again = citizen_at_counter(officer, "Phạm Văn Tâm", "051090001234")
    assert first == again and not first.has_usable_password()
    assert first.role_assignments.get().role == Role.CITIZEN
    with pytest.raises(ValidationError):
        citizen_at_counter(officer, "Ai đó", "12345")
    with pytest.raises(PermissionDenied):
        citizen_at_counter(registry.user("cv", Role.SPECIALIST), "X", "051090009999")
