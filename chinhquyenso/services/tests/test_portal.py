"""The applicant's services: draft, e-form, papers, idempotent submission with its code, withdraw,
supplement answer, rating; a citizen never reaches someone else's dossier."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from chinhquyenso.core.choices import Role, UserKind
from chinhquyenso.core.models import AuditEvent, Notification, StoredFile
from chinhquyenso.services import services as portal
from chinhquyenso.services.choices import DossierStatus
from chinhquyenso.services.models import DossierEvent, Rating, ServiceDossier
from chinhquyenso.services.tasks import notify_receiving_officers

from .portal_fixtures import ANSWERS, make_app, ready_draft, upload


@pytest.fixture
def app(registry):
    return make_app(registry)


def test_whole_flow_numbers_the_dossier_and_tells_officers_and_applicant(
    app, django_capture_on_commit_callbacks
):
    dossier = ready_draft(app)
    assert dossier.status == DossierStatus.DRAFT and dossier.code == ""
    with django_capture_on_commit_callbacks() as callbacks:
        submitted = portal.submit(app.citizen, dossier, "key-1")
    today = timezone.localdate().strftime("%y%m%d")
    assert submitted.code == f"000.01.00.H48-{today}-0001"
    assert submitted.status == DossierStatus.SUBMITTED
    assert DossierEvent.objects.filter(dossier=submitted, action="submitted").count() == 1
    assert AuditEvent.objects.filter(action="services.dossier.submit").count() == 1
    # The applicant and the officers hear of it once the submission commits (the officers
    # through a task), so nobody's notice sits in the daily number's lock window.
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    assert Notification.objects.get(user=app.citizen).message.startswith(submitted.code)
    told = Notification.objects.get(user=app.officer)
    assert told.message.startswith(submitted.code)
    assert told.url == reverse("services:backoffice_dossier", args=[submitted.pk])
    notify_receiving_officers.enqueue(dossier_id=submitted.pk, message="again", key="submitted")
    assert Notification.objects.filter(user=app.officer).count() == 1  # a re-run adds nothing


def test_a_refused_submission_queues_no_notification(app, django_capture_on_commit_callbacks):
    dossier = portal.start_application(app.citizen, app.procedure)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        portal.submit(app.citizen, dossier, "k")
    assert callbacks == [] and not Notification.objects.exists()


def test_same_key_returns_the_same_dossier_with_one_code(app):
    dossier = ready_draft(app)
    first = portal.submit(app.citizen, dossier, "same-key")
    again = portal.submit(app.citizen, dossier, "same-key")
    assert again.pk == first.pk and again.code == first.code
    assert DossierEvent.objects.filter(dossier=dossier, action="submitted").count() == 1
    assert ServiceDossier.objects.exclude(code="").count() == 1
    second_draft = ready_draft(app)
    assert portal.submit(app.citizen, second_draft, "same-key").pk == first.pk
    second_draft.refresh_from_db()
    assert second_draft.code == "" and second_draft.status == DossierStatus.DRAFT


def test_missing_mandatory_paper_is_refused_and_nothing_changes(app):
    dossier = portal.start_application(app.citizen, app.procedure)
    portal.save_form(app.citizen, dossier, ANSWERS)
    with pytest.raises(ValidationError) as caught:
        portal.submit(app.citizen, dossier, "k")
    assert "attachments" in caught.value.message_dict
    dossier.refresh_from_db()
    assert dossier.code == "" and dossier.status == DossierStatus.DRAFT
    assert dossier.idempotency_key == ""
    assert not DossierEvent.objects.filter(dossier=dossier).exists()


def test_codes_are_gapless_per_agency_and_day(app):
    codes = []
    for n in range(3):
        codes.append(portal.submit(app.citizen, ready_draft(app), f"k{n}").code)
    assert [code.rsplit("-", 1)[1] for code in codes] == ["0001", "0002", "0003"]
    other = app.other_agency()
    app.procedure.agencies.add(other)
    dossier = portal.start_application(app.citizen, app.procedure, other)
    portal.save_form(app.citizen, dossier, ANSWERS)
    portal.attach(app.citizen, dossier, app.form, upload())
    assert portal.submit(app.citizen, dossier, "other").code.startswith("000.02.00.H48-")
    assert portal.submit(app.citizen, dossier, "other").code.endswith("-0001")


def test_agency_must_be_a_receiving_one(app):
    other = app.other_agency()
    with pytest.raises(ValidationError):
        portal.start_application(app.citizen, app.procedure, other)
    app.procedure.agencies.add(other)
    with pytest.raises(ValidationError) as caught:
        portal.start_application(app.citizen, app.procedure)
    assert "agency" in caught.value.message_dict


def test_invalid_cccd_in_the_form_is_refused_per_field(app):
    dossier = portal.start_application(app.citizen, app.procedure)
    with pytest.raises(ValidationError) as caught:
        portal.save_form(app.citizen, dossier, {"full_name": "An", "id_number": "12345"})
    assert "id_number" in caught.value.message_dict
    dossier.refresh_from_db()
    assert dossier.form_data == {}


def test_wrong_file_type_is_refused_and_nothing_stored(app):
    dossier = portal.start_application(app.citizen, app.procedure)
    files_before = StoredFile.objects.count()
    with pytest.raises(ValidationError):
        portal.attach(app.citizen, dossier, app.form, upload("notes.txt", b"plain text"))
    with pytest.raises(ValidationError):
        # The name says PDF but the content is text.
        portal.attach(app.citizen, dossier, app.form, upload("scan.pdf", b"just text"))
    assert StoredFile.objects.count() == files_before
    assert not dossier.attachments.exists()


def test_another_citizen_gets_404_and_cannot_act(app, registry):
    dossier = ready_draft(app)
    stranger = registry.user("khac", Role.CITIZEN, kind=UserKind.CITIZEN, citizen_id="051090001234")
    with pytest.raises(Http404):
        portal.own_dossier(stranger, dossier.pk)
    with pytest.raises(PermissionDenied):
        portal.submit(stranger, dossier, "steal")
    with pytest.raises(PermissionDenied):
        portal.attach(stranger, dossier, app.form, upload())
    assert not portal.own_dossiers(app.officer).exists()


def test_withdraw_only_before_reception(app):
    dossier = portal.submit(app.citizen, ready_draft(app), "w")
    portal.withdraw(app.citizen, dossier, "nộp nhầm")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    received = portal.submit(app.citizen, ready_draft(app), "w2")
    ServiceDossier.objects.filter(pk=received.pk).update(
        received_at=timezone.now(), status=DossierStatus.PROCESSING
    )
    with pytest.raises(ValidationError):
        portal.withdraw(app.citizen, received)


def test_answer_supplement_restarts_and_needs_the_supplement_status(app):
    dossier = portal.submit(app.citizen, ready_draft(app), "s")
    with pytest.raises(ValidationError):
        portal.answer_supplement(app.citizen, dossier, "đây")
    portal.request_supplement(app.officer, dossier, ["Bản sao CCCD"])
    answered = portal.answer_supplement(
        app.citizen, dossier, "Đã bổ sung", [portal.NewAttachment(None, upload=upload("cccd.pdf"))]
    )
    assert answered.status == DossierStatus.SUBMITTED
    assert dossier.supplement_requests.get().answered_at is not None
    assert dossier.attachments.count() == 2


def test_rating_once_after_the_result_is_returned(app):
    dossier = portal.submit(app.citizen, ready_draft(app), "r")
    with pytest.raises(ValidationError):
        portal.rate(app.citizen, dossier, 5)
    ServiceDossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.RETURNED)
    with pytest.raises(ValidationError):
        portal.rate(app.citizen, dossier, 6)
    portal.rate(app.citizen, dossier, 4, "nhanh")
    with pytest.raises(ValidationError):
        portal.rate(app.citizen, dossier, 5)
    assert Rating.objects.get(dossier=dossier).score == 4


def test_expired_warehouse_document_cannot_be_attached(app):
    item = portal.upload_document(
        app.citizen, _doc_type(), "CCCD", upload("cccd.pdf"), timezone.localdate()
    )
    item.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    item.save()
    dossier = portal.start_application(app.citizen, app.procedure)
    with pytest.raises(ValidationError):
        portal.attach(app.citizen, dossier, app.form, warehouse_item=item)


def _doc_type():
    from chinhquyenso.services.models import WarehouseDocumentType

    return WarehouseDocumentType.objects.get_or_create(code="cccd", defaults={"name": "Căn cước"})[
        0
    ]
