"""`manage.py load_demo_data`: the Quảng Ngãi demo (agencies, departments, one user per role).

Idempotent: rows are found by their natural keys and only missing ones are created, so a second
run changes nothing. Prints the demo sign-ins every time (`make run` shows them).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import audit
from chinhquyenso.core.choices import AgencyKind, Role, UserKind
from chinhquyenso.core.models import AdministrativeUnit, Agency, Department, RoleAssignment, User

REFORM_DATE = datetime.date(2025, 7, 1)
PROVINCE_CODE = "51"


@dataclass(frozen=True)
class AgencySeed:
    key: str
    name: str
    short_name: str
    notation_abbr: str
    electronic_id: str  # only 000.00.00.H48 is real; the rest are invented for the demo
    kind: str
    parent: str | None = None
    unit_code: str | None = None  # a post-2025 commune-level unit; None: the province
    departments: tuple[tuple[str, str], ...] = field(default_factory=tuple)


AGENCIES = (
    AgencySeed(
        "ubnd", "Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi", "UBND",
        "000.00.00.H48", AgencyKind.STATE,
    ),
    AgencySeed(
        "vp", "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi", "VP UBND tỉnh", "VP",
        "000.01.00.H48", AgencyKind.STATE, parent="ubnd",
        departments=(
            ("Phòng Hành chính - Tổ chức", "HCTC"),
            ("Phòng Kinh tế", "KT"),
            ("Phòng Văn hóa - Xã hội", "VX"),
            ("Phòng Kiểm soát thủ tục hành chính", "KSTT"),
        ),
    ),
    # Since 1 March 2025 the former Sở Thông tin và Truyền thông is part of Sở KH&CN.
    AgencySeed(
        "skhcn", "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", "Sở KH&CN", "SKHCN",
        "000.02.00.H48", AgencyKind.STATE, parent="ubnd",
        departments=(("Phòng Chuyển đổi số", "CĐS"), ("Văn phòng Sở", "VP")),
    ),
    AgencySeed(
        "stc", "Sở Tài chính tỉnh Quảng Ngãi", "Sở Tài chính", "STC",
        "000.03.00.H48", AgencyKind.STATE, parent="ubnd",
    ),
    AgencySeed(
        "snv", "Sở Nội vụ tỉnh Quảng Ngãi", "Sở Nội vụ", "SNV",
        "000.04.00.H48", AgencyKind.STATE, parent="ubnd",
    ),
    AgencySeed(
        "stp", "Sở Tư pháp tỉnh Quảng Ngãi", "Sở Tư pháp", "STP",
        "000.05.00.H48", AgencyKind.STATE, parent="ubnd",
    ),
    AgencySeed(
        "camthanh", "Ủy ban nhân dân phường Cẩm Thành", "UBND phường Cẩm Thành", "UBND",
        "000.00.01.H48", AgencyKind.STATE, parent="ubnd", unit_code="21025",
    ),
    AgencySeed(
        "nghialo", "Ủy ban nhân dân phường Nghĩa Lộ", "UBND phường Nghĩa Lộ", "UBND",
        "000.00.02.H48", AgencyKind.STATE, parent="ubnd", unit_code="21028",
    ),
    AgencySeed(
        "binhson", "Ủy ban nhân dân xã Bình Sơn", "UBND xã Bình Sơn", "UBND",
        "000.00.03.H48", AgencyKind.STATE, parent="ubnd", unit_code="21040",
    ),
    AgencySeed(
        "lyson", "Ủy ban nhân dân đặc khu Lý Sơn", "UBND đặc khu Lý Sơn", "UBND",
        "000.00.04.H48", AgencyKind.STATE, parent="ubnd", unit_code="21548",
    ),
    AgencySeed(
        "tu", "Tỉnh ủy Quảng Ngãi", "Tỉnh ủy", "TU", "000.11.00.H48", AgencyKind.PARTY,
    ),
    AgencySeed(
        "vptu", "Văn phòng Tỉnh ủy Quảng Ngãi", "Văn phòng Tỉnh ủy", "VPTU",
        "000.12.00.H48", AgencyKind.PARTY, parent="tu",
    ),
    AgencySeed(
        "mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi", "Ủy ban MTTQ Việt Nam tỉnh",
        "MTTQ", "000.13.00.H48", AgencyKind.FRONT,
    ),
    AgencySeed(
        "hlhpn", "Hội Liên hiệp Phụ nữ tỉnh Quảng Ngãi", "Hội LHPN tỉnh", "HLHPN",
        "000.14.00.H48", AgencyKind.SOCIOPOLITICAL, parent="mttq",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class UserSeed:
    username: str
    password: str  # demo only: printed on every run, never use on a real deployment
    full_name: str
    role: str
    agency: str | None
    department: str | None = None
    position: str = ""
    kind: str = UserKind.OFFICIAL
    citizen_id: str | None = None


USERS = (
    UserSeed("admin", "Sa-Huynh-2025", "Lê Minh Quân", Role.SYSTEM_ADMIN, "skhcn",
             position="Quản trị hệ thống"),
    UserSeed("vanthu", "Song-Tra-2025", "Nguyễn Thị Lan", Role.CLERK, "vp", position="Văn thư"),
    UserSeed("lanhdao", "Thien-An-2025", "Trần Quốc Hùng", Role.LEADER, "vp",
             position="Chánh Văn phòng"),
    UserSeed("truongphong", "Nui-Ca-Dam-2025", "Võ Thị Thu Hà", Role.HEAD_OF_DEPARTMENT, "vp",
             department="VX", position="Trưởng phòng Văn hóa - Xã hội"),
    UserSeed("chuyenvien", "Ba-To-2025!", "Phạm Đức Anh", Role.SPECIALIST, "vp",
             department="VX", position="Chuyên viên"),
    UserSeed("motcua", "Mang-Den-2025", "Huỳnh Thị Mỹ Linh", Role.ONE_STOP_OFFICER, "camthanh",
             position="Công chức Bộ phận Một cửa"),
    UserSeed("congdan", "Tra-Khuc-2025", "Đặng Văn Bình", Role.CITIZEN, None,
             kind=UserKind.CITIZEN, citizen_id="051085006789"),
)  # fmt: skip


def _unit(code: str | None) -> AdministrativeUnit | None:
    """The imported unit, or None when `import_admin_units` has not run (the link stays empty)."""
    if code is None:
        return AdministrativeUnit.objects.filter(code=PROVINCE_CODE, valid_to__isnull=True).first()
    return AdministrativeUnit.objects.filter(code=code, valid_from=REFORM_DATE).first()


class Seeder:
    def __init__(self):
        self.created: dict[str, list[str]] = {"agencies": [], "departments": [], "users": []}
        self.linked: list[str] = []
        self.agencies: dict[str, Agency] = {}

    def agency(self, seed: AgencySeed) -> Agency:
        unit = _unit(seed.unit_code)
        agency = Agency.objects.filter(electronic_id=seed.electronic_id).first()
        if agency is None:
            agency = Agency.objects.create(
                name=seed.name,
                short_name=seed.short_name,
                notation_abbr=seed.notation_abbr,
                electronic_id=seed.electronic_id,
                kind=seed.kind,
                parent=self.agencies.get(seed.parent) if seed.parent else None,
                administrative_unit=unit,
                valid_from=REFORM_DATE if seed.unit_code else None,
            )
            self.created["agencies"].append(seed.electronic_id)
        elif agency.administrative_unit_id is None and unit is not None:
            # Units imported after the first demo load: fill the link, never overwrite one.
            agency.administrative_unit = unit
            agency.save(update_fields=["administrative_unit"])
            self.linked.append(seed.electronic_id)
        for name, abbreviation in seed.departments:
            _dept, created = Department.objects.get_or_create(
                agency=agency, abbreviation=abbreviation, valid_to=None, defaults={"name": name}
            )
            if created:
                self.created["departments"].append(f"{seed.notation_abbr}-{abbreviation}")
        self.agencies[seed.key] = agency
        return agency

    def user(self, seed: UserSeed) -> User:
        agency = self.agencies.get(seed.agency) if seed.agency else None
        department = (
            Department.objects.get(agency=agency, abbreviation=seed.department, valid_to=None)
            if seed.department
            else None
        )
        user = User.objects.filter(username=seed.username).first()
        if user is None:
            is_admin = seed.role == Role.SYSTEM_ADMIN
            user = User(
                username=seed.username,
                full_name=seed.full_name,
                kind=seed.kind,
                agency=agency,
                department=department,
                position=seed.position,
                citizen_id=seed.citizen_id,
                identity_level=2 if seed.kind == UserKind.CITIZEN else 0,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            validate_password(seed.password, user)
            user.set_password(seed.password)
            user.save()
            self.created["users"].append(seed.username)
        platform_wide = seed.role in {Role.SYSTEM_ADMIN, Role.CITIZEN}
        RoleAssignment.objects.get_or_create(
            user=user,
            role=seed.role,
            agency=None if platform_wide or department else agency,
            department=department,
        )
        return user

    def run(self) -> bool:
        """Create what is missing; True when anything changed."""
        for seed in AGENCIES:
            self.agency(seed)
        for seed in USERS:
            self.user(seed)
        return any(self.created.values()) or bool(self.linked)


class Command(BaseCommand):
    help = "Load the Quảng Ngãi demo agencies and one user per role (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Only print the demo sign-ins (make run prints them last, before serving).",
        )

    def handle(self, *args, **options):
        if options["logins_only"]:
            self.print_logins()
            return
        with transaction.atomic():
            seeder = Seeder()
            changed = seeder.run()
            if changed:
                audit.record(
                    "core.demo.load",
                    object_type="core.demo",
                    object_id="quang-ngai",
                    object_repr="Quảng Ngãi demo data",
                    after={**seeder.created, "linked_units": seeder.linked},
                )
        if changed:
            self.stdout.write(
                _(
                    "Demo data loaded: %(a)s agencies, %(d)s departments, %(u)s users created; "
                    "%(l)s agencies linked to their administrative unit."
                )
                % {
                    "a": len(seeder.created["agencies"]),
                    "d": len(seeder.created["departments"]),
                    "u": len(seeder.created["users"]),
                    "l": len(seeder.linked),
                }
            )
        else:
            self.stdout.write(_("Demo data already present; nothing changed."))
        self.print_logins()

    def print_logins(self) -> None:
        write = self.stdout.write
        write("")
        write(_("Demo sign-ins (demo only — never use these passwords on a real deployment):"))
        write(f"  {'username':<12} {'password':<16} role")
        for seed in USERS:
            write(f"  {seed.username:<12} {seed.password:<16} {Role(seed.role).label}")
        write("")
        write(
            _(
                "The administrator must set up a second factor: after signing in as “admin” the "
                "platform opens the two-factor setup page; scan the QR code with an authenticator "
                "app (Aegis, FreeOTP, Google Authenticator…) and enter the 6-digit code it shows. "
                "For a throw-away local demo only, REQUIRE_ADMIN_2FA=0 turns this off."
            )
        )
