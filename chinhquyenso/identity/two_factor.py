"""TOTP second factor (django-otp): who must use it, enrolling a device, checking a code."""

import base64
import io

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from chinhquyenso.core import audit
from chinhquyenso.core.choices import Role
from chinhquyenso.core.permissions import has_role

DEVICE_NAME = "authenticator"


def requires_two_factor(user) -> bool:
    """Administrators must pass a second factor (TCVN 11930:2017 level 3), unless switched off."""
    if not settings.REQUIRE_ADMIN_2FA or not user.is_authenticated:
        return False
    return bool(
        user.is_superuser or user.is_staff or has_role(user, Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN)
    )


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def must_verify(user) -> bool:
    """Whether this signed-in user must pass the second factor before anything else.

    Administrators always; anyone else once they have turned a device on, since a factor that is
    never asked for protects nothing.
    """
    if not settings.REQUIRE_ADMIN_2FA or not user.is_authenticated:
        return False
    return requires_two_factor(user) or has_confirmed_device(user)


def _require_self(user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("You do not have permission to do this."))


def pending_totp_device(user) -> TOTPDevice:
    """The device being enrolled: reused across page loads so the QR code stays the same."""
    _require_self(user)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
            audit.record("identity.otp.enrol_start", device, actor=user)
    return device


def confirm_totp_device(user, device: TOTPDevice, code: str) -> bool:
    """Turn the device on once the user proves the authenticator app shows the right code."""
    _require_self(user)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if device.confirmed:
            return True
        if not device.verify_token(code):
            audit.record("identity.otp.enrol_failed", device, actor=user)
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record("identity.otp.enabled", device, actor=user, after={"confirmed": True})
    return True


def verify_totp(user, code: str) -> TOTPDevice | None:
    """The confirmed device that accepts `code`, or None (each failure is audited)."""
    _require_self(user)
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices.order_by("pk"):
            if device.verify_token(code):
                audit.record("identity.otp.verified", device, actor=user)
                return device
        audit.record("identity.otp.failed", user, actor=user, object_repr=user.get_username())
    return None


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The provisioning URI as an SVG QR code inside a data: URI (CSP allows img-src data:)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=4)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
