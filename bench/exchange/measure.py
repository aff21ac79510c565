"""Messages per second in and out of document exchange, with signing and the message log.

Out: build an edXML document (one 200 KB PDF), validate, sign (RSA-SHA256), queue with one
delivery and a signed log entry. In: parse safely, verify the partner's XML signature, register an
incoming document through the e-office door (file stored, PDF signature check, search index),
answer a signed 01, queue the signed 03 and log both. Usage:

    .venv/bin/python -m bench.exchange.measure [COUNT]

Runs on a fresh SQLite database in a temporary directory (BENCH_DATABASE_URL for PostgreSQL).
"""

import datetime
import os
import sys
import tempfile
import time


def _setup():
    workdir = tempfile.mkdtemp(prefix="cqs-bench-exchange-")
    os.environ["VAR_DIR"] = workdir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinhquyenso.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main(count: int) -> None:
    _setup()
    from django.db import connection

    from chinhquyenso.core.choices import AgencyKind, Role
    from chinhquyenso.core.models import Agency, RoleAssignment, User
    from chinhquyenso.exchange import edxml, keys, services
    from chinhquyenso.exchange.choices import MessageKind
    from chinhquyenso.exchange.keys import instance_key
    from chinhquyenso.exchange.services import outbox

    agency = Agency.objects.create(
        name="Văn phòng UBND tỉnh", electronic_id="000.01.00.H48", kind=AgencyKind.STATE
    )
    admin = User.objects.create_user("quantri", password="Quan-Tri-2026!x")
    RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN)
    services.ensure_gateway(admin, agency)
    partner_key = keys.generate("bench partner")
    partner, _secret = services.create_partner(
        admin, name="Bench", system_id="bench", connector="platform",
        endpoint_url="http://127.0.0.1:9/", certificate_pem=partner_key.cert_pem.decode(),
    )  # fmt: skip
    services.add_organisation(admin, partner, "000.00.00.G22", "Bộ Nội vụ")
    pdf = b"%PDF-1.4\n" + os.urandom(200 * 1024) + b"\n%%EOF\n"
    key = instance_key()

    def message(number: int, sender: str, recipient: str) -> edxml.Message:
        return edxml.Message(
            sender=edxml.Organization(sender, "Gửi"),
            recipients=[edxml.Organization(recipient, "Nhận")],
            code_number=str(number), code_notation="BNV-VP", promulgation_place="Hà Nội",
            promulgation_date=datetime.date(2026, 11, 20), document_type=1,
            type_name="Công văn", subject=f"Văn bản thử số {number}",
            attachments=[edxml.Attachment("1", f"{number}.pdf", pdf + str(number).encode(),
                                          "application/pdf")],
        )  # fmt: skip

    started = time.perf_counter()
    for number in range(1, count + 1):
        built = message(number, "000.01.00.H48", "000.00.00.G22")
        outbox.queue(
            kind=MessageKind.DOCUMENT,
            payload=edxml.encode_message(built, key.key_pem, key.cert_pem),
            recipients=[outbox.Recipient(partner, "000.00.00.G22", "Bộ Nội vụ")],
            document_id=built.document_id, agency=agency, code=built.code,
        )  # fmt: skip
    out_rate = count / (time.perf_counter() - started)

    payloads = [
        edxml.encode_message(
            message(n, "000.00.00.G22", "000.01.00.H48"), partner_key.key_pem, partner_key.cert_pem
        )  # fmt: skip
        for n in range(1, count + 1)
    ]
    started = time.perf_counter()
    for payload in payloads:
        reply = services.receive(payload, partner)
        assert reply.http_status == 200, reply.body
    in_rate = count / (time.perf_counter() - started)
    started = time.perf_counter()
    assert services.verify_chain() is None
    verify_rate = services.log.MessageLogEntry.objects.count() / (time.perf_counter() - started)
    print(f"# {datetime.date.today()} · {connection.vendor} · load {os.getloadavg()[0]:.1f}")
    print(f"out (build, validate, sign, queue, log)         {out_rate:8.1f} messages/s")
    print(f"in (parse, verify, register, 01+03, log)        {in_rate:8.1f} messages/s")
    print(f"verify_message_log                              {verify_rate:8.1f} entries/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
