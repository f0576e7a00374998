"""Tests against a real Redis (the production cache), when one is reachable."""

import socket
from collections.abc import Iterator

import pytest
from django.core.cache import caches


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def redis_cache_at(settings, url: str) -> Iterator:
    """The default cache on Redis at ``url`` (the production backend), emptied before and
    after; skips the test when no Redis answers (.ci/run starts one)."""
    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379 (.ci/run starts it)")
    settings.CACHES = {"default": {"BACKEND": "motcua.core.cache.RedisCache", "LOCATION": url}}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()
