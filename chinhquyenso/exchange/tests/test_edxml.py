"""edXML builder and parser: golden files, real-style samples, tolerant reading, strict checks."""

import base64
import datetime
import io
import zipfile
from pathlib import Path

import pytest

from chinhquyenso.exchange import edxml, keys
from chinhquyenso.exchange.edxml import codes

DATA = Path(__file__).parent / "data"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def golden_message() -> edxml.Message:
    """The message data/message_golden.xml was built from."""
    return edxml.Message(
        sender=edxml.Organization(
            "000.00.00.H48",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "52 Hùng Vương, Quảng Ngãi",
            "ubnd@quangngai.gov.vn",
            "0255 3822 000",
        ),
        recipients=[
            edxml.Organization("000.00.00.G22", "Bộ Nội vụ"),
            edxml.Organization("000.00.00.H31", "Ủy ban nhân dân tỉnh Quảng Nam"),
        ],
        code_number="1234",
        code_notation="UBND-KGVX",
        promulgation_place="Quảng Ngãi",
        promulgation_date=datetime.date(2026, 11, 20),
        document_type=1,
        type_name="Công văn",
        subject="Về việc triển khai liên thông văn bản điện tử",
        content="Thực hiện Quyết định 28/2018/QĐ-TTg…",
        signer=edxml.SignerInfo(
            "T/M ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", "Nguyễn Văn A"
        ),
        due_date=datetime.date(2026, 12, 15),
        priority=1,
        sphere_of_promulgation="Liên tỉnh",
        typer_notation="VX",
        promulgation_amount=5,
        page_amount=2,
        appendixes=["Phụ lục I"],
        response_for=[
            edxml.ResponseFor(
                "000.00.00.G22",
                "45/BNV-VP",
                datetime.date(2026, 11, 1),
                "000.00.00.G22,2026/11/01,45/BNV-VP",
            )
        ],
        steering_type=1,
        to_places=["Như trên", "Lưu: VT, KGVX."],
        trace=[edxml.TraceHeader("000.00.00.H48", datetime.datetime(2026, 11, 20, 9, 30, 0))],
        attachments=[
            edxml.Attachment("1", "1234-UBND-KGVX.pdf", PDF, "application/pdf", "Văn bản chính")
        ],
    )


@pytest.fixture(scope="module")
def key():
    return keys.generate("test")


def test_builder_output_matches_the_golden_file():
    built = edxml.serialize(edxml.build_message(golden_message(), placeholder=False))
    assert built == (DATA / "message_golden.xml").read_bytes()


def test_golden_file_parses_back_identically():
    decoded = edxml.decode((DATA / "message_golden.xml").read_bytes())
    expected = golden_message()
    expected.document_id = "000.00.00.H48,2026/11/20,1234/UBND-KGVX"
    assert decoded.kind == edxml.DOCUMENT
    assert decoded.message == expected


def test_every_element_has_the_edxml_prefix_and_passes_strict_validation():
    root = edxml.build_message(golden_message(), placeholder=False)
    edxml.validate_message(root)
    prefixes = {e.prefix for e in root.iter()}
    assert prefixes == {"edXML"}


def test_signed_message_round_trip_with_the_signature_verified(key):
    data = edxml.encode_message(golden_message(), key.key_pem, key.cert_pem)
    assert b"<ds:Signature" in data and b"edXML:AttachmentEncoded" in data
    decoded = edxml.decode(data, [key.cert_pem])
    assert decoded.signed
    assert decoded.message.attachments[0].content == PDF
    assert decoded.message.document_id == "000.00.00.H48,2026/11/20,1234/UBND-KGVX"


def test_status_message_round_trip(key):
    status = edxml.StatusMessage(
        sender=edxml.Organization("000.01.00.H48", "Văn phòng UBND tỉnh"),
        response_for=edxml.ResponseFor(
            "000.00.00.G22",
            "45/BNV-VP",
            datetime.date(2026, 11, 1),
            "000.00.00.G22,2026/11/01,45/BNV-VP",
        ),
        status_code=codes.IN_PROGRESS,
        description="Đang xử lý",
        timestamp=datetime.datetime(2026, 11, 3, 8, 0, 0),
        staff=edxml.StaffInfo("Phòng VX", "Nguyễn Thị C"),
    )
    decoded = edxml.decode(edxml.encode_status(status, key.key_pem, key.cert_pem), [key.cert_pem])
    assert decoded.kind == edxml.STATUS
    assert decoded.message == status


def test_real_style_sample_with_a_zip_attachment_parses():
    decoded = edxml.decode((DATA / "sample_bnv_zip.edxml").read_bytes())
    message = decoded.message
    assert message.sender.organ_id == "000.00.00.G22"
    assert message.code == "45/BNV-VP"
    assert message.priority == 2
    assert [t.organ_id for t in message.trace] == ["000.00.00.G22", "000.00.00.G01"]
    assert [a.name for a in message.attachments] == ["45-BNV-VP.zip", "45-BNV-VP.pdf"]
    inside = edxml.expand(message.attachments[0])
    assert [f.name for f in inside] == ["45-BNV-VP.pdf", "PhuLuc.txt"]
    assert inside[0].content.startswith(b"%PDF")
    assert edxml.is_zip(message.attachments[0].content)


