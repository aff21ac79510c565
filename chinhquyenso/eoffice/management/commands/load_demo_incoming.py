"""`manage.py load_demo_incoming`: real-looking incoming documents at several stages of handling.

Runs after `load_demo_data` (it needs the demo users vanthu, lanhdao, truongphong, chuyenvien) and
goes through the e-office services, so every step has its trace and audit event. Idempotent: a
document already registered (same notation and issuer) is left alone.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from chinhquyenso.core import services as core
from chinhquyenso.core.pdf import render_text_document
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import ArrivalChannel, Urgency
from chinhquyenso.eoffice.models import IncomingDocument

SAMPLE = (
    Path(settings.BASE_DIR) / "data" / "samples" / "nghi-quyet-chuyen-doi-so-quang-ngai-2023.txt"
)

# (stage, issuer, notation, issued days ago, type, subject, urgency, channel, header)
DOCUMENTS = [
    ("completed", "Huyện ủy Bình Sơn", "1040-BS/HU", None, "Nghị quyết",
     "Nghị quyết của Ban Thường vụ Tỉnh ủy khóa XX về chuyển đổi số tỉnh Quảng Ngãi đến năm "
     "2025, định hướng đến năm 2030 (sao lục)", Urgency.NORMAL, ArrivalChannel.ELECTRONIC, None),
    ("registered", "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", "312/SKHCN-CĐS", 2, "Công văn",
     "V/v triển khai nền tảng quản lý văn bản và điều hành dùng chung đến cấp xã năm 2026",
     Urgency.NORMAL, ArrivalChannel.ELECTRONIC,
     ["UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]),
    ("registered", "Ủy ban nhân dân tỉnh Quảng Ngãi", "05/CĐ-UBND", 0, "Công điện",
     "Về việc chủ động ứng phó với áp thấp nhiệt đới trên Biển Đông", Urgency.EXPRESS,
     ArrivalChannel.ELECTRONIC, ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]),
    ("presented", "Bộ Nội vụ", "1520/BNV-CCVC", 6, "Công văn",
     "V/v báo cáo số lượng, chất lượng cán bộ, công chức cấp xã sau sắp xếp đơn vị hành chính",
     Urgency.URGENT, ArrivalChannel.ELECTRONIC, ["BỘ NỘI VỤ"]),
    ("assigned", "Ủy ban nhân dân phường Cẩm Thành", "87/BC-UBND", 4, "Báo cáo",
     "Báo cáo kết quả thực hiện chuyển đổi số 9 tháng đầu năm 2026", Urgency.URGENT,
     ArrivalChannel.PAPER, ["ỦY BAN NHÂN DÂN", "PHƯỜNG CẨM THÀNH"]),
    ("in_progress", "Sở Tài chính tỉnh Quảng Ngãi", "2031/STC-NS", 8, "Công văn",
     "V/v bố trí kinh phí thực hiện Đề án 06 năm 2027", Urgency.NORMAL, ArrivalChannel.PAPER,
     ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"]),
]  # fmt: skip


class Command(BaseCommand):
    help = "Load demo incoming documents for the Văn phòng UBND tỉnh clerk (idempotent)."

    def handle(self, *args, **options):
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=["vanthu", "lanhdao", "truongphong", "chuyenvien"])}  # fmt: skip
        if len(users) < 4:
            raise CommandError("Run `manage.py load_demo_data` first (demo users are missing).")
        clerk, leader = users["vanthu"], users["lanhdao"]
        head, specialist = users["truongphong"], users["chuyenvien"]
        created = 0
        today = timezone.localdate()
        for (
            stage,
            issuer,
            notation,
            days_ago,
            doc_type,
            subject,
            urgency,
            channel,
            header,
        ) in DOCUMENTS:
            if IncomingDocument.objects.filter(
                agency=clerk.agency, notation_raw=notation, issuer_name=issuer
            ).exists():
                continue
            with transaction.atomic():
                if days_ago is None:  # the real resolution: issued 13/9/2023, arrived next day
                    issued, arrival = datetime.date(2023, 9, 13), datetime.date(2023, 9, 14)
                    pdf = self._resolution_pdf()
                    signer = "Võ Đức Công"
                else:
                    issued = core.add_working_days(today, -days_ago) if days_ago else today
                    arrival = today
                    pdf = render_text_document(header, doc_type.upper(), [subject])
                    signer = ""
                data = services.IncomingData(
                    issuer_name=issuer, notation=notation, issued_date=issued, doc_type=doc_type,
                    subject=subject, channel=channel, arrival_date=arrival, signer=signer,
                    urgency=urgency, pages=1,
                )  # fmt: skip
                document = services.register_incoming(
                    clerk, clerk.agency, data, upload=pdf, file_name=f"{notation}.pdf"
                )
                self._advance(document, stage, clerk, leader, head, specialist)
            created += 1
        self.stdout.write(f"Demo incoming documents: {created} created.")

    def _resolution_pdf(self) -> bytes:
        if not SAMPLE.exists():
            raise CommandError(f"Sample missing: {SAMPLE}")
        lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
        return render_text_document(
            ["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "HUYỆN ỦY BÌNH SƠN"], "NGHỊ QUYẾT",
            [line.replace("**", "") for line in lines if line],
        )  # fmt: skip

    def _advance(self, document, stage, clerk, leader, head, specialist):
        if stage == "registered":
            return
        services.present(clerk, document, leader)
        if stage == "presented":
            return
        department = head.department
        (lead,) = services.assign(
            leader, document, lead=services.Target(department=department), working_days=5,
            direction="Giao Phòng Văn hóa - Xã hội chủ trì tham mưu, báo cáo trước thời hạn.",
        )  # fmt: skip
        if stage == "assigned":
            return
        (child,) = services.reassign(head, lead, [specialist])
        services.record_progress(specialist, child, "Đã tổng hợp số liệu, đang dự thảo văn bản.")
        if stage == "completed":
            services.complete(specialist, child, "Đã tham mưu Kế hoạch triển khai Nghị quyết.")
