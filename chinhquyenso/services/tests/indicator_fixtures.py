"""Test data for the QĐ 766 indicators, made directly with the ORM: the indicators only read."""

import datetime
from decimal import Decimal

from django.utils import timezone

from chinhquyenso.core.choices import AgencyKind, UnitKind, UnitLevel, UserKind
from chinhquyenso.core.models import AdministrativeUnit, Agency
from chinhquyenso.services.choices import Channel, DossierStatus, OnlineLevel, PaymentStatus
from chinhquyenso.services.models import (
    Payment,
    Procedure,
    ProcedureField,
    ProcessingStep,
    Rating,
    RequiredDocument,
    ServiceDossier,
)

TZ = timezone.get_fixed_timezone(7 * 60)


def at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=TZ)


def agency(registry, name: str, electronic_id: str, level: int | None) -> Agency:
    unit = None
    if level is not None:
        kind = {UnitLevel.DISTRICT: UnitKind.DISTRICT, UnitLevel.COMMUNE: UnitKind.COMMUNE}[level]
        unit = AdministrativeUnit.objects.create(
            code=electronic_id[4:9], name=name, kind=kind, level=level
        )
    return Agency.objects.create(
        name=name,
        electronic_id=electronic_id,
        kind=AgencyKind.STATE,
        administrative_unit=unit,
        parent=registry.province_committee,
    )


def procedure(code: str, *agencies, online_level=OnlineLevel.FULL, complete=True) -> Procedure:
    field, _created = ProcedureField.objects.get_or_create(code="ho-tich", name="Hộ tịch")
    proc = Procedure.objects.create(
        code=code,
        name=f"Thủ tục {code}",
        field=field,
        level=UnitLevel.COMMUNE,
        implementing_body="UBND cấp xã",
        online_level=online_level,
        processing_days=3,
        fee_text="Miễn phí" if complete else "",
        legal_basis="Luật Hộ tịch 2014" if complete else "",
        result_type="Giấy khai sinh",
        form_schema={"type": "object", "properties": {"ho_ten": {"type": "string"}}}
        if complete
        else {},
    )
    proc.agencies.set(agencies)
    if complete:
        RequiredDocument.objects.create(procedure=proc, order=1, name="Tờ khai")
        ProcessingStep.objects.create(
            procedure=proc, order=1, name="Tiếp nhận", role="one_stop_officer", time_share=100
        )
    return proc


def citizen(registry, username: str = "congdan"):
    return registry.user(username, "citizen", kind=UserKind.CITIZEN, citizen_id="051085006789")


def dossier(proc, where, applicant, *, channel=Channel.ONLINE, status=DossierStatus.PROCESSING,
            received=None, due=None, completed=None, digitised=False, signed=False,
            rating=None) -> ServiceDossier:  # fmt: skip
    made = ServiceDossier.objects.create(
        procedure=proc,
        agency=where,
        applicant=applicant,
        applicant_name="Nguyễn Văn An",
        channel=channel,
        status=status,
        submitted_at=received,
        received_at=received,
        due_date=due,
        completed_at=completed,
        digitised=digitised,
        result_signed=signed,
    )
    if rating is not None:
        Rating.objects.create(dossier=made, score=rating)
    return made


def payment(made: ServiceDossier, *, online: bool, amount=8000, paid=None,
            status=PaymentStatus.PAID) -> Payment:  # fmt: skip
    return Payment.objects.create(
        dossier=made,
        amount=Decimal(amount),
        provider="payment-gateway" if online else "cash",
        status=status,
        online=online,
        paid_at=paid,
    )
