"""The public view of a dossier, cached until the dossier changes, and the rendered answers.

The lookup is what citizens and portals poll most; its answer changes only when the
dossier does, and every change goes through ``dossier_transition``, which forgets what is
cached at once and again after its commit (a reader between the two would otherwise put
the old view back). A time limit (``MOTCUA_LOOKUP_CACHE_SECONDS``) bounds any other
staleness. Two things are kept:

- the public view per code and language (any cache): the lookup view answers from it
  without the database; the entry keeps the lookup keys, so it is given only for the
  right secret;
- with Redis, the whole rendered answer Django gave to an anonymous API lookup, per code
  in one Redis hash whose fields are a keyed hash of everything the answer depends on
  (the query with the secret, host, scheme, language): ``motcua.api.lookup_answers``
  serves it again before Django, counting the same rate limits in the same script. A
  field is only ever written from a 200, so only the right secret finds one. Each code
  also has a generation, raised by every forget: an answer is stored only if the
  generation is the one read before Django read the dossier, so an answer computed from
  the row before a change is never stored after the change forgot the old ones.
"""

import json

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# How long a generation outlives the answers it guards.
GENERATION_MARGIN = 60

# KEYS: answers, generation, API counter, lookup counter per address, failures per code.
# ARGV: field, API limit, API window, lookup limit, lookup window.
# As the API's throttle and the lookup view count (count one, refuse over the limit; a
# code refused once it has ``limit`` failures): an answer only when every limit allows
# it, the two counters raised only then; otherwise Django answers, and counts, itself.
FIND = """
local answer = redis.call('HGET', KEYS[1], ARGV[1])
if not answer then return {0, redis.call('GET', KEYS[2]) or '0'} end
local counts = redis.call('MGET', KEYS[3], KEYS[4], KEYS[5])
local lookups = tonumber(ARGV[4])
if tonumber(counts[3] or '0') >= lookups
    or tonumber(counts[1] or '0') >= tonumber(ARGV[2])
    or tonumber(counts[2] or '0') >= lookups then
  return {0, redis.call('GET', KEYS[2]) or '0'}
end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[3]) end
if redis.call('INCR', KEYS[4]) == 1 then redis.call('EXPIRE', KEYS[4], ARGV[5]) end
return {1, answer}
"""
# KEYS: answers, generation. ARGV: the generation read before, field, answer, seconds.
# The time limit runs from the first answer kept, not from the latest.
STORE = """
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return 1
"""
_scripts: dict[str, object] = {}


def _key(code: str, language: str) -> str:
    return f"motcua:public-view:{code}:{language}"


def public_view_get(*, code: str, language: str) -> dict | None:
    return cache.get(_key(code, language))


def public_view_set(*, code: str, language: str, keys: tuple[str, str], view: dict) -> None:
    entry = {"keys": keys, "view": view}
    cache.set(_key(code, language), entry, settings.MOTCUA_LOOKUP_CACHE_SECONDS)


def public_view_forget(*, code: str) -> None:
    _forget(code)
    transaction.on_commit(lambda: _forget(code))


def _forget(code: str) -> None:
    views = [_key(code, language) for language in LANGUAGES]
    backend = redis_cache()
    if backend is None:
        cache.delete_many(views)
        return
    client = backend._cache.get_client(write=True)
    answers, generation = _answer_keys(backend, code)
    with client.pipeline(transaction=False) as pipe:
        pipe.delete(*(backend.make_key(view) for view in views), answers)
        pipe.incr(generation)
        pipe.expire(generation, settings.MOTCUA_LOOKUP_CACHE_SECONDS + GENERATION_MARGIN)
        pipe.execute()


# --- Rendered answers (Redis only) ------------------------------------------------------


def redis_cache() -> RedisCache | None:
    """The default cache when it is Redis (the production cache), else None."""
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def answers_enabled() -> bool:
    return settings.MOTCUA_LOOKUP_CACHE_SECONDS > 0 and redis_cache() is not None


def _answer_keys(backend: RedisCache, code: str) -> tuple[str, str]:
    code = code.upper()
    return (
        backend.make_key(f"motcua:lookup-answers:{code}"),
        backend.make_key(f"motcua:lookup-generation:{code}"),
    )


def _script(client, name: str, source: str):
    if name not in _scripts:
        _scripts[name] = client.register_script(source)
    return _scripts[name]


def answer_find(
    *, code: str, field: str, counters: tuple[str, str, str], limits: tuple[int, int, int, int]
) -> tuple[tuple[str, list, bytes] | None, bytes]:
    """The answer kept for ``field``, if every limit allows one more (then counted), and
    the code's generation. ``counters``: the API's, the lookup's per address, the code's
    failures; ``limits``: API limit and window, lookup limit and window."""
    backend = redis_cache()
    client = backend._cache.get_client(write=True)
    answers, generation = _answer_keys(backend, code)
    found, value = _script(client, "find", FIND)(
        keys=[answers, generation, *counters], args=[field, *limits], client=client
    )
    if not found:
        return None, value
    head, _newline, body = value.partition(b"\n")
    status, headers = json.loads(head)
    return (status, [tuple(pair) for pair in headers], body), b""


def answer_store(
    *, code: str, field: str, generation: bytes, status: str, headers: list, body: bytes
) -> bool:
    """Keep Django's answer for ``field`` unless the dossier changed since ``generation``."""
    backend = redis_cache()
    client = backend._cache.get_client(write=True)
    answers, generation_key = _answer_keys(backend, code)
    value = json.dumps([status, headers], ensure_ascii=False).encode() + b"\n" + body
    seconds = settings.MOTCUA_LOOKUP_CACHE_SECONDS
    stored = _script(client, "store", STORE)(
        keys=[answers, generation_key], args=[generation, field, value, seconds], client=client
    )
    return bool(stored)
