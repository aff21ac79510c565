"""Fees and charges of a dossier through a payment provider: paid at the counter and confirmed by an
officer, or (once connected) through the national payment platform; docs/services-portal.md."""

from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from .choices import DossierStatus, PaymentStatus
from .models import Payment, ServiceDossier
from .services.notifications import notify_applicant


class PaymentProvider(Protocol):
    name: str
    online: bool

    def start(self, dossier: ServiceDossier, amount) -> dict:
        """Open the payment with the provider; returns fields for the Payment row (reference)
        and, for an online provider, the address to send the payer to ("redirect_url")."""

    def confirm(self, payment: Payment, **evidence) -> str:
        """Check the provider's evidence that `payment` was made; returns its reference."""


class CounterProvider:
    """Paid in cash or by card at the one-stop counter; the officer's confirmation is the proof."""

    name = "counter"
    online = False

    def start(self, dossier: ServiceDossier, amount) -> dict:
        return {"reference": ""}

    def confirm(self, payment: Payment, **evidence) -> str:
        reference = (evidence.get("reference") or "").strip()
        return reference or f"QUAY-{payment.pk}"


# The national payment platform (Cổng DVC quốc gia, PayGov) needs the province's contract and
# keys; its adapter is described in docs/services-portal.md and is added here once connected.
PROVIDERS: dict[str, type] = {"counter": CounterProvider}
PAYABLE = {
    DossierStatus.SUBMITTED,
    DossierStatus.PROCESSING,
    DossierStatus.AWAITING_APPROVAL,
    DossierStatus.RESULT_READY,
}


def provider(name: str) -> PaymentProvider:
    if name not in PROVIDERS:
        raise ValidationError({"provider": _("This payment method is not available.")})
    return PROVIDERS[name]()


def fee_of(dossier: ServiceDossier):
    return dossier.procedure.fee_amount or 0


def current_payment(dossier: ServiceDossier) -> Payment | None:
    return dossier.payments.exclude(status=PaymentStatus.FAILED).order_by("-created_at").first()


def start_payment(user, dossier: ServiceDossier, provider_name: str = "counter") -> Payment:
    """The applicant chooses how to pay the procedure's fee; a fee of 0 records an exemption."""
    core.require(user, "services.apply")
    chosen = provider(provider_name)
    with transaction.atomic():
        dossier = ServiceDossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.applicant_id != user.pk:
            raise ValidationError(_("This is not your dossier."))
        if dossier.status not in PAYABLE:
            raise ValidationError(_("This dossier cannot be paid for now."))
        existing = current_payment(dossier)
        if existing is not None:
            return existing
        amount = fee_of(dossier)
        if amount == 0:
            payment = Payment.objects.create(
                dossier=dossier, amount=0, provider="exempt", status=PaymentStatus.EXEMPT
            )
        else:
            fields = chosen.start(dossier, amount)
            payment = Payment.objects.create(
                dossier=dossier,
                amount=amount,
                provider=chosen.name,
                online=chosen.online,
                reference=fields.get("reference", ""),
            )
        core.audit_record(
            "services.payment.start", payment, after=core.audit_snapshot(payment), actor=user
        )
    return payment


def confirm_payment(officer, payment: Payment, reference: str = "") -> Payment:
    """The one-stop officer of the dossier's agency confirms a counter payment."""
    core.require(officer, "services.receive", payment.dossier.agency)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("dossier").get(pk=payment.pk)
        if payment.status != PaymentStatus.PENDING:
            raise ValidationError(_("This payment is not waiting for confirmation."))
        before = core.audit_snapshot(payment)
        payment.reference = provider(payment.provider).confirm(payment, reference=reference)
        payment.status = PaymentStatus.PAID
        payment.confirmed_by = officer
        payment.paid_at = timezone.now()
        payment.save(update_fields=["reference", "status", "confirmed_by", "paid_at"])
        core.audit_record(
            "services.payment.confirm",
            payment,
            before=before,
            after=core.audit_snapshot(payment),
            actor=officer,
        )
        notify_applicant(payment.dossier, _("your payment was received."))
    return payment
