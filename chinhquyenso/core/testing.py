"""Builders for tests: a province agency tree and users with roles, created through the ORM."""

from django.db import transaction

from .choices import AgencyKind, Role, UserKind
from .models import Agency, Department, RoleAssignment, User

DEFAULT_PASSWORD = "Mat-khau-Thu-9!"


class RegistryFactory:
    """Creates the same little world in every test that asks for it."""

    def __init__(self):
        with transaction.atomic():
            self.province_committee = Agency.objects.create(
                name="Ủy ban nhân dân tỉnh Quảng Ngãi",
                short_name="UBND tỉnh",
                notation_abbr="UBND",
                electronic_id="000.00.00.H48",
                kind=AgencyKind.STATE,
            )
            self.office = Agency.objects.create(
                name="Văn phòng Ủy ban nhân dân tỉnh",
                short_name="VP UBND tỉnh",
                notation_abbr="VP",
                electronic_id="000.01.00.H48",
                kind=AgencyKind.STATE,
                parent=self.province_committee,
            )
            self.department = Department.objects.create(
                agency=self.office, name="Phòng Văn hóa - Xã hội", abbreviation="VX"
            )

    def user(
        self,
        username: str,
        role: str | None = None,
        *,
        agency: Agency | None = None,
        department: Department | None = None,
        include_descendants: bool = False,
        kind: str = UserKind.OFFICIAL,
        password: str = DEFAULT_PASSWORD,
        **fields,
    ) -> User:
        scoped = role not in {Role.SYSTEM_ADMIN, Role.CITIZEN, None}
        agency = agency or (self.office if scoped and department is None else None)
        user = User.objects.create_user(
            username=username,
            password=password,
            kind=kind,
            agency=agency or (department.agency if department else None),
            department=department,
            **fields,
        )
        if role:
            RoleAssignment.objects.create(
                user=user,
                role=role,
                agency=agency if department is None else None,
                department=department,
                include_descendants=include_descendants,
            )
        return user
