"""Processing: hand-overs (the tracking slip), approval, the result signed with the agency key,
return, apology letters, overdue alerts and an inter-agency (liên thông) flow."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Notification
from chinhquyenso.eoffice.demo_signing import DemoAuthority
from chinhquyenso.eoffice.services import signing
from chinhquyenso.services import services
from chinhquyenso.services.backoffice_pdf import tracking_slip_pdf
from chinhquyenso.services.choices import DossierStatus, StepStatus, WarehouseSource
from chinhquyenso.services.models import ApologyLetter, ProcessingStep, WarehouseItem

from . import backoffice_fixtures as fixtures

calendar_2026, clock, world = fixtures.calendar_2026, fixtures.clock, fixtures.world
pdf_bytes = fixtures.pdf_bytes

D = datetime.date
S = DossierStatus
PASSPHRASE = "Mat-khau-ky-so"
# The tests run on dates of 2026 (see the clock): the key must already be valid then.
VALID_FROM = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def agency_key(world):
    admin = world.registry.user("quantri", Role.AGENCY_ADMIN, agency=world.agency)
    authority = DemoAuthority.create()
    return signing.add_credential(
        admin,
        agency=world.agency,
        label="Khóa cơ quan",
        pkcs12_bytes=authority.issue_pkcs12(
            "VP UBND tỉnh", "UBND tỉnh Quảng Ngãi", PASSPHRASE, not_before=VALID_FROM
        ),
        passphrase=PASSPHRASE,
    )


def text_of(stored) -> str:
    with core.open_file(stored) as content:
        reader = PdfReader(io.BytesIO(content.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def accepted(world):
    dossier = world.online_dossier()
    return services.check_and_accept(world.officer, dossier)


def to_approval(world, dossier):
    step = services.current_step(dossier)
    services.hand_over(world.officer, step, world.specialist)
    services.start_step(world.specialist, step)
    services.complete_step(world.specialist, step, "Đủ điều kiện")
    services.upload_result(world.specialist, dossier, SimpleUploadedFile("kq.pdf", pdf_bytes()))
    dossier.refresh_from_db()
    return dossier


def test_whole_flow_to_the_signed_result(world, clock, agency_key):
    dossier = to_approval(world, accepted(world))
    assert dossier.status == S.AWAITING_APPROVAL
    with pytest.raises(ValidationError):  # not approved yet
        services.sign_result(world.leader, dossier, PASSPHRASE)
    services.approve(world.leader, dossier, "Đồng ý")
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING
    services.sign_result(world.leader, dossier, PASSPHRASE)
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY and dossier.result_signed
    results = signing.verify(dossier.result_file)
    assert len(results) == 1 and results[0].result != "BROKEN"
    assert results[0].signer_organisation == "UBND tỉnh Quảng Ngãi"
    item = WarehouseItem.objects.get(source_dossier=dossier)
    assert item.source == WarehouseSource.RESULT and item.owner == world.citizen
    services.return_result(world.officer, dossier, at_counter=True)
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED and dossier.completed_at is not None
    assert not dossier.steps.exclude(status=StepStatus.DONE).exists()
    assert Notification.objects.filter(user=world.citizen).count() >= 3
    slip = tracking_slip_pdf(dossier)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(slip)).pages)
    assert dossier.code in text and "VP UBND tỉnh" in text


def test_wrong_passphrase_changes_nothing(world, clock, agency_key):
    dossier = to_approval(world, accepted(world))
    services.approve(world.leader, dossier)
    unsigned = dossier.result_file_id
    with pytest.raises(ValidationError) as error:
        services.sign_result(world.leader, dossier, "sai-mat-khau")
    assert "passphrase" in error.value.message_dict
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and not dossier.result_signed
    assert dossier.result_file_id == unsigned
    assert not WarehouseItem.objects.filter(source_dossier=dossier).exists()


def test_only_a_leader_approves_and_a_result_must_be_a_pdf(world, clock):
    dossier = to_approval(world, accepted(world))
    with pytest.raises(PermissionDenied):
        services.approve(world.specialist, dossier)
    with pytest.raises(ValidationError):
        services.upload_result(
            world.specialist, dossier, SimpleUploadedFile("kq.txt", b"plain text result")
        )
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_APPROVAL and dossier.result_file is not None


def test_other_agency_staff_cannot_touch_the_steps(world, clock):
    other = world.other_agency()
    stranger = world.registry.user("cv2", Role.SPECIALIST, agency=other)
    dossier = accepted(world)
    step = services.current_step(dossier)
    with pytest.raises(PermissionDenied):
        services.start_step(stranger, step)
    with pytest.raises(ValidationError):  # nor can a step be handed to them
        services.hand_over(world.officer, step, stranger)
    step.refresh_from_db()
    assert step.assignee is None and step.status == StepStatus.PENDING


def test_late_dossier_gets_an_apology_with_a_later_date(world, clock):
    dossier = accepted(world)  # due 24 Feb 2026
    with pytest.raises(ValidationError) as error:
        services.issue_apology(world.officer, dossier, "Chờ xác minh", D(2026, 2, 24))
    assert "new_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.issue_apology(world.officer, dossier, "", D(2026, 3, 2))
    assert not ApologyLetter.objects.exists()
    clock.set(D(2026, 2, 25))
    letter = services.issue_apology(world.officer, dossier, "Chờ xác minh", D(2026, 3, 2))
    dossier.refresh_from_db()
    assert dossier.due_date == D(2026, 3, 2) and letter.previous_date == D(2026, 2, 24)
    text = text_of(letter.file)
    assert dossier.code in text and "02/03/2026" in text
    assert Notification.objects.filter(user=world.citizen, message__contains="02/03/2026").exists()


def test_overdue_alerts_once_a_day(world, clock):
    dossier = accepted(world)
    services.hand_over(world.officer, services.current_step(dossier), world.specialist)
    # The step is due on 23 Feb, the dossier on 24 Feb.
    assert services.send_overdue_dossier_alerts(D(2026, 2, 23)) == 0
    assert services.send_overdue_dossier_alerts(D(2026, 2, 24)) == 1
    assert Notification.objects.filter(user=world.specialist, message__contains="Thẩm định")
    assert services.send_overdue_dossier_alerts(D(2026, 2, 24)) == 0  # once a day
    # Next day: the step's holder again, and the one-stop officer for the late dossier.
    assert services.send_overdue_dossier_alerts(D(2026, 2, 25)) == 2
    assert Notification.objects.filter(user=world.officer, message__contains=dossier.code)


def test_inter_agency_step_goes_to_the_other_agency_and_comes_back(world, clock, agency_key):
    justice = world.other_agency()
    ProcessingStep.objects.filter(procedure=world.procedure, order=2).update(
        agency_hint="Sở Tư pháp tỉnh Quảng Ngãi"
    )
    their_head = world.registry.user("tuphap", Role.HEAD_OF_DEPARTMENT, agency=justice)
    world.procedure.interagency = True
    world.procedure.save()
    dossier = accepted(world)
    step = services.current_step(dossier)
    assert step.agency == justice
    assert services.handled_dossiers(their_head).filter(pk=dossier.pk).exists()
    with pytest.raises(PermissionDenied):  # the receiving agency's specialist is not theirs
        services.start_step(world.specialist, step)
    services.hand_over(their_head, step, their_head)
    services.start_step(their_head, step)
    services.complete_step(their_head, step, "Đã xác minh")
    dossier.refresh_from_db()
    back = services.current_step(dossier)
    assert back.agency == world.agency and dossier.status == S.AWAITING_APPROVAL
    hand_overs = list(
        dossier.events.filter(action="handed_over").values_list("from_unit", "to_unit")
    )
    assert ("VP UBND tỉnh", "Sở Tư pháp") in hand_overs
    assert ("Sở Tư pháp", "VP UBND tỉnh") in hand_overs
    services.approve(world.leader, dossier)
    services.upload_result(world.officer, dossier, SimpleUploadedFile("kq.pdf", pdf_bytes()))
    services.sign_result(world.officer, dossier, PASSPHRASE)
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY
