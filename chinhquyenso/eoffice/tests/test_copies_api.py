import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chinhquyenso.core.choices import AgencyKind, Role
from chinhquyenso.core.models import Agency
from chinhquyenso.eoffice.choices import ArrivalChannel
from chinhquyenso.eoffice.models import CopyDocument
from chinhquyenso.eoffice.services import register_incoming
from chinhquyenso.identity.tokens import issue_token

from .conftest import PDF, make_data
from .test_copies import _pdf, issued

pytestmark = pytest.mark.django_db
URL = "/api/v1/eoffice/copies"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _auth(user) -> dict:
    _token, secret = issue_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_clerk_makes_lists_reads_and_downloads_copies(client, registry, clerk, leader):
    source = issued(registry.office, clerk, 15, final_file=_pdf(clerk))
    auth = _auth(clerk)
    made = client.post(
        URL,
        {"copy_type": "SY", "source_outgoing_id": source.pk, "signer_id": leader.pk,
         "recipients_text": "- Sở Nội vụ;\n- Lưu: VT."},
        **auth,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["number_text"] == "01/SY-VP" and body["copy_type"] == "SY"
    assert body["copy_type_name"] == "Sao y" and body["signer"] == str(leader)
    paper = register_incoming(clerk, registry.office, make_data(channel=ArrivalChannel.PAPER))
    scan = SimpleUploadedFile("scan.pdf", PDF + b"%x\n", content_type="application/pdf")
    second = client.post(
        URL, {"copy_type": "SL", "source_incoming_id": paper.pk, "file": scan}, **auth
    )
    assert second.status_code == 201 and second.json()["number_text"] == "02/SL-VP"
    listed = client.get(URL, {"year": body["number_year"]}, **_auth(leader)).json()
    assert [c["number_text"] for c in listed] == ["02/SL-VP", "01/SY-VP"]
    one = client.get(f"{URL}/{body['id']}", **auth)
    assert one.status_code == 200 and one.json()["source_outgoing_id"] == source.pk
    file = client.get(f"{URL}/{second.json()['id']}/file", **auth)
    assert file.status_code == 200 and file.content == PDF + b"%x\n"


def test_bad_input_and_refusals(client, registry, clerk, leader):
    paper = register_incoming(clerk, registry.office, make_data(channel=ArrivalChannel.PAPER))
    auth = _auth(clerk)
    no_scan = client.post(URL, {"copy_type": "SY", "source_incoming_id": paper.pk}, **auth)
    assert no_scan.status_code == 422 and "file" in no_scan.json()["errors"]
    missing = client.post(URL, {"copy_type": "SY", "source_outgoing_id": 999999}, **auth)
    assert missing.status_code == 422 and "source_outgoing_id" in missing.json()["errors"]
    by_leader = client.post(
        URL, {"copy_type": "SY", "source_incoming_id": paper.pk}, **_auth(leader)
    )
    assert by_leader.status_code == 403
    assert CopyDocument.objects.count() == 0


def test_copies_of_another_agency_do_not_exist_for_outsiders(client, registry, clerk):
    source = issued(registry.office, clerk, 15, final_file=_pdf(clerk))
    made = client.post(URL, {"copy_type": "SY", "source_outgoing_id": source.pk}, **_auth(clerk))
    other = Agency.objects.create(name="Sở Nội vụ", notation_abbr="SNV", kind=AgencyKind.STATE)
    outsider = registry.user("vanthu_snv", Role.CLERK, agency=other)
    auth = _auth(outsider)
    assert client.get(f"{URL}/{made.json()['id']}", **auth).status_code == 404
    assert client.get(URL, **auth).json() == []
    signed = client.post(
        f"{URL}/{made.json()['id']}/sign", {"passphrase": "x"}, content_type="application/json",
        **auth,
    )  # fmt: skip
    assert signed.status_code == 404
