"""The people, key and document types the demo dossiers need at UBND phường Cẩm Thành, all made
through the services (so audited); used by `load_demo_service_dossiers` and the browser test."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Agency, RoleAssignment, User
from chinhquyenso.core.pdf import render_text_document
from chinhquyenso.eoffice.demo_signing import seal_png
from chinhquyenso.eoffice.management.commands.create_demo_signing_keys import (
    DEMO_PASSPHRASE,
    demo_authority,
)
from chinhquyenso.eoffice.services import signing

from . import services
from .models import WarehouseDocumentType

AGENCY_ID = "000.00.01.H48"  # UBND phường Cẩm Thành in load_demo_data
# Demo sign-ins only: printed by the command, never use them on a real deployment.
STAFF = (
    ("chutich_camthanh", "Nguyễn Văn Thành", "Chủ tịch UBND phường", Role.LEADER,
     "Thach-Bich-2025"),
    ("tuphap_camthanh", "Lê Thị Hồng", "Công chức Tư pháp - Hộ tịch", Role.SPECIALIST,
     "Co-Luy-2025!"),
)  # fmt: skip
CITIZENS = (
    ("nguyenthimai", "Nguyễn Thị Mai", "051190004321", "Song-Ve-2025!"),
    ("lethithu", "Lê Thị Thu", "051195007654", "Dung-Quat-2025"),
)
DOCUMENT_TYPES = (
    ("can-cuoc", "Căn cước"),
    ("giay-khai-sinh", "Giấy khai sinh"),
    ("giay-chung-nhan-qsdd", "Giấy chứng nhận quyền sử dụng đất"),
    ("van-bang", "Văn bằng, chứng chỉ"),
)


@dataclass
class Cast:
    admin: User
    agency: Agency
    officer: User  # motcua, the one-stop officer
    specialist: User
    leader: User
    citizen: User  # congdan
    mai: User
    thu: User


def pdf(title: str, *lines: str) -> SimpleUploadedFile:
    """A one-page A4 PDF standing in for a scan or a drafted result."""
    content = render_text_document(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], title, list(lines))
    return SimpleUploadedFile(f"{core.fold(title).replace(' ', '-')[:60]}.pdf", content)


def official(admin, agency, username, full_name, position, role, password) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = core.create_official(
            admin, username, full_name, f"{username}@example.vn", agency,
            position=position, password=password,
        )  # fmt: skip
    if not RoleAssignment.objects.filter(user=user, role=role, agency=agency).exists():
        core.assign_role(admin, user, role, agency=agency)
    return user


def citizen(username, full_name, citizen_id, password) -> User:
    user = User.objects.filter(citizen_id=citizen_id).first()
    if user is None:
        user = core.register_citizen(
            username, full_name, citizen_id, f"{username}@example.vn", password
        )
    return user


def agency_key(admin, agency: Agency) -> None:
    """The agency's demo key (demo CA of create_demo_signing_keys), which signs the results."""
    if signing.active_credential(agency=agency) is not None:
        return
    signing.add_credential(
        admin,
        agency=agency,
        label=f"{agency.name} (DEMO)",
        pkcs12_bytes=demo_authority().issue_pkcs12(agency.name, agency.name, DEMO_PASSPHRASE),
        passphrase=DEMO_PASSPHRASE,
        image_upload=SimpleUploadedFile("con-dau.png", seal_png(agency.name)),
    )


def document_types(admin) -> None:
    for code, name in DOCUMENT_TYPES:
        if not WarehouseDocumentType.objects.filter(code=code).exists():
            services.create_document_type(admin, code, name)


def cast() -> Cast:
    """Everyone the dossiers need; what load_demo_data made is required, the rest is created."""
    users = {
        u.username: u for u in User.objects.filter(username__in=["admin", "motcua", "congdan"])
    }
    agency = Agency.objects.filter(electronic_id=AGENCY_ID).first()
    if len(users) < 3 or agency is None:
        raise CommandError("Run `manage.py load_demo_data` first (users admin, motcua, congdan).")
    admin = users["admin"]
    staff = [official(admin, agency, *seed) for seed in STAFF]
    people = [citizen(*seed) for seed in CITIZENS]
    agency_key(admin, agency)
    document_types(admin)
    return Cast(
        admin, agency, users["motcua"], staff[1], staff[0], users["congdan"], people[0], people[1]
    )
