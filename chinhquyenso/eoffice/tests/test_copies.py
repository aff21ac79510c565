import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from chinhquyenso.core.choices import AgencyKind, Role
from chinhquyenso.core.models import Agency, AuditEvent, SequenceCounter, StoredFile
from chinhquyenso.eoffice.choices import ArrivalChannel, OutgoingStatus, Secrecy
from chinhquyenso.eoffice.models import CopyDocument, CopyType, DocumentType, OutgoingDocument
from chinhquyenso.eoffice.services import make_copy, register_incoming
from chinhquyenso.eoffice.services.copies import number_line

from .conftest import PDF, make_data

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def issued(agency, drafter, number: int, **overrides) -> OutgoingDocument:
    """An issued outgoing document made directly, as the issue service would leave it."""
    values = {
        "agency": agency,
        "doc_type": DocumentType.objects.get(code="quyet_dinh"),
        "subject": "Về việc phê duyệt kế hoạch chuyển đổi số năm 2026",
        "drafter": drafter,
        "status": OutgoingStatus.ISSUED,
        "number": number,
        "number_year": timezone.localdate().year,
        "series": "single",
        "notation": f"QĐ-{agency.notation_abbr}",
        "number_text": f"{number:02d}/QĐ-{agency.notation_abbr}",
        "issued_date": timezone.localdate(),
    }
    values.update(overrides)
    return OutgoingDocument.objects.create(**values)


@pytest.fixture
def document(registry, clerk):
    return issued(registry.office, clerk, 15, final_file=_pdf(clerk))


def _pdf(user) -> StoredFile:
    from chinhquyenso.core import services as core

    return core.store_file(user, PDF, "quyet-dinh.pdf")


def _sao_y():
    return CopyType.objects.get(code="sao_y")


def test_copies_have_their_own_series_apart_from_outgoing_numbers(registry, clerk, document):
    first = make_copy(clerk, agency=registry.office, copy_type=_sao_y(), source_outgoing=document)
    second = make_copy(clerk, agency=registry.office, copy_type="SL", source_outgoing=document)
    third = make_copy(
        clerk, agency=registry.office, copy_type="TrS", source_outgoing=document, upload=PDF,
        file_name="trich.pdf",
    )  # fmt: skip
    # The outgoing document is number 15; sao y, sao lục and trích sao share one series from 01.
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert [first.number_text, second.number_text, third.number_text] == [
        "01/SY-VP",
        "02/SL-VP",
        "03/TrS-VP",
    ]
    assert number_line(first) == "Số: 01/SY-VP"
    assert first.file_id == document.final_file_id  # the electronic original's file
    assert first.copied_date == timezone.localdate()
    assert AuditEvent.objects.filter(action="eoffice.copy.make").count() == 3


def test_a_new_year_starts_the_series_again_at_01(registry, clerk, document, monkeypatch):
    for day in (
        datetime.date(2026, 12, 31),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 1),
    ):
        monkeypatch.setattr(timezone, "localdate", lambda *a, d=day: d)
        copy = make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=document)
    rows = list(CopyDocument.objects.order_by("id").values_list("number_year", "number_text"))
    assert rows == [(2026, "01/SY-VP"), (2026, "02/SY-VP"), (2027, "01/SY-VP")]
    assert copy.copied_date == datetime.date(2027, 1, 1)


def test_each_agency_has_its_own_series(registry, clerk, document):
    other = Agency.objects.create(
        name="Sở Nội vụ", notation_abbr="SNV", kind=AgencyKind.STATE, parent=registry.office
    )
    other_clerk = registry.user("vanthu_snv", Role.CLERK, agency=other)
    other_document = issued(other, other_clerk, 3, final_file=_pdf(other_clerk))
    make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=document)
    copy = make_copy(other_clerk, agency=other, copy_type="SY", source_outgoing=other_document)
    assert copy.number_text == "01/SY-SNV"


def test_party_agency_copies_use_bs_and_the_party_notation(registry):
    party = Agency.objects.create(name="Tỉnh ủy Quảng Ngãi", notation_abbr="TU",
                                  kind=AgencyKind.PARTY)  # fmt: skip
    clerk = registry.user("vanthu_tu", Role.CLERK, agency=party)
    source = issued(party, clerk, 19, final_file=_pdf(clerk), number_text="19-CT/TU")
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=party, copy_type="SY", source_outgoing=source)
    assert "BS" in exc.value.message_dict["copy_type"][0]
    copy = make_copy(clerk, agency=party, copy_type="BS", source_outgoing=source)
    assert copy.number_text == "01-BS/TU"
    assert number_line(copy) == "Số 01-BS/TU"


def test_a_state_agency_cannot_use_the_party_form(registry, clerk, document):
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="BS", source_outgoing=document)
    assert "copy_type" in exc.value.message_dict
    assert CopyDocument.objects.count() == 0


