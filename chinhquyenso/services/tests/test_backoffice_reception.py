"""Reception: walk-in dossiers, acceptance with the appointment date across Tết 2026, the one
supplement request that stops the clock, refusal with a reason, scope of the officers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import AuditEvent, User
from chinhquyenso.services import services
from chinhquyenso.services.choices import Channel, DossierStatus, StepStatus
from chinhquyenso.services.models import ServiceDossier, SupplementRequest

from . import backoffice_fixtures as fixtures

calendar_2026, clock, world = fixtures.calendar_2026, fixtures.clock, fixtures.world
pdf_bytes = fixtures.pdf_bytes

D = datetime.date
S = DossierStatus


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English messages; the Vietnamese ones are checked by the catalogue.
    with translation.override("en"):
        yield


def walk_in(world, citizen_id="079203001234", scans=True):
    scan = [services.Scan(SimpleUploadedFile("to-khai.pdf", pdf_bytes()), "", world.form)]
    data = services.WalkIn(
        applicant=services.ApplicantData("Trần Thị Bình", citizen_id, phone="0905123456"),
        form_data={"ho_ten_tre": "Trần Gia Huy"},
        scans=scan if scans else [],
    )
    return services.receive_walk_in(world.officer, world.agency, world.procedure, data)


def test_walk_in_creates_the_citizen_stores_scans_and_counts_as_digitised(world, clock):
    dossier = walk_in(world)
    assert dossier.channel == Channel.COUNTER
    assert dossier.status == S.SUBMITTED
    assert dossier.digitised is True
    assert dossier.code == "000.01.00.H48-260212-0001"
    applicant = User.objects.get(citizen_id="079203001234")
    assert dossier.applicant == applicant and not applicant.has_usable_password()
    assert dossier.attachments.get().required_document == world.form
    assert dossier.events.filter(action="submitted_at_counter").exists()
    # The same CCCD again finds the same person; no scans means not digitised.
    second = walk_in(world, scans=False)
    assert second.applicant == applicant and second.digitised is False
    assert second.code.endswith("-0002")


def test_walk_in_with_a_bad_cccd_stores_nothing(world, clock):
    with pytest.raises(ValidationError) as error:
        walk_in(world, citizen_id="12345")
    assert "citizen_id" in error.value.message_dict
    assert not ServiceDossier.objects.exists()
    assert not User.objects.filter(full_name="Trần Thị Bình").exists()


@pytest.mark.parametrize(
    "received, due",
    [
        (D(2026, 2, 12), D(2026, 2, 24)),  # Thu: Fri 13 counts, Tết 14–22 Feb does not
        (D(2026, 2, 13), D(2026, 2, 25)),  # Fri: Mon 23, Tue 24, Wed 25
        (D(2026, 2, 14), D(2026, 2, 25)),  # a Saturday inside Tết counts from Mon 23
        (D(2026, 1, 8), D(2026, 1, 12)),  # Thu: Fri 9, Sat 10 (a make-up working day), Mon 12
    ],
)
def test_acceptance_sets_the_appointment_in_working_days(world, clock, received, due):
    clock.set(received)
    dossier = world.online_dossier()
    services.check_and_accept(world.officer, dossier)
    dossier.refresh_from_db()
    assert dossier.due_date == due
    assert dossier.status == S.PROCESSING
    assert dossier.received_by == world.officer
    assert dossier.received_at.date() == received


def test_acceptance_creates_the_steps_with_their_share_of_the_time(world, clock):
    dossier = world.online_dossier()
    services.check_and_accept(world.officer, dossier)
    steps = list(dossier.steps.order_by("step__order"))
    # 3 days: 10 % → day 0 (today), 70 % → day 2, 90 % → day 2, the last on the appointment.
    assert [s.due_date for s in steps] == [
        D(2026, 2, 12),
        D(2026, 2, 23),
        D(2026, 2, 23),
        D(2026, 2, 24),
    ]
    # Reception is the acceptance itself; the dossier waits at the specialist's step.
    assert steps[0].status == StepStatus.DONE and steps[0].assignee == world.officer
    assert services.current_step(dossier) == steps[1]
    assert dossier.events.filter(action="handed_over").exists()


def test_incomplete_dossier_is_not_accepted(world, clock):
    dossier = world.online_dossier(complete=False)
    with pytest.raises(ValidationError) as error:
        services.check_and_accept(world.officer, dossier)
    assert "Tờ khai đăng ký khai sinh" in str(error.value)
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and dossier.due_date is None
    assert not dossier.steps.exists()


def test_supplement_stops_the_clock_and_moves_the_date(world, clock):
    clock.set(D(2026, 3, 2))  # Monday
    dossier = world.online_dossier()
    services.check_and_accept(world.officer, dossier)
    dossier.refresh_from_db()
    assert dossier.due_date == D(2026, 3, 5)
    clock.set(D(2026, 3, 3))  # Tuesday
    services.request_supplement(world.specialist, dossier, ["Bản sao giấy chứng sinh", " "])
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT and dossier.clock_stopped_at is not None
    assert SupplementRequest.objects.get(dossier=dossier).items == ["Bản sao giấy chứng sinh"]
    clock.set(D(2026, 3, 9))  # next Monday: Wed, Thu, Fri, Mon = 4 working days stopped
    services.resume_clock(dossier, actor=world.citizen, note="Đã bổ sung")
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.clock_stopped_at is None
    assert dossier.due_date == D(2026, 3, 11)
    assert dossier.steps.get(step__order=4).due_date == D(2026, 3, 11)
    assert SupplementRequest.objects.get(dossier=dossier).answered_at is not None


def test_supplement_at_reception_sends_the_dossier_back_to_the_queue(world, clock):
    dossier = world.online_dossier(complete=False)
    services.request_supplement(world.officer, dossier, ["Tờ khai đăng ký khai sinh"])
    services.resume_clock(dossier)
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and dossier.due_date is None


def test_second_supplement_request_is_refused(world, clock):
    dossier = world.online_dossier()
    services.check_and_accept(world.officer, dossier)
    services.request_supplement(world.officer, dossier, ["Giấy chứng sinh"])
    services.resume_clock(dossier)
    with pytest.raises(ValidationError, match="once"):
        services.request_supplement(world.officer, dossier, ["Something else"])
    assert SupplementRequest.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING


def test_supplement_needs_the_items(world, clock):
    dossier = world.online_dossier()
    with pytest.raises(ValidationError):
        services.request_supplement(world.officer, dossier, ["", "  "])
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and not dossier.supplement_requests.exists()


def test_refusal_needs_a_reason(world, clock):
    dossier = world.online_dossier()
    with pytest.raises(ValidationError) as error:
        services.refuse(world.officer, dossier, "   ")
    assert "reason" in error.value.message_dict
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    services.refuse(world.officer, dossier, "Không thuộc thẩm quyền")
    dossier.refresh_from_db()
    assert dossier.status == S.REFUSED and dossier.refusal_reason == "Không thuộc thẩm quyền"
    assert AuditEvent.objects.filter(action="services.dossier.refuse").exists()


def test_an_officer_of_another_agency_cannot_receive(world, clock):
    other = world.other_agency()
    stranger = world.registry.user("motcua2", Role.ONE_STOP_OFFICER, agency=other)
    dossier = world.online_dossier()
    with pytest.raises(PermissionDenied):
        services.check_and_accept(stranger, dossier)
    with pytest.raises(PermissionDenied):
        services.refuse(stranger, dossier, "x")
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
