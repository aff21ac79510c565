"""One side of the loopback test, run as `python -m chinhquyenso.exchange.tests.loopback_node
COMMAND JSON` against that instance's database (DATABASE_URL, VAR_DIR set by the test).

Prints one JSON line with the result. Each command uses the platform's own services."""

import datetime
import io
import json
import os
import sys
import zipfile

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinhquyenso.config.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from chinhquyenso.core.choices import AgencyKind, Role  # noqa: E402
from chinhquyenso.core.models import Agency, RoleAssignment, User  # noqa: E402
from chinhquyenso.eoffice import services as eoffice  # noqa: E402
from chinhquyenso.eoffice.models import IncomingDocument  # noqa: E402
from chinhquyenso.exchange import edxml, services  # noqa: E402
from chinhquyenso.exchange.choices import MessageKind  # noqa: E402
from chinhquyenso.exchange.connectors import PlatformConnector  # noqa: E402
from chinhquyenso.exchange.keys import instance_key  # noqa: E402
from chinhquyenso.exchange.models import (  # noqa: E402
    InboundDocument,
    MessageLogEntry,
    OutgoingMessage,
)
from chinhquyenso.exchange.services import outbox, statuses  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def init(args):
    with transaction.atomic():
        agency = Agency.objects.create(
            name=args["name"], electronic_id=args["organ_id"], kind=AgencyKind.STATE,
            notation_abbr="UBND",
        )  # fmt: skip
        admin = User.objects.create_user("quantri", password="Quan-Tri-2026!x")
        RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN)
        for username, role in (("vanthu", Role.CLERK), ("lanhdao", Role.LEADER),
                               ("chuyenvien", Role.SPECIALIST)):  # fmt: skip
            user = User.objects.create_user(username, password="Mat-Khau-2026!x", agency=agency)
            RoleAssignment.objects.create(user=user, role=role, agency=agency)
        services.ensure_gateway(admin, agency)
    return {"cert": instance_key().cert_pem.decode()}


def partner(args):
    admin = User.objects.get(username="quantri")
    created, _secret = services.create_partner(
        admin,
        name=args["name"],
        system_id=args["system_id"],
        secret=args["secret"],
        connector="platform",
        endpoint_url=args["endpoint"],
        certificate_pem=args["cert"],
        outbound_system_id=args["outbound_system_id"],
        outbound_secret_value=args["outbound_secret"],
    )
    for organ_id, name in args["organs"]:
        services.add_organisation(admin, created, organ_id, name)
    return {"partner": created.pk}


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("phu-luc/PhuLuc-01.txt", "Danh sách đơn vị phối hợp".encode())
        archive.writestr("phu-luc/PhuLuc-02.pdf", PDF)
    return buffer.getvalue()


def send(args):
    agency = Agency.objects.get(electronic_id=args["from"])
    organisation = services.route(args["to"])
    message = edxml.Message(
        sender=edxml.Organization(agency.electronic_id, agency.name),
        recipients=[edxml.Organization(organisation.organ_id, organisation.name)],
        code_number=args["number"],
        code_notation="UBND-VP",
        promulgation_place="Quảng Ngãi",
        promulgation_date=timezone.localdate(),
        document_type=1,
        type_name="Công văn",
        subject=args["subject"],
        priority=1,
        attachments=[
            edxml.Attachment("1", f"{args['number']}-UBND-VP.pdf", PDF, "application/pdf"),
            edxml.Attachment("2", "phu-luc.zip", _zip(), "application/zip"),
        ],
    )
    key = instance_key()
    queued = outbox.queue(
        kind=MessageKind.DOCUMENT,
        payload=edxml.encode_message(message, key.key_pem, key.cert_pem),
        recipients=[
            outbox.Recipient(organisation.partner, organisation.organ_id, organisation.name)
        ],  # fmt: skip
        document_id=message.document_id,
        agency=agency,
        code=message.code,
        subject=message.subject,
        from_organ_id=agency.electronic_id,
    )
    return delivery({"message": queued.pk})


def delivery(args):
    message = OutgoingMessage.objects.get(pk=args["message"])
    item = message.deliveries.get()
    return {
        "message": message.pk,
        "document_id": message.document_id,
        "state": item.state,
        "remote_status": item.remote_status,
        "attempts": item.attempts,
        "statuses": [s.code for s in item.statuses.order_by("id")],
        "last_error": item.last_error,
    }


def handle(args):
    """The receiving e-office: the leader assigns, the specialist reports progress and completes."""
    inbound = InboundDocument.objects.get(document_id=args["document_id"])
    incoming = inbound.incoming_document
    leader = User.objects.get(username="lanhdao")
    specialist = User.objects.get(username="chuyenvien")
    (lead,) = eoffice.assign(leader, incoming, lead=eoffice.Target(user=specialist))
    eoffice.record_progress(specialist, lead, "Đang tổng hợp")
    eoffice.complete(specialist, lead, "Đã báo cáo")
    return {"incoming": incoming.pk}


def recall(args):
    message = OutgoingMessage.objects.get(pk=args["message"])
    return {"requests": statuses.request_recall(message, args["reason"])}


def received(args):
    found = InboundDocument.objects.filter(document_id=args["document_id"])
    return {
        "inbound": found.count(),
        "states": sorted(found.values_list("state", flat=True)),
        "incoming": IncomingDocument.objects.filter(
            notation_raw=args["document_id"].split(",")[-1]
        ).count(),
        "attachments": sorted(
            a for i in found for a in i.attachments.values_list("name", flat=True)
        ),
        "file": [i.incoming_document.file.original_name for i in found if i.incoming_document_id],
        "signature_verified": [i.signature_verified for i in found],
    }


def resend(args):
    message = OutgoingMessage.objects.get(pk=args["message"])
    item = message.deliveries.select_related("partner").get()
    codes = []
    for _ in range(args.get("times", 1)):
        response = PlatformConnector().send(
            item.partner, bytes(message.payload), kind="document",
            sender=message.agency.electronic_id, recipient=item.recipient_organ_id,
        )  # fmt: skip
        codes.append(response.http_status)
    return {"http_status": codes}


def deliver_due(args):
    later = timezone.now() + datetime.timedelta(seconds=args.get("later_seconds", 0))
    return {"attempted": services.deliver_due(now=later)}


def counts(args):
    last = MessageLogEntry.objects.order_by("-id")[: args.get("last", 1)]
    return {
        "incoming": IncomingDocument.objects.count(),
        "inbound": InboundDocument.objects.count(),
        "log": MessageLogEntry.objects.count(),
        "last": [[e.outcome, e.reason] for e in last],
    }


def verify(args):
    problem = services.verify_chain()
    return {"intact": problem is None, "entries": MessageLogEntry.objects.count()}


COMMANDS = {f.__name__: f for f in (init, partner, send, delivery, handle, recall, received,
                                    resend, deliver_due, counts, verify)}  # fmt: skip

if __name__ == "__main__":
    result = COMMANDS[sys.argv[1]](json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
    print(json.dumps(result, ensure_ascii=False))
