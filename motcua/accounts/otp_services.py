"""The second login factor of staff: a TOTP app on a phone, and one-time recovery codes.

The devices are django-otp's (``TOTPDevice``, ``StaticDevice``); these functions are the
only place that makes, checks or removes them. A person has at most one app and one set
of recovery codes; enrolling again replaces both.
"""

import logging
import math
import time
from base64 import b32encode
from binascii import unhexlify

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from motcua.accounts.models import User
from motcua.accounts.permissions import may_use_second_factor, second_factor_required
from motcua.core.errors import DomainError

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6


class CodeRefused(DomainError):
    code = "code_refused"
    message = gettext_lazy(
        "The code is not right. Check that the time on your phone is correct and enter the "
        "code the app shows now, or a recovery code."
    )


class CodePaused(DomainError):
    code = "code_paused"
    message = gettext_lazy(
        "Too many wrong codes: checking is paused for a moment. Wait %(seconds)s seconds, "
        "then enter the new code."
    )


class SecondFactorNotAllowed(DomainError):
    code = "second_factor_not_allowed"
    message = gettext_lazy("Only members of staff log in with a code.")


class SecondFactorNotSetUp(DomainError):
    code = "second_factor_not_set_up"
    message = gettext_lazy("Set up two-step login first: recovery codes go with an app.")


class SecondFactorStillRequired(DomainError):
    code = "second_factor_still_required"
    message = gettext_lazy(
        "Your account must keep a second factor. To change phones, set up the new one: it "
        "replaces the old one."
    )


def totp_key_new() -> str:
    """A fresh secret for an app being set up (hex, 20 bytes, as django-otp keeps it)."""
    return random_hex(20)


def totp_key_text(key: str) -> str:
    """The secret as the apps take it typed in: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_config_url(*, user: User, key: str) -> str:
    """The ``otpauth://`` address an app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _totp_step(key: str, code: str) -> int | None:
    """The time step ``code`` belongs to (within one step of now), else None."""
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        return None
    totp = TOTP(unhexlify(key), digits=TOTP_DIGITS)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


@transaction.atomic
def totp_enrol(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm an app with its first code; it replaces any earlier app and recovery codes.

    Returns the device and the new recovery codes, which are shown once.
    """
    if not may_use_second_factor(user):
        raise SecondFactorNotAllowed
    step = _totp_step(key, _clean(code))
    if step is None:
        raise CodeRefused
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="totp", key=key, confirmed=True, last_t=step)
    codes = recovery_codes_renew(user=user)
    logger.info("Second factor set up for %s", user.get_username())
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """A new set of one-time recovery codes; the earlier set stops working."""
    if not may_use_second_factor(user):
        raise SecondFactorNotAllowed
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise SecondFactorNotSetUp
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    logger.info("Recovery codes renewed for %s", user.get_username())
    return codes


def second_factor_verify(*, user: User, code: str) -> Device:
    """The device that accepts ``code``: the app for six digits, else the recovery codes.

    Only that one device is tried, so a wrong code never slows down the other. Each
    device pauses after a wrong code (twice as long each time) until a right one.
    """
    code = _clean(code)
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            raise CodeRefused
        allowed, extra = device.verify_is_allowed()
        if not allowed:
            wait = extra.get("locked_until", timezone.now()) - timezone.now()
            raise CodePaused(seconds=max(1, math.ceil(wait.total_seconds())))
        verified = device.verify_token(code)
    if not verified:
        raise CodeRefused
    logger.info("Second factor passed by %s (%s)", user.get_username(), device.name)
    return device


@transaction.atomic
def second_factor_remove(*, user: User, by: User | None = None, force: bool = False) -> int:
    """Remove the app and recovery codes; how many devices were removed.

    People whose account requires a second factor cannot remove their own (they replace
    it); an administrator or the ``otp_remove`` command does it with ``force`` when the
    phone is lost, and the person sets up a new one at the next login.
    """
    if not force and second_factor_required(user):
        raise SecondFactorStillRequired
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    logger.info("Second factor of %s removed by %s", user.get_username(), by or "a command")
    return removed


@transaction.atomic
def demo_second_factor_ensure(*, user: User) -> tuple[TOTPDevice, list[str]]:
    """The demo administrator's app and recovery codes, made once and printed each time."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
        recovery_codes_renew(user=user)
    static = StaticDevice.objects.filter(user=user).first()
    codes = list(static.token_set.values_list("token", flat=True)) if static else []
    return device, codes
