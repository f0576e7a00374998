"""Logging in with the second factor in tests: a real app (TOTP device), a real code.

``login_verified(client, user)`` is what an administrator's test session needs: the
password step (``force_login``) and the code step, marked by django-otp's own
``otp_login`` on a confirmed device, exactly as the verify page does.
"""

import time
from binascii import unhexlify
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest
from django.test import Client
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User


def totp_device(user: User) -> TOTPDevice:
    """The user's confirmed app, set up if missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="totp", confirmed=True)


def totp_code(device: TOTPDevice, *, step: int | None = None) -> str:
    """The code the app shows now (or at ``step``), as the person would type it.

    A code is accepted once: when this step's code was used, the next step's code is
    given, which the device also accepts (one step of tolerance).
    """
    device.refresh_from_db()
    totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if step is None:
        step = max(totp.t(), device.last_t + 1)
    totp.drift = 0
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def login_verified(client: Client, user: User) -> TOTPDevice:
    """Log ``client`` in as ``user`` with both factors passed; returns the app used."""
    client.force_login(user)
    device = totp_device(user)
    engine = import_module(settings.SESSION_ENGINE)
    request = HttpRequest()
    request.session = engine.SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    request.user = user
    otp_login(request, device)
    request.session.save()
    return device
