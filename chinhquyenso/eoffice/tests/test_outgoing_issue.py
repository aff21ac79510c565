import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone, translation

from chinhquyenso.core.choices import AgencyKind, Role
from chinhquyenso.core.models import Agency, Notification
from chinhquyenso.core.services.sequences import current_value
from chinhquyenso.eoffice import services
from chinhquyenso.eoffice.choices import ArrivalState, OutgoingStatus, Secrecy
from chinhquyenso.eoffice.models import AgencyNumbering, ElectronicArrival, OutgoingDocument

from . import outgoing_support
from .outgoing_support import WRONG, World, approved, issued, make_world, signed

world = outgoing_support.world
signing_stub = outgoing_support.signing_stub

S = OutgoingStatus
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_issue_numbers_signs_registers_and_delivers(world, signing_stub):
    document = signed(world)
    personal_file = document.final_file
    document = services.issue(world.clerk, document, passphrase="1234")
    assert document.status == S.ISSUED
    assert (document.number, document.number_year) == (1, TODAY.year)
    assert document.number_text == "01/KH-VP" and document.notation == "KH-VP"
    assert document.series == "admin" and document.issued_date == TODAY
    assert document.issued_by == world.clerk
    assert document.filing_line == "Lưu: VT, VX."
    assert document.final_file != personal_file  # the agency-signed, stamped file
    arrival = ElectronicArrival.objects.get()
    assert (arrival.agency, arrival.source, arrival.state) == (
        world.recipient,
        document,
        ArrivalState.ARRIVED,
    )
    assert arrival.number_text == "01/KH-VP" and arrival.file == document.final_file
    assert arrival.signer == "Bình Nguyễn"
    assert Notification.objects.filter(user=world.recipient_clerk).count() == 1
    # The automatic receipt: the drafter learns it arrived.
    assert Notification.objects.filter(
        user=world.specialist, message__contains=world.recipient.name
    ).exists()
    assert [t.action for t in document.trace.all()][-2:] == ["issued", "delivered"]


@pytest.mark.django_db
def test_issuing_twice_is_refused_and_changes_nothing(world, signing_stub):
    document = issued(world)
    before = OutgoingDocument.objects.values().get(pk=document.pk)
    with pytest.raises(ValidationError) as exc:
        services.issue(world.clerk, document, passphrase="1234")
    assert "01/KH-VP" in " ".join(exc.value.messages)
    assert OutgoingDocument.objects.values().get(pk=document.pk) == before
    assert ElectronicArrival.objects.count() == 1
    assert (
        current_value("eoffice.outgoing:admin", f"agency:{world.office.pk}", str(TODAY.year)) == 1
    )


@pytest.mark.django_db
def test_a_signing_failure_consumes_no_number_and_changes_nothing(world, signing_stub):
    document = signed(world)
    with pytest.raises(ValidationError):
        services.issue(world.clerk, document, passphrase=WRONG)
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.number is None and document.number_text == ""
    assert ElectronicArrival.objects.count() == 0
    assert (
        current_value("eoffice.outgoing:admin", f"agency:{world.office.pk}", str(TODAY.year)) == 0
    )
    document = services.issue(world.clerk, document, passphrase="1234")
    assert document.number == 1


@pytest.mark.django_db
def test_only_a_signed_document_is_issued_and_only_by_a_clerk(world, signing_stub):
    document = approved(world)
    with pytest.raises(ValidationError):
        services.issue(world.clerk, document, passphrase="1234")
    document = signed(world, subject="Khác")
    with pytest.raises(PermissionDenied):
        services.issue(world.leader, document, passphrase="1234")
    with pytest.raises(PermissionDenied):
        services.issue(world.recipient_clerk, document, passphrase="1234")
    with pytest.raises(ValidationError) as exc:
        services.issue(
            world.clerk,
            document,
            passphrase="1234",
            issued_date=TODAY + datetime.timedelta(days=1),
        )
    assert "issued_date" in exc.value.message_dict
    assert OutgoingDocument.objects.filter(number__isnull=False).count() == 0


@pytest.mark.django_db
def test_a_letter_is_numbered_agency_unit(world, signing_stub):
    document = issued(world, doc_type="cong_van", subject="V/v báo cáo số liệu", copies_count=2)
    assert document.number_text == "01/VP-VX"
    assert document.filing_line == "Lưu: VT, VX (02b)."


