"""Demo of document exchange: the national hub as a partner (LGSP-style), its agencies in the
directory, documents received from Bộ Nội vụ and UBND tỉnh Quảng Nam (one with a ZIP), one
recalled, one sent to Quảng Nam. Safe to run again: nothing is received or sent twice."""

import datetime
import io
import zipfile

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Agency, RoleAssignment
from chinhquyenso.core.pdf import render_text_document
from chinhquyenso.exchange import edxml, keys, services
from chinhquyenso.exchange.choices import MessageKind
from chinhquyenso.exchange.models import OutgoingMessage, Partner
from chinhquyenso.exchange.services import outbox

HUB_SYSTEM_ID = "demo-truc-lien-thong"
PROVINCE = "000.00.00.H48"
# Identifiers of the other agencies are invented for the demo (well-formed, not official).
ORGANISATIONS = [
    ("000.00.00.G22", "Bộ Nội vụ"),
    ("000.00.00.H31", "Ủy ban nhân dân tỉnh Quảng Nam"),
]


def _pdf(title: str, body: str) -> bytes:
    return render_text_document(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], title, [body])


def _hub_key() -> keys.InstanceKey:
    """The demo hub's own key (it signs what it relays to us), kept beside the instance key."""
    folder = settings.EXCHANGE_KEY_DIR
    key_path, cert_path = folder / "demo-hub-key.pem", folder / "demo-hub-cert.pem"
    if not key_path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        made = keys.generate("Truc lien thong van ban (demo)")
        key_path.write_bytes(made.key_pem)
        key_path.chmod(0o600)
        cert_path.write_bytes(made.cert_pem)
    return keys.InstanceKey(key_path.read_bytes(), cert_path.read_bytes())


class Command(BaseCommand):
    help = "Load the document-exchange demo (partner, directory, exchanged messages)."

    def handle(self, *args, **options):
        admin = RoleAssignment.objects.filter(role=Role.SYSTEM_ADMIN).select_related("user").first()
        province = Agency.objects.filter(electronic_id=PROVINCE).first()
        if admin is None or province is None:
            raise CommandError("Load the core demo first (load_demo_data).")
        admin = admin.user
        services.ensure_gateway(admin, province)
        hub_key = _hub_key()
        hub = Partner.objects.filter(system_id=HUB_SYSTEM_ID).first()
        if hub is None:
            hub, _secret = services.create_partner(
                admin,
                name="Trục liên thông văn bản quốc gia (demo)",
                system_id=HUB_SYSTEM_ID,
                connector="lgsp",
                # Nothing answers here: what we send waits to be retried, as when a hub is down.
                endpoint_url="http://127.0.0.1:9/demo-lgsp/edoc",
                certificate_pem=hub_key.cert_pem.decode(),
                outbound_system_id="qngai-demo",
            )
        for organ_id, name in ORGANISATIONS:
            if not hub.organisations.filter(organ_id=organ_id).exists():
                services.add_organisation(admin, hub, organ_id, name)
        today = timezone.localdate()
        received = [
            self._receive(hub, hub_key, province, number=4512, notation="BNV-CQĐP",
                          sender=ORGANISATIONS[0], date=today - datetime.timedelta(days=6),
                          type_name="Công văn", priority=1,
                          subject="V/v báo cáo kết quả sắp xếp đơn vị hành chính cấp xã"),
            self._receive(hub, hub_key, province, number=215, notation="GM-UBND",
                          sender=ORGANISATIONS[1], date=today - datetime.timedelta(days=3),
                          type_name="Giấy mời", priority=2, zipped=True,
                          subject="Mời dự hội nghị phối hợp liên thông văn bản vùng giáp ranh"),
            self._receive(hub, hub_key, province, number=4530, notation="BNV-VP",
                          sender=ORGANISATIONS[0], date=today - datetime.timedelta(days=2),
                          type_name="Công văn", priority=0,
                          subject="V/v cung cấp số liệu (gửi nhầm, sẽ thu hồi)"),
        ]  # fmt: skip
        self._recall(hub, hub_key, received[2])
        self._send(hub, province, today - datetime.timedelta(days=1))
        self.stdout.write(
            f"Exchange demo: partner “{hub.name}”, {hub.organisations.count()} agencies in the "
            f"directory, {len(received)} documents received (one recalled), one sent."
        )

    def _message(self, sender, recipient, number, notation, date, type_name, subject, **extra):
        return edxml.Message(
            sender=edxml.Organization(*sender),
            recipients=[edxml.Organization(recipient.electronic_id, recipient.name)],
            code_number=str(number),
            code_notation=notation,
            promulgation_place="Hà Nội" if sender == ORGANISATIONS[0] else "Tam Kỳ",
            promulgation_date=date,
            document_type=1,
            type_name=type_name,
            subject=subject,
            **extra,
        )

    def _receive(self, hub, hub_key, province, *, number, notation, sender, date, type_name,
                 subject, priority, zipped=False):  # fmt: skip
        main = _pdf(f"{type_name} số {number}/{notation}", subject)
        attachments = [edxml.Attachment("1", f"{number}-{notation}.pdf", main, "application/pdf")]
        if zipped:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("ChuongTrinh.pdf", _pdf("Chương trình hội nghị", subject))
                archive.writestr("DanhSach.txt", "Danh sách đại biểu dự kiến".encode())
            attachments.append(
                edxml.Attachment("2", "tai-lieu.zip", buffer.getvalue(), "application/zip")
            )
        message = self._message(
            sender, province, number, notation, date, type_name, subject,
            priority=priority, attachments=attachments,
        )  # fmt: skip
        payload = edxml.encode_message(message, hub_key.key_pem, hub_key.cert_pem)
        reply = services.receive(payload, hub)
        if reply.http_status != 200:
            raise CommandError(reply.body.decode())
        return message

    def _recall(self, hub, hub_key, message) -> None:
        status = edxml.StatusMessage(
            sender=message.sender,
            response_for=edxml.ResponseFor(
                message.sender.organ_id, message.code, message.promulgation_date,
                message.document_id,
            ),
            status_code=edxml.codes.RECALL_REQUEST,
            description="Gửi nhầm nơi nhận",
            timestamp=timezone.localtime().replace(tzinfo=None, microsecond=0),
        )  # fmt: skip
        services.receive(edxml.encode_status(status, hub_key.key_pem, hub_key.cert_pem), hub)

    def _send(self, hub, province, date) -> None:
        quang_nam = ORGANISATIONS[1]
        message = self._message(
            (province.electronic_id, province.name),
            Agency(electronic_id=quang_nam[0], name=quang_nam[1]),
            1875, "UBND-KTN", date, "Công văn",
            "V/v phối hợp quản lý tuyến đường giáp ranh hai tỉnh",
            attachments=[edxml.Attachment(
                "1", "1875-UBND-KTN.pdf", _pdf("Công văn số 1875/UBND-KTN", "Phối hợp"),
                "application/pdf",
            )],
        )  # fmt: skip
        message.sender = edxml.Organization(province.electronic_id, province.name)
        if (
            OutgoingMessage.objects.filter(document_id__startswith=f"{PROVINCE},")
            .filter(code=message.code)
            .exists()
        ):
            return
        key = keys.instance_key()
        outbox.queue(
            kind=MessageKind.DOCUMENT,
            payload=edxml.encode_message(message, key.key_pem, key.cert_pem),
            recipients=[outbox.Recipient(hub, *quang_nam)],
            document_id=message.document_id,
            agency=province,
            code=message.code,
            subject=message.subject,
            from_organ_id=province.electronic_id,
        )
