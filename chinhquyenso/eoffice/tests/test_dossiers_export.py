import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.utils import translation
from pypdf import PdfReader

from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.dossier_export import (
    FILE_FIELDS,
    FILECODE_FIELDS,
    INCOMING_FIELDS,
    OUTGOING_FIELDS,
    check_xml,
    export_dossier,
)

from .dossier_fixtures import entry, incoming, outgoing, plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def dossier(registry, clerk, leader, plan):
    dossier = services.open_dossier(clerk, entry(plan, "01.VX"))
    services.add_document(clerk, dossier, outgoing=outgoing(registry, clerk, 12))
    services.add_document(clerk, dossier, incoming=incoming(registry, clerk, leader, "19-CT/TU"))
    services.add_document(
        clerk, dossier, incoming=incoming(registry, clerk, leader, "7/BC-UBND", with_file=False)
    )
    return dossier


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_has_cover_table_of_contents_and_the_documents(dossier):
    exported = export_dossier(dossier, "pdf")
    assert exported.content_type == "application/pdf"
    assert exported.file_name == "000.01.00.H48.2026.01.VX.pdf"
    reader = PdfReader(io.BytesIO(exported.content))
    front = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    assert "000.01.00.H48.2026.01.VX" in front
    assert "TABLE OF CONTENTS" in front
    # Time order: the incoming document of 02/11 comes before the outgoing one of 13/11.
    assert front.index("19-CT/TU") < front.index("12/UBND-VX")
    assert "No readable" in front  # the paper arrival without a file
    # Cover and contents are pages 1-2, the incoming PDF page 3, so the outgoing one starts at 4.
    assert front.rstrip().endswith("4")
    assert len(reader.pages) >= 4
    assert "Văn bản 19-CT/TU" in _text(exported.content)
    assert "Công văn 12" in _text(exported.content)


def test_xml_has_the_phu_luc_vi_fields_and_parses(dossier):
    content = export_dossier(dossier, "xml").content
    assert check_xml(content) == []
    root = ET.fromstring(content)  # noqa: S314 - our own output
    assert [child.tag for child in root] == FILE_FIELDS
    assert [child.tag for child in root.find("FileCode")] == FILECODE_FIELDS
    assert root.findtext("FileCode/OrganId") == "000.01.00.H48"
    assert root.findtext("FileCode/FileCatalog") == "2026"
    assert root.findtext("FileCode/FileNotation") == "01.VX"
    assert root.findtext("Maintenance") == "10 năm"
    assert root.findtext("DocTotal") == "3"
    assert root.findtext("StartDate") == "2026-11-02"
    incoming_docs = root.findall("Documents/IncomingDocument")
    outgoing_docs = root.findall("Documents/OutgoingDocument")
    assert len(incoming_docs) == 2 and len(outgoing_docs) == 1
    assert [c.tag for c in incoming_docs[0]] == INCOMING_FIELDS
    assert [c.tag for c in outgoing_docs[0]] == OUTGOING_FIELDS
    first = incoming_docs[0]
    assert first.findtext("DocOrdinal") == "1"
    assert first.findtext("CodeNumber") == "19"
    assert first.findtext("CodeNotation") == "CT/TU"
    assert first.findtext("PageAmount") == "1"
    assert first.find("TraceHeaderList/TraceHeader/Action").text == "registered"
    assert outgoing_docs[0].findtext("CodeNumber") == "12"
    assert outgoing_docs[0].findtext("IssuedDate") == "2026-11-13"


def test_check_xml_reports_a_missing_field(dossier):
    content = export_dossier(dossier, "xml").content
    broken = content.replace(b"<Maintenance>10 n\xc4\x83m</Maintenance>", b"")
    assert broken != content
    assert check_xml(broken) and "File" in check_xml(broken)[0]


def test_zip_holds_both(dossier):
    exported = export_dossier(dossier, "zip")
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        names = sorted(archive.namelist())
        assert names == ["000.01.00.H48.2026.01.VX.pdf", "000.01.00.H48.2026.01.VX.xml"]
        assert archive.read(names[0]).startswith(b"%PDF-")
        assert check_xml(archive.read(names[1])) == []
