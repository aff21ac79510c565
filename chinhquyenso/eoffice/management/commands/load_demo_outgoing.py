"""`manage.py load_demo_outgoing`: outgoing documents of Văn phòng UBND tỉnh at several stages.

Runs after `load_demo_data` and `create_demo_signing_keys`: a draft, one under review, one approved
and awaiting signature, and one signed, issued to Sở Nội vụ and registered there by its clerk
(`vanthu_snv`, created here). Goes through the services, so every step has its trace and audit
event. Idempotent: a document whose subject already exists at the office is left alone.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Agency, RoleAssignment
from chinhquyenso.core.pdf import render_text_document
from chinhquyenso.eoffice import selectors_outgoing, services
from chinhquyenso.eoffice.choices import ArrivalState, SigningAuthority, Urgency
from chinhquyenso.eoffice.models import OutgoingDocument
from chinhquyenso.eoffice.services import signing

from .create_demo_signing_keys import DEMO_PASSPHRASE

RECIPIENT_ID = "000.04.00.H48"  # Sở Nội vụ in load_demo_data
RECIPIENT_CLERK = ("vanthu_snv", "Tra-Bong-2025!", "Lê Thị Hoa")
HEADER = ["UBND TỈNH QUẢNG NGÃI", "VĂN PHÒNG"]

# (stage, document type, subject, urgency, recipients on the platform)
DOCUMENTS = [
    ("draft", "ke_hoach", "Kế hoạch tổ chức Ngày Chuyển đổi số tỉnh Quảng Ngãi năm 2026",
     Urgency.NORMAL, False),
    ("in_review", "bao_cao", "Báo cáo kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành "
     "chính quý III năm 2026", Urgency.NORMAL, False),
    ("approved", "thong_bao", "Thông báo lịch tiếp công dân của lãnh đạo Văn phòng tháng 12 năm "
     "2026", Urgency.URGENT, False),
    ("issued", "cong_van", "V/v cung cấp số liệu cán bộ, công chức cấp xã phục vụ đánh giá "
     "chuyển đổi số năm 2026", Urgency.URGENT, True),
]  # fmt: skip


class Command(BaseCommand):
    help = "Load demo outgoing documents of Văn phòng UBND tỉnh (idempotent)."

    def handle(self, *args, **options):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[
            "admin", "vanthu", "lanhdao", "truongphong", "chuyenvien"])}  # fmt: skip
        if len(users) < 5:
            raise CommandError("Run `manage.py load_demo_data` first (demo users are missing).")
        leader = users["lanhdao"]
        if signing.active_credential(user=leader) is None or (
            signing.active_credential(agency=leader.agency) is None
        ):
            raise CommandError("Run `manage.py create_demo_signing_keys` first.")
        recipient = Agency.objects.filter(electronic_id=RECIPIENT_ID).first()
        if recipient is None:
            raise CommandError("Run `manage.py load_demo_data` first (Sở Nội vụ is missing).")
        recipient_clerk = self._recipient_clerk(users["admin"], recipient)
        created = 0
        for stage, doc_type, subject, urgency, delivered in DOCUMENTS:
            if OutgoingDocument.objects.filter(agency=leader.agency, subject=subject).exists():
                continue
            self._make(users, stage, doc_type, subject, urgency, recipient if delivered else None)
            created += 1
        subjects = [subject for *_, subject, _urgency, _delivered in DOCUMENTS]
        waiting = selectors_outgoing.arrivals_for(recipient_clerk, ArrivalState.ARRIVED).filter(
            source__agency=leader.agency, source__subject__in=subjects
        )
        for arrival in waiting:
            services.register_arrival(recipient_clerk, arrival)
        self.stdout.write(f"Demo outgoing documents: {created} created.")
        self.stdout.write(
            f"Clerk of {recipient.name}: {RECIPIENT_CLERK[0]} / {RECIPIENT_CLERK[1]} (demo only)."
        )

    def _recipient_clerk(self, admin, agency):
        username, password, full_name = RECIPIENT_CLERK
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = core.create_official(
                admin,
                username,
                full_name,
                "vanthu.snv@example.vn",
                agency,
                position="Văn thư",
                password=password,
            )
        if not RoleAssignment.objects.filter(user=user, role=Role.CLERK, agency=agency).exists():
            core.assign_role(admin, user, Role.CLERK, agency=agency)
        return get_user_model().objects.get(pk=user.pk)

    def _make(self, users, stage, doc_type, subject, urgency, recipient):
        specialist, head = users["chuyenvien"], users["truongphong"]
        leader, clerk = users["lanhdao"], users["vanthu"]
        pdf = render_text_document(
            HEADER, subject, ["Dự thảo do Phòng Văn hóa - Xã hội soạn thảo (dữ liệu minh họa)."]
        )
        document = services.create_draft(
            specialist,
            specialist.agency,
            doc_type=doc_type,
            subject=subject,
            proposed_urgency=urgency,
            reviewer=head,
            signer=leader,
            signing_authority=SigningAuthority.DIRECT,
            signer_position="CHÁNH VĂN PHÒNG",
            recipients_text="Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT, VX."
            if recipient
            else "Nơi nhận:\n- Lãnh đạo Văn phòng;\n- Lưu: VT, VX.",
            internal_recipients=[recipient] if recipient else [],
            upload=pdf,
            file_name="du-thao.pdf",
        )
        if stage == "draft":
            return
        services.submit_for_review(specialist, document)
        if stage == "in_review":
            return
        services.review(head, document, "approve", "Đồng ý, trình lãnh đạo.")
        services.approve(leader, document, "approve", urgency=urgency)
        if stage == "approved":
            return
        signing.sign_as_person(leader, document, DEMO_PASSPHRASE)
        document.refresh_from_db()
        services.issue(clerk, document, passphrase=DEMO_PASSPHRASE)
