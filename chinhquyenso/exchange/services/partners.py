"""Partners and the organisation directory: created, changed and authenticated here."""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.validators import validate_agency_identifier

from ..choices import ConnectorKind
from ..keys import certificate_fingerprint
from ..models import Organisation, Partner


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"exchange:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_secret(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def outbound_secret(partner: Partner) -> str:
    if not partner.outbound_secret:
        return ""
    try:
        return _fernet().decrypt(partner.outbound_secret.encode()).decode()
    except InvalidToken:
        return ""


def _fingerprint(value: str) -> str:
    """SHA-256 fingerprints are compared as lower-case hex without colons."""
    return (value or "").strip().lower().replace(":", "")


def _check_certificate(pem: str) -> str:
    pem = (pem or "").strip()
    if pem:
        try:
            certificate_fingerprint(pem.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise ValidationError({"certificate_pem": _("This is not a PEM certificate.")}) from exc
    return pem


def _check(name: str, system_id: str, connector: str, endpoint_url: str) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Enter the partner's name.")
    if not system_id.strip():
        errors["system_id"] = _("Enter the system id the partner uses to call us.")
    if connector not in ConnectorKind.values:
        errors["connector"] = _("Unknown connector.")
    elif connector != ConnectorKind.IN_PROCESS and not endpoint_url.strip():
        errors["endpoint_url"] = _("Enter the partner's endpoint URL.")
    if errors:
        raise ValidationError(errors)


def create_partner(
    user,
    *,
    name: str,
    system_id: str,
    connector: str = ConnectorKind.PLATFORM,
    endpoint_url: str = "",
    certificate_pem: str = "",
    outbound_system_id: str = "",
    outbound_secret_value: str = "",
    client_cert_fingerprint: str = "",
    secret: str | None = None,
) -> tuple[Partner, str]:
    """Create a partner; returns it with the secret it must present (shown once)."""
    core.require(user, "exchange.manage_partners")
    _check(name, system_id, connector, endpoint_url)
    pem = _check_certificate(certificate_pem)
    if Partner.objects.filter(system_id=system_id.strip()).exists():
        raise ValidationError({"system_id": _("Another partner already uses this system id.")})
    secret = secret or secrets.token_urlsafe(32)
    with transaction.atomic():
        partner = Partner.objects.create(
            name=name.strip(),
            system_id=system_id.strip(),
            connector=connector,
            endpoint_url=endpoint_url.strip(),
            certificate_pem=pem,
            outbound_system_id=outbound_system_id.strip(),
            outbound_secret=encrypt_secret(outbound_secret_value),
            client_cert_fingerprint=_fingerprint(client_cert_fingerprint),
            secret_hash=make_password(secret),
        )
        core.audit_record(
            "exchange.partner.create",
            partner,
            after=core.audit_snapshot(partner, ["name", "system_id", "connector", "endpoint_url"]),
        )
    return partner, secret


def update_partner(user, partner: Partner, **fields) -> Partner:
    """Change the connection settings; `outbound_secret_value` is encrypted, others stored."""
    core.require(user, "exchange.manage_partners")
    allowed = {
        "name",
        "connector",
        "endpoint_url",
        "certificate_pem",
        "outbound_system_id",
        "client_cert_fingerprint",
        "is_active",
    }
    unknown = set(fields) - allowed - {"outbound_secret_value"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if "certificate_pem" in fields:
        fields["certificate_pem"] = _check_certificate(fields["certificate_pem"])
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        before = core.audit_snapshot(partner, sorted(allowed))
        for name, value in fields.items():
            if name == "outbound_secret_value":
                if value:
                    partner.outbound_secret = encrypt_secret(value)
            elif name == "client_cert_fingerprint":
                partner.client_cert_fingerprint = _fingerprint(value)
            else:
                setattr(partner, name, value.strip() if isinstance(value, str) else value)
        _check(partner.name, partner.system_id, partner.connector, partner.endpoint_url)
        partner.save()
        core.audit_record(
            "exchange.partner.update",
            partner,
            before=before,
            after=core.audit_snapshot(partner, sorted(allowed)),
        )
    return partner


def rotate_secret(user, partner: Partner) -> str:
    core.require(user, "exchange.manage_partners")
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        Partner.objects.filter(pk=partner.pk).update(secret_hash=make_password(secret))
        core.audit_record("exchange.partner.rotate_secret", partner)
    return secret


def add_organisation(user, partner: Partner, organ_id: str, name: str) -> Organisation:
    core.require(user, "exchange.manage_partners")
    organ_id = (organ_id or "").strip()
    validate_agency_identifier(organ_id)
    if not (name or "").strip():
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if Organisation.objects.filter(organ_id=organ_id).exists():
        raise ValidationError(
            {"organ_id": _("%(id)s is already in the directory.") % {"id": organ_id}}
        )
    with transaction.atomic():
        organisation = Organisation.objects.create(
            organ_id=organ_id, name=name.strip(), partner=partner
        )
        core.audit_record(
            "exchange.organisation.add", organisation, after=core.audit_snapshot(organisation)
        )
    return organisation


def remove_organisation(user, organisation: Organisation) -> None:
    core.require(user, "exchange.manage_partners")
    with transaction.atomic():
        core.audit_record(
            "exchange.organisation.remove", organisation, before=core.audit_snapshot(organisation)
        )
        organisation.delete()


def authenticate(
    system_id: str = "", secret: str = "", client_fingerprint: str = ""
) -> Partner | None:
    """The active partner presenting these credentials, or None."""
    if client_fingerprint:
        fingerprint = _fingerprint(client_fingerprint)
        partner = Partner.objects.filter(
            client_cert_fingerprint=fingerprint, is_active=True
        ).first()
        if partner is not None and hmac.compare_digest(
            partner.client_cert_fingerprint, fingerprint
        ):
            return partner
        return None
    if not system_id or not secret:
        return None
    partner = Partner.objects.filter(system_id=system_id, is_active=True).first()
    if partner is None or not partner.secret_hash:
        make_password(secret)  # the same work as a real check, so timing tells nothing
        return None
    return partner if check_password(secret, partner.secret_hash) else None


def route(organ_id: str) -> Organisation | None:
    """The directory entry (and so the partner) that reaches this agency."""
    return (
        Organisation.objects.select_related("partner")
        .filter(organ_id=organ_id, is_active=True, partner__is_active=True)
        .first()
    )
