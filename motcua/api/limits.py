"""How many requests an API client may make: per token, per account, else per address.

Counted with the one mechanism of ``motcua.core.ratelimit`` (the shared cache), so every
web node counts in the same place when ``REDIS_URL`` is set.
"""

from django.conf import settings
from django.http import HttpRequest

from motcua.accounts.models import ApiToken, User
from motcua.core.ratelimit import client_address, counter_name, rate_limited


def client_key(
    request: HttpRequest, *, token: ApiToken | None = None, user: User | None = None
) -> tuple[str, int]:
    """Who is counted, and how many requests they get per window."""
    if token is not None:
        return f"token:{token.key_id}", settings.MOTCUA_API_REQUESTS_TOKEN
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}", settings.MOTCUA_API_REQUESTS_TOKEN
    return _anonymous(client_address(request)), settings.MOTCUA_API_REQUESTS_ANONYMOUS


def _anonymous(address: str) -> str:
    return f"ip:{address}"


def anonymous_counter(address: str) -> tuple[str, tuple[int, int]]:
    """What ``api_rate_limited`` counts for a caller without token or session, for a
    script run in Redis: the counter's cache key, then the limit and the window."""
    limits = (settings.MOTCUA_API_REQUESTS_ANONYMOUS, settings.MOTCUA_API_WINDOW_SECONDS)
    return counter_name("api", _anonymous(address)), limits


def api_rate_limited(
    request: HttpRequest, *, token: ApiToken | None = None, user: User | None = None
) -> bool:
    """Count this request; True when the client is over its limit for the window."""
    key, limit = client_key(request, token=token, user=user)
    return rate_limited(
        scope="api", key=key, limit=limit, window=settings.MOTCUA_API_WINDOW_SECONDS
    )


def retry_after() -> int:
    return settings.MOTCUA_API_WINDOW_SECONDS