@pytest.mark.django_db
def test_numbers_start_again_at_01_in_a_new_year(world, signing_stub):
    last_year = issued(world, issued_date=datetime.date(TODAY.year - 1, 12, 31))
    first = issued(world, issued_date=datetime.date(TODAY.year, 1, 1))
    second = issued(world)
    assert (last_year.number_text, last_year.number_year) == ("01/KH-VP", TODAY.year - 1)
    assert (first.number, second.number) == (1, 2)


@pytest.mark.django_db
def test_single_and_per_type_schemes(world, signing_stub):
    assert issued(world).number_text == "01/KH-VP"
    assert issued(world, doc_type="quyet_dinh").number_text == "02/QĐ-VP"
    AgencyNumbering.objects.create(agency=world.office, scheme="per_type")
    assert issued(world, doc_type="quyet_dinh").number_text == "01/QĐ-VP"
    assert issued(world).number_text == "01/KH-VP"
    assert issued(world).number_text == "02/KH-VP"


@pytest.mark.django_db
def test_secret_documents_have_their_own_series_and_stay_off_the_network(world, signing_stub):
    assert issued(world).number == 1
    secret = issued(world, secrecy=Secrecy.CONFIDENTIAL, internal_recipients=[])
    assert (secret.number_text, secret.series) == ("01/KH-VP", "secret")
    assert issued(world).number == 2
    assert ElectronicArrival.objects.filter(source=secret).count() == 0


@pytest.mark.django_db
def test_legal_normative_documents_carry_the_year(world, signing_stub):
    regular = issued(world, doc_type="quyet_dinh")
    legal = issued(world, doc_type="quyet_dinh", is_legal_normative=True)
    assert regular.number_text == "01/QĐ-VP"
    assert legal.number_text == f"01/{TODAY.year}/QĐ-VP"
    assert legal.series == "legal:quyet_dinh"


def _party_world(registry) -> World:
    world = make_world(registry)
    party = Agency.objects.create(
        name="Tỉnh ủy Quảng Ngãi", short_name="Tỉnh ủy", notation_abbr="TU",
        electronic_id="000.11.00.H48", kind=AgencyKind.PARTY,
    )  # fmt: skip
    world.office, world.department = party, None
    world.specialist = registry.user("cv_tu", Role.SPECIALIST, agency=party)
    world.leader = registry.user("bt_tu", Role.LEADER, agency=party)
    world.clerk = registry.user("vt_tu", Role.CLERK, agency=party)
    return world


@pytest.mark.django_db
def test_party_agencies_number_per_type_over_the_term(registry, signing_stub):
    world = _party_world(registry)
    party = dict(reviewer=None, doc_type="chi_thi")
    with pytest.raises(ValidationError) as exc:
        issued(world, **party)  # no term configured yet
    assert "term" in " ".join(exc.value.messages)
    settings = AgencyNumbering.objects.create(
        agency=world.office, party_term_start=datetime.date(TODAY.year - 1, 10, 1)
    )
    first = issued(world, issued_date=datetime.date(TODAY.year - 1, 12, 31), **party)
    second = issued(world, issued_date=datetime.date(TODAY.year, 1, 2), **party)
    plan = issued(world, reviewer=None, doc_type="ke_hoach")
    assert (first.number_text, second.number_text) == ("01-CT/TU", "02-CT/TU")  # no yearly reset
    assert plan.number_text == "01-KH/TU"
    # A new term starts the series again, even within the same year.
    settings.party_term_start = TODAY
    settings.save()
    assert issued(world, **party).number_text == "01-CT/TU"


@pytest.mark.django_db(transaction=True)
def test_sixteen_clerks_issuing_at_once_get_unique_gapless_numbers(registry, signing_stub):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions on separate connections are tested on PostgreSQL")
    world = make_world(registry)
    documents = [signed(world, subject=f"Kế hoạch {i}") for i in range(16)]
    clerks = [registry.user(f"vanthu{i}", Role.CLERK) for i in range(16)]
    barrier = threading.Barrier(16)
    errors = []

    def work(clerk, document):
        try:
            barrier.wait()
            services.issue(clerk, document, passphrase="1234")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=pair) for pair in zip(clerks, documents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(OutgoingDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 17))
    assert ElectronicArrival.objects.count() == 16
