"""Helpers for identity tests: signing in through the real page, TOTP devices and codes."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chinhquyenso.core.testing import DEFAULT_PASSWORD


def sign_in(client, identifier: str, password: str = DEFAULT_PASSWORD, **extra):
    return client.post(
        reverse("identity:login"), {"username": identifier, "password": password, **extra}
    )


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(code).zfill(device.digits)


def wrong_code(device: TOTPDevice) -> str:
    """A code no step in the device's tolerance window accepts."""
    valid = {
        str(
            totp(device.bin_key, device.step, device.t0, device.digits, device.drift + shift)
        ).zfill(device.digits)
        for shift in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def verify_session(client, device: TOTPDevice) -> None:
    """Mark the client's session as having passed the second factor with `device`."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
