"""Counting attempts in the shared cache: fixed windows, atomic increments.

With ``REDIS_URL`` set every web node counts in the same place; the embedded default
counts per process, which is what a single-process demo needs.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the reverse proxy saw (it must overwrite X-Real-IP), else the peer."""
    return address_of(request.META)


def address_of(meta: dict) -> str:
    """``client_address`` from a request's META or a WSGI environ."""
    return meta.get("HTTP_X_REAL_IP") or meta.get("REMOTE_ADDR", "")


def _name(scope: str, key: str) -> str:
    return f"rl:{scope}:{hashlib.sha256(f'{scope}:{key}'.encode()).hexdigest()[:32]}"


def counter_name(scope: str, key: str) -> str:
    """The cache key of a counter, as the cache stores it (for scripts run in Redis)."""
    return caches["default"].make_key(_name(scope, key))


def over_limit(*, scope: str, key: str, limit: int) -> bool:
    """Whether ``key`` has already used up its attempts (without counting one more)."""
    return (cache.get(_name(scope, key)) or 0) >= limit


def _count(name: str, window: int) -> int:
    """Add one to the counter ``name`` (created for ``window`` seconds); its new value."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip instead of three (add, then exists + incr): create the counter at
        # 0 with its expiry only if it is missing, then increment (INCR keeps the expiry).
        key = backend.make_and_validate_key(name)
        client = backend._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=window, nx=True)
            pipe.incr(key)
            return pipe.execute()[1]
    if backend.add(name, 1, timeout=window):
        return 1
    try:
        return backend.incr(name)
    except ValueError:  # expired between add and incr
        backend.add(name, 1, timeout=window)
        return 1


def rate_limited(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt for ``key``; True once more than ``limit`` fall in ``window`` s."""
    return _count(_name(scope, key), window) > limit


def _lookup_limits() -> dict:
    return {
        "limit": settings.MOTCUA_LOOKUP_ATTEMPTS,
        "window": settings.MOTCUA_LOOKUP_WINDOW_SECONDS,
    }


def lookup_counters(address: str, code: str) -> tuple[tuple[str, str], tuple[int, int]]:
    """What ``lookup_refused`` reads, for a script run in Redis: the cache keys of the
    attempts per address and of the failures per code, then the limit and the window."""
    limits = _lookup_limits()
    keys = (counter_name("lookup-ip", address), counter_name("lookup-code", code.strip().upper()))
    return keys, (limits["limit"], limits["window"])


def lookup_refused(request: HttpRequest, code: str) -> bool:
    """A public dossier lookup: every attempt counts per address, failures per code.

    The portal page and the API count in the same place, so neither is a way around
    the other's limit.
    """
    limits = _lookup_limits()
    if rate_limited(scope="lookup-ip", key=client_address(request), **limits):
        return True
    return over_limit(scope="lookup-code", key=code.strip().upper(), limit=limits["limit"])


def lookup_failed(code: str) -> None:
    """Count a failed lookup against the dossier code."""
    rate_limited(scope="lookup-code", key=code.strip().upper(), **_lookup_limits())


# Feedback lookups: the window of MOTCUA_FEEDBACK_LOOKUP_ATTEMPTS (portal page and API).
FEEDBACK_LOOKUP_WINDOW = 15 * 60


def feedback_lookup_refused(request: HttpRequest) -> bool:
    return rate_limited(
        scope="feedback-lookup",
        key=client_address(request),
        limit=settings.MOTCUA_FEEDBACK_LOOKUP_ATTEMPTS,
        window=FEEDBACK_LOOKUP_WINDOW,
    )
