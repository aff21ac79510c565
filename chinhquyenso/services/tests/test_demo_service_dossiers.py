"""`load_demo_service_dossiers`: every status present, results signed and kept, walk-in digitised,
everything audited, and a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from chinhquyenso.core.models import AuditEvent, User
from chinhquyenso.core.services.units import import_admin_units
from chinhquyenso.eoffice.services import signing
from chinhquyenso.services.choices import Channel, DossierStatus, WarehouseSource
from chinhquyenso.services.models import (
    ApologyLetter,
    Rating,
    ServiceDossier,
    SupplementRequest,
    WarehouseItem,
    WarehouseUse,
)


@pytest.fixture
def loaded(db, tmp_path):
    # The demo CA is written under VAR_DIR: keep it in this test's directory.
    with override_settings(VAR_DIR=tmp_path, SIGNATURE_TRUST_ROOTS_DIR=tmp_path / "roots"):
        import_admin_units()
        for command in ("load_demo_data", "load_demo_procedures", "create_demo_signing_keys"):
            call_command(command, stdout=StringIO())
        out = StringIO()
        with translation.override("en"):
            call_command("load_demo_service_dossiers", stdout=out)
        yield out.getvalue()


def test_every_status_is_present_at_the_one_stop_shop(loaded):
    statuses = set(ServiceDossier.objects.values_list("status", flat=True))
    assert statuses == set(DossierStatus.values)
    assert "11 created, 0 already present" in loaded and len(loaded.strip().splitlines()) == 1
    congdan = ServiceDossier.objects.filter(applicant__username="congdan")
    assert {DossierStatus.DRAFT, DossierStatus.RESULT_READY, DossierStatus.RETURNED} <= set(
        congdan.values_list("status", flat=True)
    )
    # Submitted dossiers are numbered by the agency's electronic identifier.
    assert all(
        code.startswith("000.00.01.H48-")
        for code in ServiceDossier.objects.exclude(code="").values_list("code", flat=True)
    )


def test_results_are_signed_by_the_agency_and_kept_in_the_warehouse(loaded):
    done = ServiceDossier.objects.filter(
        status__in=[DossierStatus.RESULT_READY, DossierStatus.RETURNED]
    )
    assert done.count() == 2 and all(d.result_signed for d in done)
    kept = WarehouseItem.objects.filter(source=WarehouseSource.RESULT)
    assert {item.source_dossier_id for item in kept} == {d.pk for d in done}
    assert all(item.owner.username == "congdan" for item in kept)
    returned = done.get(status=DossierStatus.RETURNED)
    assert Rating.objects.get(dossier=returned).score == 5
    assert returned.payments.get().status == "paid"


def test_supplement_apology_walk_in_and_warehouse_reuse(loaded):
    assert SupplementRequest.objects.get().dossier.status == DossierStatus.SUPPLEMENT
    letter = ApologyLetter.objects.get()
    assert letter.new_date > letter.previous_date and letter.dossier.due_date == letter.new_date
    walk_in = ServiceDossier.objects.get(channel=Channel.COUNTER)
    assert walk_in.digitised and walk_in.status == DossierStatus.PROCESSING
    assert WarehouseItem.objects.filter(
        source=WarehouseSource.DIGITISED, owner=walk_in.applicant
    ).exists()
    use = WarehouseUse.objects.get()
    assert use.dossier.status == DossierStatus.DRAFT and use.used_by.username == "congdan"
    # Made through the services: each dossier's creation and each step left an audit event.
    for action in ("services.dossier.submit", "services.dossier.sign_result"):
        assert AuditEvent.objects.filter(action=action).exists()
    leader = User.objects.get(username="chutich_camthanh")
    assert leader.check_password("Thach-Bich-2025")


def test_a_second_run_changes_nothing(loaded, tmp_path):
    before = (
        ServiceDossier.objects.count(),
        WarehouseItem.objects.count(),
        AuditEvent.objects.count(),
        User.objects.count(),
    )
    out = StringIO()
    with (
        override_settings(VAR_DIR=tmp_path, SIGNATURE_TRUST_ROOTS_DIR=tmp_path / "roots"),
        translation.override("en"),
    ):
        call_command("load_demo_service_dossiers", stdout=out)
    assert "0 created, 11 already present" in out.getvalue()
    after = (
        ServiceDossier.objects.count(),
        WarehouseItem.objects.count(),
        AuditEvent.objects.count(),
        User.objects.count(),
    )
    assert after == before


def test_the_signed_result_verifies_against_the_demo_ca(loaded, tmp_path):
    dossier = ServiceDossier.objects.get(status=DossierStatus.RESULT_READY)
    with override_settings(SIGNATURE_TRUST_ROOTS_DIR=tmp_path / "roots"):
        results = signing.verify(dossier.result_file)
    assert [r.result for r in results] == ["valid"]
    assert results[0].signer_name == "Ủy ban nhân dân phường Cẩm Thành"
