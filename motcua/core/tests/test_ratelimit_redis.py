"""The rate limiter against a real Redis (the production cache backend), when one is
reachable."""

import time

import pytest

from motcua.core.ratelimit import over_limit, rate_limited
from motcua.core.tests.redis import redis_cache_at

REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def redis_cache(settings):
    yield from redis_cache_at(settings, REDIS_URL)


def test_counts_in_redis_and_refuses_over_the_limit(redis_cache):
    results = [rate_limited(scope="t", key="203.0.113.7", limit=3, window=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert over_limit(scope="t", key="203.0.113.7", limit=3)
    assert not over_limit(scope="t", key="198.51.100.1", limit=3)


def test_the_window_expires(redis_cache):
    assert not rate_limited(scope="w", key="k", limit=1, window=1)
    assert rate_limited(scope="w", key="k", limit=1, window=1)
    time.sleep(1.2)
    assert not rate_limited(scope="w", key="k", limit=1, window=1)


def test_a_zero_limit_refuses_at_once(redis_cache):
    assert rate_limited(scope="z", key="k", limit=0, window=60)


def test_the_backend_keeps_one_client_per_server(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client("some key", write=True) is client
    redis_cache.set("kept", {"a": 1}, 30)
    assert redis_cache.get("kept") == {"a": 1}
    assert redis_cache.add("n", 1)
    assert redis_cache.incr("n") == 2