def test_a_paper_original_needs_its_scan(registry, clerk):
    paper = register_incoming(clerk, registry.office, make_data(channel=ArrivalChannel.PAPER))
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="SY", source_incoming=paper)
    assert "scan" in exc.value.message_dict["file"][0]
    assert CopyDocument.objects.count() == 0
    assert SequenceCounter.objects.filter(series="eoffice.copy").count() == 0
    copy = make_copy(
        clerk, agency=registry.office, copy_type="SY", source_incoming=paper, upload=PNG,
        file_name="scan.png", recipients_text="- Phòng Văn hóa - Xã hội;\n- Lưu: VT.",
    )  # fmt: skip
    assert copy.file.mime_type == "image/png"
    assert copy.recipients_text.endswith("Lưu: VT.")


def test_an_issued_paper_outgoing_document_needs_its_scan_too(registry, clerk):
    paper = issued(registry.office, clerk, 4)
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=paper)
    assert "file" in exc.value.message_dict


def test_the_scan_must_be_a_pdf_or_an_image(registry, clerk):
    paper = issued(registry.office, clerk, 4)
    with pytest.raises(ValidationError) as exc:
        make_copy(
            clerk, agency=registry.office, copy_type="SY", source_outgoing=paper,
            upload="Số, ký hiệu\n".encode(), file_name="scan.txt",
        )  # fmt: skip
    assert "PDF" in exc.value.message_dict["file"][0]
    assert CopyDocument.objects.count() == 0 and StoredFile.objects.count() == 0


def test_an_extract_needs_its_text(registry, clerk, document):
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="TrS", source_outgoing=document)
    assert "file" in exc.value.message_dict


def test_only_clerks_of_the_agency_make_copies(registry, clerk, leader, document):
    for user in (
        leader,
        registry.user("chuyenvien", Role.SPECIALIST, department=registry.department),
    ):
        with pytest.raises(PermissionDenied):
            make_copy(user, agency=registry.office, copy_type="SY", source_outgoing=document)
    assert CopyDocument.objects.count() == 0


def test_a_clerk_cannot_copy_another_agencys_documents(registry, clerk, document):
    other = Agency.objects.create(name="Sở Nội vụ", notation_abbr="SNV", kind=AgencyKind.STATE)
    other_clerk = registry.user("vanthu_snv", Role.CLERK, agency=other)
    incoming = register_incoming(clerk, registry.office, make_data(), upload=PDF, file_name="a.pdf")
    for source in ({"source_outgoing": document}, {"source_incoming": incoming}):
        with pytest.raises(ValidationError) as exc:
            make_copy(other_clerk, agency=other, copy_type="SY", **source)
        assert "source" in exc.value.message_dict
        # Passing the owner's agency is refused by the permission check instead.
        with pytest.raises(PermissionDenied):
            make_copy(other_clerk, agency=registry.office, copy_type="SY", **source)
    assert CopyDocument.objects.count() == 0


@pytest.mark.parametrize(
    "status", [OutgoingStatus.DRAFT, OutgoingStatus.APPROVED, OutgoingStatus.RECALLED]
)
def test_only_issued_documents_are_copied(registry, clerk, status):
    source = issued(registry.office, clerk, 5, status=status, final_file=_pdf(clerk))
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=source)
    assert "issued" in exc.value.message_dict["source"][0]


def test_secret_documents_are_not_copied_on_the_platform(registry, clerk):
    source = issued(registry.office, clerk, 6, secrecy=Secrecy.SECRET)
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=source,
                  upload=PDF, file_name="scan.pdf")  # fmt: skip
    assert "Secret" in exc.value.message_dict["source"][0]


def test_exactly_one_source(registry, clerk, document):
    incoming = register_incoming(clerk, registry.office, make_data(), upload=PDF, file_name="a.pdf")
    for sources in ({}, {"source_outgoing": document, "source_incoming": incoming}):
        with pytest.raises(ValidationError) as exc:
            make_copy(clerk, agency=registry.office, copy_type="SY", **sources)
        assert "source" in exc.value.message_dict


def test_electronic_incoming_is_copied_from_its_file(registry, clerk):
    incoming = register_incoming(
        clerk, registry.office, make_data(channel=ArrivalChannel.ELECTRONIC), upload=PDF,
        file_name="a.pdf",
    )  # fmt: skip
    copy = make_copy(clerk, agency=registry.office, copy_type="SY", source_incoming=incoming)
    assert copy.file_id == incoming.file_id and copy.source_incoming == incoming


def test_the_signer_must_belong_to_the_agency(registry, clerk, leader, document):
    outsider_agency = Agency.objects.create(name="Sở Tài chính", notation_abbr="STC",
                                            kind=AgencyKind.STATE)  # fmt: skip
    outsider = registry.user("giamdoc", Role.LEADER, agency=outsider_agency)
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=document,
                  signer=outsider)  # fmt: skip
    assert "signer" in exc.value.message_dict
    copy = make_copy(clerk, agency=registry.office, copy_type="SY", source_outgoing=document,
                     signer=leader)  # fmt: skip
    assert copy.signer == leader


def test_unknown_copy_type_and_missing_abbreviation_are_reported(registry, clerk, document):
    registry.office.notation_abbr = ""
    registry.office.save()
    with pytest.raises(ValidationError) as exc:
        make_copy(clerk, agency=registry.office, copy_type="XX", source_outgoing=document)
    assert {"copy_type", "agency"} <= set(exc.value.message_dict)
