"""Who is calling the API: an integration's token, a logged-in browser, or anyone.

Every operation resolves the caller to a ``Caller``; rules about what a caller may do are
asked of it (``may_write``, ``acting_user``) so that no endpoint reads the token itself.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.throttling import BaseThrottle

from motcua.accounts.models import ApiToken, User
from motcua.accounts.selectors import api_token_authenticate
from motcua.accounts.services import api_token_touch
from motcua.api.limits import api_rate_limited, retry_after
from motcua.core.ratelimit import client_address
from motcua.organization.models import Agency


@dataclass(frozen=True)
class Caller:
    """The resolved caller. ``user`` is whom the caller acts as, if anyone."""

    user: User | None = None
    token: ApiToken | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user is None and self.token is None

    @property
    def may_write(self) -> bool:
        return self.token.can_write if self.token is not None else self.user is not None

    @property
    def agency(self) -> Agency | None:
        """The agency the caller is limited to (None: not limited, or not staff)."""
        if self.token is not None:
            return self.token.agency
        return self.user.agency if self.user is not None and self.user.is_staff_member else None

    @property
    def is_staff(self) -> bool:
        return self.user is not None and self.user.is_staff_member

    @property
    def citizen(self) -> User | None:
        """The citizen account behind a browser session (never behind a token)."""
        if self.token is None and self.user is not None and not self.user.is_staff_member:
            return self.user
        return None

    @property
    def key(self) -> str:
        """Who this is, for scoping idempotency keys."""
        if self.token is not None:
            return f"token:{self.token.key_id}"
        return f"user:{self.user.pk}" if self.user is not None else "anonymous"


def caller_of(request: HttpRequest) -> Caller:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, Caller) else Caller()


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mc_…``: an API token made by an administrator."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = api_token_authenticate(raw=token)
        if found is None:
            # A token was given and is wrong: say so rather than serve as anonymous.
            raise AuthenticationError(message=_("The API token is not valid or was revoked."))
        api_token_touch(token=found, address=client_address(request))
        return Caller(user=found.user, token=found)


class SessionAuth(APIKeyCookie):
    """The browser's session cookie (with Django's CSRF check on writes)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None  # no session: a program, told to authenticate, not about CSRF
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = request.user
        if user.is_authenticated and user.is_active:
            return Caller(user=user)
        return None


def anonymous(request: HttpRequest) -> Caller:
    """Last in the list of an operation open to everyone: nobody in particular."""
    return Caller()


token_auth = TokenAuth()
session_auth = SessionAuth()
# Operations that need someone, and operations open to anyone (who may still identify).
SIGNED_IN = [token_auth, session_auth]
ANYONE = [token_auth, session_auth, anonymous]


class CallerThrottle(BaseThrottle):
    """Requests per window for the caller (token, account, else client address)."""

    def allow_request(self, request: HttpRequest) -> bool:
        caller = caller_of(request)
        return not api_rate_limited(request, token=caller.token, user=caller.user)

    def wait(self) -> float:
        return float(retry_after())


def require_write(caller: Caller) -> None:
    if not caller.may_write:
        raise HttpError(403, _("This API token may only read."))


def require_staff(caller: Caller) -> None:
    """Staff data: a member of staff, or an integration's token (limited to its agency)."""
    if caller.token is None and not caller.is_staff:
        raise HttpError(403, _("Only staff and integrations with a token may see this."))


def require_actor(caller: Caller) -> User:
    """Changing a dossier needs a person whose role the rules check."""
    require_write(caller)
    if caller.user is None or not caller.user.is_staff_member:
        raise HttpError(
            403, _("This token acts for no member of staff, so it cannot change dossiers.")
        )
    return caller.user
