"""Signing and issuing throughput: the leader signs, the clerk numbers, stamps and seals.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python -m bench.eoffice.signing 50

Uses the demo registry and demo keys (load_demo_data, create_demo_signing_keys). Each document is
a one-page draft in the Phụ lục I layout; the time covers the whole services: PAdES signature with
the blue image, then number, date, seal and agency signature, register and audit.
"""

import sys
import time

from bench.eoffice.setup import django_setup


def run(n: int) -> None:
    from django.core.management import call_command

    from chinhquyenso.core import services as core
    from chinhquyenso.core.models import User
    from chinhquyenso.core.pdf import render_text_document
    from chinhquyenso.eoffice import services
    from chinhquyenso.eoffice.choices import OutgoingStatus, SigningAuthority
    from chinhquyenso.eoffice.management.commands.create_demo_signing_keys import DEMO_PASSPHRASE
    from chinhquyenso.eoffice.models import DocumentType, DraftVersion, OutgoingDocument
    from chinhquyenso.eoffice.services import signing

    call_command("load_demo_data", verbosity=0)
    call_command("create_demo_signing_keys", verbosity=0)
    leader, clerk = User.objects.get(username="lanhdao"), User.objects.get(username="vanthu")
    drafter = User.objects.get(username="chuyenvien")
    doc_type = DocumentType.objects.get(abbreviation="QĐ")
    documents = []
    for i in range(n):
        pdf = render_text_document(
            ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"], "QUYẾT ĐỊNH",
            [f"Về việc phê duyệt kế hoạch chuyển đổi số số {i}", "Trần Quốc Hùng"],
        )  # fmt: skip
        document = OutgoingDocument.objects.create(
            agency=clerk.agency, doc_type=doc_type, subject=f"Kế hoạch {i}", drafter=drafter,
            signer=leader, signing_authority=SigningAuthority.DEPUTY,
            signer_position="Chánh Văn phòng", status=OutgoingStatus.APPROVED,
        )  # fmt: skip
        source = core.store_file(drafter, pdf, f"du-thao-{i}.pdf")
        DraftVersion.objects.create(document=document, version=1, source_file=source,
                                    created_by=drafter)  # fmt: skip
        documents.append(document)
    start = time.perf_counter()
    for document in documents:
        signing.sign_as_person(leader, document, DEMO_PASSPHRASE)
    signed = time.perf_counter() - start
    start = time.perf_counter()
    for document in documents:
        document.refresh_from_db()
        services.issue(clerk, document, passphrase=DEMO_PASSPHRASE)
    issued = time.perf_counter() - start
    for label, seconds in (("sign (person)", signed), ("issue (number, seal)", issued)):
        print(f"{label:<22} {n / seconds:6.1f} documents/s, {seconds / n * 1000:.0f} ms each")
    results = signing.verify(OutgoingDocument.objects.get(pk=documents[-1].pk).final_file)
    print("last document verifies:", [str(r.result) for r in results])


if __name__ == "__main__":
    django_setup()
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
