import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent, Notification, StoredFile
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import OutgoingStatus, Secrecy, Urgency
from chinhquyenso.eoffice.models import DraftVersion, OutgoingDocument
from chinhquyenso.eoffice.services.outgoing_convert import soffice_path

from . import outgoing_support
from .outgoing_support import PDF, approved, draft

world = outgoing_support.world
signing_stub = outgoing_support.signing_stub

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


needs_soffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed: `make system-deps`"
)


def _docx(body: str) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


GOOD_DOCX_BODY = (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Kế hoạch chuyển đổi số</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def test_a_draft_starts_with_version_one_a_trace_and_an_audit_event(world):
    document = draft(world, proposed_urgency=Urgency.URGENT)
    assert document.status == OutgoingStatus.DRAFT
    assert document.department == world.department  # the drafter's unit by default
    assert document.drafter == world.specialist and document.number is None
    version = document.versions.get()
    assert version.version == 1 and version.pdf_file == version.source_file
    assert [t.action for t in document.trace.all()] == ["drafted"]
    assert list(document.internal_recipients.all()) == [world.recipient]
    assert AuditEvent.objects.filter(action="eoffice.outgoing.draft").count() == 1


def test_a_draft_without_an_approver_is_refused_and_nothing_is_stored(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, reviewer=None, signer=None)
    assert "signer" in exc.value.message_dict
    assert OutgoingDocument.objects.count() == 0 and StoredFile.objects.count() == 0


def test_someone_outside_the_agency_cannot_draft(world):
    outsider = world.registry.user("ngoai", Role.SPECIALIST, agency=world.recipient)
    with pytest.raises(PermissionDenied):
        services.create_draft(
            outsider, world.office, doc_type="ke_hoach", subject="X", signer=world.leader,
            upload=PDF, file_name="x.pdf",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("reviewer", {"reviewer": "leader"}),
        ("signer", {"signer": "head"}),
        ("subject", {"subject": "  "}),
        ("is_legal_normative", {"doc_type": "cong_van", "is_legal_normative": True}),
        ("internal_recipients", {"internal_recipients": "own"}),
        ("secrecy", {"secrecy": Secrecy.CONFIDENTIAL}),
    ],
)
def test_bad_particulars_are_refused_by_field(world, field, overrides):
    people = {"leader": world.leader, "head": world.head, "own": [world.office]}
    values = {k: people.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    with pytest.raises(ValidationError) as exc:
        draft(world, **values)
    assert field in exc.value.message_dict
    assert OutgoingDocument.objects.count() == 0


def test_a_file_neither_docx_nor_pdf_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, upload=b"plain text", file_name="du-thao.txt")
    assert "file" in exc.value.message_dict
    assert OutgoingDocument.objects.count() == 0


@needs_soffice
def test_a_docx_is_converted_to_the_pdf_that_will_be_signed(world):
    document = draft(world, upload=_docx(GOOD_DOCX_BODY), file_name="du-thao.docx")
    version = document.versions.get()
    assert version.source_file.extension == "docx"
    assert version.pdf_file.mime_type == "application/pdf"
    assert version.pdf_file != version.source_file


@needs_soffice
def test_a_docx_that_cannot_be_converted_is_refused_and_nothing_is_stored(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, upload=_docx("garbage <<<"), file_name="hong.docx")
    assert "could not be converted" in " ".join(exc.value.messages)
    assert OutgoingDocument.objects.count() == 0 and StoredFile.objects.count() == 0


def test_without_libreoffice_a_docx_gets_a_clear_error(world, monkeypatch):
    monkeypatch.setattr("chinhquyenso.eoffice.services.outgoing_convert.soffice_path", lambda: None)
    with pytest.raises(ValidationError) as exc:
        draft(world, upload=_docx(GOOD_DOCX_BODY), file_name="du-thao.docx")
    assert "upload a PDF" in " ".join(exc.value.messages)


def test_versions_are_added_by_participants_only_and_not_after_approval(world, signing_stub):
    document = draft(world)
    second = services.add_version(world.head, document, upload=PDF + b"%v2\n", file_name="v2.pdf")
    assert second.version == 2
    assert Notification.objects.filter(user=world.specialist, message__contains="2").exists()
    with pytest.raises(PermissionDenied):
        services.add_version(world.clerk, document, upload=PDF + b"%v3\n", file_name="v3.pdf")
    done = approved(world, subject="Another")
    with pytest.raises(ValidationError):
        services.add_version(world.specialist, done, upload=PDF + b"%v4\n", file_name="v4.pdf")
    assert DraftVersion.objects.filter(document=done).count() == 1


def test_comments_reach_the_other_participants(world):
    document = draft(world)
    note = services.comment(world.head, document, "Sửa lại phần kinh phí.")
    assert note.author == world.head
    assert Notification.objects.filter(user=world.specialist).count() == 1
    assert Notification.objects.filter(user=world.leader).count() == 1
    assert not Notification.objects.filter(user=world.head).exists()
    with pytest.raises(ValidationError):
        services.comment(world.head, document, " ")
    with pytest.raises(PermissionDenied):
        services.comment(world.recipient_clerk, document, "?")


def test_the_drafter_updates_a_draft_but_not_once_submitted(world):
    document = draft(world)
    services.update_draft(world.specialist, document, subject="Kế hoạch mới", external_recipients=[
        ("Bộ Nội vụ", "000.00.00.G09")
    ])  # fmt: skip
    document.refresh_from_db()
    assert document.subject == "Kế hoạch mới"
    assert list(document.external_recipients.values_list("name", flat=True)) == ["Bộ Nội vụ"]
    with pytest.raises(PermissionDenied):
        services.update_draft(world.head, document, subject="X")
    services.submit_for_review(world.specialist, document)
    with pytest.raises(ValidationError):
        services.update_draft(world.specialist, document, subject="Y")
