"""The public view of a dossier, cached until the dossier changes, and the rendered answers.

The lookup is what citizens and portals poll most; its answer changes only when the
dossier does, and every change goes through ``dossier_transition``, which forgets what is
cached at once and again after its commit. A time limit (``MOTCUA_LOOKUP_CACHE_SECONDS``)
bounds any other staleness (a change made outside the application, answers rendered by
the previous release after an upgrade). Two things are kept:

- the public view per code and language: the lookup view answers from it without the
  database; the entry keeps the lookup keys, so it is given only for the right secret;
- with Redis, the whole rendered answer Django gave to an anonymous API lookup:
  ``motcua.api.lookup_answers`` serves it again before Django, counting the same rate
  limits in the same script. Its name is a keyed hash of everything the answer depends on
  (the query with the secret, host, scheme, language), and it is only ever written from a
  200, so only the right secret finds one.

With Redis both live in one hash per code (views under ``view:<language>``), and each code
has a generation: a fresh random stamp written by every forget, in the same transaction
that deletes the hash. A reader takes the stamp before it reads the dossier and stores
only if the stamp is still the same, so nothing read before a change is stored after the
change forgot the old entries (a reader between the forget inside the transaction and the
commit would otherwise put the old view back). The stamp never repeats, so a generation
that expired in between cannot match by chance. Without Redis (one process: the demo, the
tests) the view is a plain cache entry, forgotten the same two times.

Redis being away never stops a change or a lookup: the errors are logged, and at worst an
entry lives until its time limit.
"""

import json
import logging
import pickle  # noqa: S403 - our own entries in our own Redis, as Django's cache pickles
import secrets

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

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
# KEYS: the code's hash, generation. ARGV: the stamp read before, field, value, seconds.
# The time limit runs from the first entry kept, not from the latest.
STORE = """
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return 1
"""
_scripts: dict[str, object] = {}


def _key(code: str, language: str) -> str:
    return f"motcua:public-view:{code}:{language}"


def _view_field(language: str) -> str:
    return f"view:{language}"


def public_view_get(*, code: str, language: str) -> tuple[dict | None, bytes | None]:
    """The cached view (or None), and the stamp to hand back to ``public_view_set``: take
    it before reading the dossier."""
    backend = redis_cache()
    if backend is None:
        return cache.get(_key(code, language)), None
    if settings.MOTCUA_LOOKUP_CACHE_SECONDS <= 0:
        return None, None
    answers, generation = _answer_keys(backend, code)
    try:
        with backend._cache.get_client(write=True).pipeline(transaction=False) as pipe:
            pipe.get(generation)
            pipe.hget(answers, _view_field(language))
            stamp, entry = pipe.execute()
    except RedisError:
        logger.warning("public view cache unavailable", exc_info=True)
        return None, None
    return (pickle.loads(entry) if entry else None), stamp or b"0"  # noqa: S301


def public_view_set(
    *, code: str, language: str, keys: tuple[str, str], view: dict, stamp: bytes | None
) -> None:
    entry = {"keys": keys, "view": view}
    backend = redis_cache()
    if backend is None:
        cache.set(_key(code, language), entry, settings.MOTCUA_LOOKUP_CACHE_SECONDS)
    elif stamp is not None:
        try:
            _store(backend, code, stamp, _view_field(language), pickle.dumps(entry))
        except RedisError:
            logger.warning("public view not kept", exc_info=True)


def public_view_forget(*, code: str) -> None:
    _forget(code)
    transaction.on_commit(lambda: _forget(code))


def _forget(code: str) -> None:
    backend = redis_cache()
    if backend is None:
        cache.delete_many([_key(code, language) for language in LANGUAGES])
        return
    answers, generation = _answer_keys(backend, code)
    seconds = max(settings.MOTCUA_LOOKUP_CACHE_SECONDS, 0) + GENERATION_MARGIN
    try:
        with backend._cache.get_client(write=True).pipeline(transaction=True) as pipe:
            pipe.set(generation, secrets.token_hex(8), ex=seconds)
            pipe.delete(answers)
            pipe.execute()
    except RedisError:
        logger.warning("public view of %s not forgotten", code, exc_info=True)


def _store(backend: RedisCache, code: str, stamp: bytes, field: str, value: bytes) -> bool:
    """Keep ``value`` under ``field`` of the code's hash unless it was forgotten since
    ``stamp`` was read."""
    client = backend._cache.get_client(write=True)
    answers, generation = _answer_keys(backend, code)
    seconds = settings.MOTCUA_LOOKUP_CACHE_SECONDS
    stored = _script(client, "store", STORE)(
        keys=[answers, generation], args=[stamp, field, value, seconds], client=client
    )
    return bool(stored)


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
    value = json.dumps([status, headers], ensure_ascii=False).encode() + b"\n" + body
    return _store(redis_cache(), code, generation, field, value)
