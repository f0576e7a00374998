"""Reads of accounts: which integration a token belongs to, what a login still needs."""

import hmac
from typing import Literal

from django_otp import user_has_device

from motcua.accounts.models import ApiToken, User
from motcua.accounts.permissions import may_use_second_factor, second_factor_required
from motcua.accounts.services import TOKEN_PREFIX, token_digest


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The active token whose text is ``raw``, else None (the same for any mistake)."""
    prefix, _, rest = raw.strip().partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != TOKEN_PREFIX or len(raw) > 200 or not secret.isprintable():
        return None
    if not (key_id.isascii() and key_id.isalnum()):
        return None
    token = (
        ApiToken.objects.select_related("agency__unit", "user__agency")
        .filter(key_id=key_id, revoked_at__isnull=True)
        .first()
    )
    given = token_digest(secret).encode()
    if token is None:
        hmac.compare_digest(given, b"0" * len(given))  # spend the same time
        return None
    if not hmac.compare_digest(given, token.digest.encode()):
        return None
    if token.user is not None and not (token.user.is_active and token.user.is_staff_member):
        return None  # the account it acts for left or changed role
    return token


def second_factor_step(user: User) -> Literal["verify", "enrol"] | None:
    """What a logged-in person must still do before staff pages open, if anything.

    ``verify``: enter a code (they have an app, and this session has not passed it);
    ``enrol``: set up an app (their account requires one and has none).
    """
    if not may_use_second_factor(user) or getattr(user, "otp_device", None) is not None:
        return None
    if user_has_device(user, confirmed=True):
        return "verify"
    return "enrol" if second_factor_required(user) else None
