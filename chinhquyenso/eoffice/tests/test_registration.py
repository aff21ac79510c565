import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chinhquyenso.core.models import AuditEvent, StoredFile
from chinhquyenso.core.services import search
from chinhquyenso.eoffice.models import IncomingDocument
from chinhquyenso.eoffice.services import DuplicateSuspected, register_incoming

from .conftest import PDF, make_data

pytestmark = pytest.mark.django_db


def test_arrival_numbers_run_per_agency_per_year(registry, clerk):
    office = registry.office
    first = register_incoming(clerk, office, make_data(notation="1/QĐ-UBND"))
    second = register_incoming(clerk, office, make_data(notation="2/QĐ-UBND"))
    assert (first.arrival_number, second.arrival_number) == (1, 2)
    next_year = register_incoming(
        clerk,
        office,
        make_data(
            notation="3/QĐ-UBND",
            issued_date=datetime.date(2025, 12, 30),
            arrival_date=datetime.date(2025, 12, 31),
        ),
    )
    assert (next_year.arrival_year, next_year.arrival_number) == (2025, 1)


def test_notation_is_parsed_and_kept_raw(registry, clerk):
    doc = register_incoming(clerk, registry.office, make_data(notation="Số 19-CT/TU"))
    assert doc.notation_raw == "19-CT/TU"
    assert (doc.code_number, doc.code_notation, doc.notation_form) == (19, "CT/TU", "party")


def test_unknown_notation_is_registered_with_a_warning(registry, clerk):
    doc = register_incoming(clerk, registry.office, make_data(notation="CV khẩn ngày 3/11"))
    assert doc.notation_form == "unknown" and doc.notation_warnings
    assert doc.notation_raw == "CV khẩn ngày 3/11"


def test_registration_is_audited_traced_and_searchable(registry, clerk):
    doc = register_incoming(clerk, registry.office, make_data(), upload=PDF, file_name="ct19.pdf")
    assert doc.file.sha256 == StoredFile.objects.get().sha256
    assert AuditEvent.objects.filter(action="eoffice.incoming.register", object_id=str(doc.pk))
    assert doc.trace.get().action == "registered"
    assert search("eoffice.incoming", "quang ngai chuyen doi so") == [str(doc.pk)]


def test_duplicate_notation_warns_and_confirmation_registers(registry, clerk):
    register_incoming(clerk, registry.office, make_data())
    with pytest.raises(DuplicateSuspected):
        register_incoming(clerk, registry.office, make_data())
    assert IncomingDocument.objects.count() == 1
    again = register_incoming(clerk, registry.office, make_data(), confirm_duplicate=True)
    assert again.arrival_number == 2


def test_duplicate_file_warns(registry, clerk):
    register_incoming(clerk, registry.office, make_data(), upload=PDF, file_name="a.pdf")
    with pytest.raises(DuplicateSuspected):
        register_incoming(
            clerk, registry.office, make_data(notation="20-CT/TU"), upload=PDF, file_name="b.pdf"
        )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"arrival_date": datetime.date(2099, 1, 1)}, "arrival_date"),
        ({"issued_date": datetime.date(2099, 1, 1)}, "issued_date"),
        ({"subject": "  "}, "subject"),
        ({"doc_type": "Thư tình"}, "doc_type"),
        ({"notation": ""}, "notation"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(registry, clerk, overrides, field):
    with pytest.raises(ValidationError) as exc:
        register_incoming(clerk, registry.office, make_data(**overrides))
    assert field in exc.value.message_dict
    assert IncomingDocument.objects.count() == 0
    assert not AuditEvent.objects.filter(action="eoffice.incoming.register").exists()


def test_empty_or_executable_file_is_refused(registry, clerk):
    for content in (b"", b"MZ\x90\x00" + b"\x00" * 200):
        with pytest.raises(ValidationError):
            register_incoming(
                clerk, registry.office, make_data(), upload=content, file_name="x.pdf"
            )
    assert IncomingDocument.objects.count() == 0 and StoredFile.objects.count() == 0


def test_secret_documents_take_no_file(registry, clerk):
    with pytest.raises(ValidationError) as exc:
        register_incoming(
            clerk, registry.office, make_data(secrecy=1), upload=PDF, file_name="mat.pdf"
        )
    assert "file" in exc.value.message_dict
    assert register_incoming(clerk, registry.office, make_data(secrecy=1)).file is None


def test_only_clerks_of_the_agency_register(registry, clerk):
    specialist = registry.user("chuyenvien", "specialist")
    with pytest.raises(PermissionDenied):
        register_incoming(specialist, registry.office, make_data())
    with pytest.raises(PermissionDenied):
        register_incoming(clerk, registry.province_committee, make_data())


def test_content_text_from_ocr_is_searchable(registry, clerk):
    doc = register_incoming(
        clerk,
        registry.office,
        make_data(subject="Về việc triển khai Đề án"),
        content_text="Nội dung: phát triển du lịch đặc khu Lý Sơn",
    )
    assert search("eoffice.incoming", "du lich ly son") == [str(doc.pk)]


def test_text_of_an_electronic_pdf_is_searchable(registry, clerk):
    import shutil

    from chinhquyenso.core.pdf import render_text_document

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = render_text_document(["SỞ Y TẾ"], "CÔNG VĂN", ["Tiêm chủng mở rộng tại xã Ba Tơ"])
    doc = register_incoming(
        clerk, registry.office, make_data(subject="V/v y tế"), upload=pdf, file_name="cv.pdf"
    )
    assert search("eoffice.incoming", "tiem chung ba to") == [str(doc.pk)]