def test_flat_legacy_variant_without_prefixes_parses():
    message = edxml.decode((DATA / "legacy_flat.edxml").read_bytes()).message
    assert message.sender.organ_id == "000.00.00.H31"
    assert message.recipients[0].organ_id == "000.00.00.H48"
    assert (message.code_number, message.code_notation) == ("88", "UBND-TH")
    assert message.promulgation_date == datetime.date(2026, 10, 5)
    assert message.attachments[0].name == "88.pdf"


def test_builder_output_without_prefix_parses_the_same():
    data = (DATA / "message_golden.xml").read_bytes()
    unprefixed = data.replace(b"edXML:", b"").replace(
        b'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"',
        b'xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"',
    )
    assert edxml.decode(unprefixed).message == edxml.decode(data).message


def test_attachments_after_the_envelope_are_read():
    """The layout some systems emit: AttachmentEncoded as a second top-level element."""
    data = (DATA / "message_golden.xml").read_bytes()
    start = data.index(b"<edXML:AttachmentEncoded>")
    end = data.index(b"</edXML:edXMLEnvelope>")
    moved = data[:start] + data[end:] + data[start:end]
    message = edxml.decode(moved).message
    assert message.attachments[0].content == PDF


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<edXMLEnvelope>&lol3;</edXMLEnvelope>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><edXMLEnvelope>&xxe;</edXMLEnvelope>"""


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (BILLION_LAUGHS, "dtd"),
        (XXE, "dtd"),
        (b"<edXMLEnvelope><unclosed></edXMLEnvelope>", "malformed"),
        (b"not xml at all", "malformed"),
        (b"<Other/>", "not_edxml"),
        (b"\xef\xbb\xbf<!doctype x><x/>", "dtd"),
    ],
)
def test_hostile_or_broken_input_is_refused(data, code):
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.decode(data)
    assert caught.value.code == code


def test_oversized_message_is_refused_before_parsing(settings):
    settings.EXCHANGE_MAX_MESSAGE_BYTES = 1000
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.decode(b"<edXMLEnvelope>" + b" " * 2000 + b"</edXMLEnvelope>")
    assert caught.value.code == "too_large"


def test_oversized_attachment_is_refused(settings):
    settings.EXCHANGE_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.decode((DATA / "message_golden.xml").read_bytes())
    assert caught.value.code == "attachment_too_large"


def test_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (5 * 1024 * 1024))
    bomb = edxml.Attachment("z", "bomb.zip", buffer.getvalue())
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.expand(bomb)
    assert caught.value.code == "zip_bomb"


def test_wrong_signature_is_refused(key):
    other = keys.generate("someone else")
    data = edxml.encode_message(golden_message(), key.key_pem, key.cert_pem)
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.decode(data, [other.cert_pem])
    assert caught.value.code == "signature"


def test_tampered_attachment_breaks_the_signature(key):
    data = edxml.encode_message(golden_message(), key.key_pem, key.cert_pem)
    forged = data.replace(base64.b64encode(PDF), base64.b64encode(PDF.replace(b"1.4", b"1.7")))
    assert forged != data
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.decode(forged, [key.cert_pem])
    assert caught.value.code == "signature"


def test_unsigned_message_is_refused_when_a_signature_is_required(key):
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.decode((DATA / "message_golden.xml").read_bytes(), [key.cert_pem])
    assert caught.value.code == "unsigned"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"priority": 7}, "Priority"),
        ({"steering_type": 9}, "SteeringType"),
        ({"document_type": 5}, "DocumentType"),
        ({"document_id": "000.00.00.H48,2026/11/20,other"}, "DocumentId"),
        ({"subject": ""}, "Subject"),
    ],
)
def test_strict_validation_refuses_what_we_must_not_emit(change, message, key):
    data = golden_message()
    for name, value in change.items():
        setattr(data, name, value)
    with pytest.raises(edxml.EdxmlError, match=message):
        edxml.encode_message(data, key.key_pem, key.cert_pem)


def test_bad_sender_identifier_is_refused(key):
    data = golden_message()
    data.sender = edxml.Organization("H48", "UBND")
    with pytest.raises(edxml.EdxmlError, match="13-character"):
        edxml.encode_message(data, key.key_pem, key.cert_pem)


def test_code_lists_are_configurable(settings, key):
    settings.EXCHANGE_STEERING_TYPES = {0: "Thường", 1: "Chỉ đạo", 7: "Khẩn cấp (tỉnh)"}
    data = golden_message()
    data.steering_type = 7
    decoded = edxml.decode(edxml.encode_message(data, key.key_pem, key.cert_pem), [key.cert_pem])
    assert decoded.message.steering_type == 7
