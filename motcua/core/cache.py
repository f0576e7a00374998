"""Django's Redis cache, keeping one Redis client per server instead of one per call.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache operation, and
building one fills a table of some eighty reply handlers: about 0.1 ms each time, while a
public lookup makes about ten cache calls (rate limits, the session, the public view). A
``redis.Redis`` is safe to share between threads (its connection pool hands each command
a connection), so one is kept per connection pool. ``REDIS_URL`` selects this backend.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
