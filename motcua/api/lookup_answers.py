"""The public lookup of the API answered again before Django, from the answer Django gave.

``GET /api/v1/lookup/{code}?secret=…`` is what portals, apps and citizens poll most, and
its answer changes only when the dossier does. Django's whole stack costs far more than
the answer (sessions, language, security headers, the throttle, the view): measured with
wrk, ~0.06 × a bare Django view even when the view reads nothing from the database. This
WSGI layer keeps the answer Django rendered for an anonymous lookup, status, headers and
body, and serves it again in one Redis script that also counts the request against the
same limits the API's throttle and the lookup view count (and refuses nothing itself:
over a limit, Django answers and counts). What it keeps and when it forgets is in
``motcua.dossiers.public_cache``.

Taken here only when nothing could make Django answer otherwise: a GET of exactly that
path with exactly one ``secret`` parameter, no ``Authorization`` header and no session
cookie. Everything else an answer depends on (the query, host, scheme and proxy header,
``Accept-Language`` and the language cookie) goes into the keyed hash that names the
answer, so a host Django refuses or another language never finds another's answer. Any
Redis error, and every other request, goes to Django unchanged.

``config/wsgi.py`` puts the layer around the application; it is inert unless the cache
is Redis and ``MOTCUA_LOOKUP_CACHE_SECONDS`` is above 0.
"""

import hashlib
import hmac
import logging
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple
from urllib.parse import parse_qsl

from django.conf import settings
from django.http.cookie import parse_cookie
from redis.exceptions import RedisError

from motcua.api.limits import anonymous_counter
from motcua.core.ratelimit import address_of, lookup_counters
from motcua.dossiers.public_cache import answer_find, answer_store, answers_enabled

logger = logging.getLogger(__name__)

PATH = re.compile(r"/api/v1/lookup/([A-Za-z0-9][A-Za-z0-9._-]{0,39})")
MAX_SECRET = 16  # as the view's query schema allows


class Question(NamedTuple):
    """An anonymous lookup this layer may answer: the code, the field naming its answer,
    the client's address."""

    code: str
    field: str
    address: str


def _hash_key() -> bytes:
    return hashlib.sha256(b"motcua-lookup-answers:" + settings.SECRET_KEY.encode()).digest()


def question_of(environ: dict) -> Question | None:
    if environ.get("REQUEST_METHOD") != "GET" or "HTTP_AUTHORIZATION" in environ:
        return None
    match = PATH.fullmatch(environ.get("PATH_INFO", ""))
    if match is None:
        return None
    query = environ.get("QUERY_STRING", "")
    pairs = parse_qsl(query, keep_blank_values=True)
    if len(pairs) != 1 or pairs[0][0] != "secret" or not 0 < len(pairs[0][1]) <= MAX_SECRET:
        return None
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    if settings.SESSION_COOKIE_NAME in cookies:
        return None
    proxy_header = (settings.SECURE_PROXY_SSL_HEADER or ("",))[0]
    variant = "\0".join(
        (
            match[1],
            query,
            environ.get("HTTP_HOST", ""),
            environ.get("HTTP_X_FORWARDED_HOST", ""),
            environ.get("SERVER_NAME", ""),
            environ.get("SERVER_PORT", ""),
            environ.get("wsgi.url_scheme", ""),
            environ.get(proxy_header, "") if proxy_header else "",
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            cookies.get(settings.LANGUAGE_COOKIE_NAME, ""),
        )
    )
    field = hmac.new(_hash_key(), variant.encode("utf-8", "surrogateescape"), "sha256")
    return Question(match[1].upper(), field.hexdigest()[:40], address_of(environ))


def _counted(question: Question) -> tuple[tuple[str, str, str], tuple[int, int, int, int]]:
    """The counters Django would raise for this request, and their limits and windows:
    the API's per address, the lookup's per address, the code's failures."""
    api, (api_limit, api_window) = anonymous_counter(question.address)
    (by_address, by_code), (limit, window) = lookup_counters(question.address, question.code)
    return (api, by_address, by_code), (api_limit, api_window, limit, window)


class LookupAnswers:
    """WSGI layer: a kept answer for an anonymous lookup, else Django (whose 200 is kept)."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        question = question_of(environ) if answers_enabled() else None
        if question is None:
            return self.app(environ, start_response)
        try:
            counters, limits = _counted(question)
            kept, generation = answer_find(
                code=question.code, field=question.field, counters=counters, limits=limits
            )
        except RedisError:
            logger.warning("lookup answers unavailable", exc_info=True)
            return self.app(environ, start_response)
        if kept is not None:
            status, headers, body = kept
            start_response(status, headers)
            return [body]
        return self._keep(question, generation, environ, start_response)

    def _keep(self, question: Question, generation: bytes, environ, start_response):
        given = {}

        def capture(status, headers, exc_info=None):
            given["status"], given["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        headers = given.get("headers") or []
        if not given.get("status", "").startswith("200 ") or any(
            name.lower() == "set-cookie" for name, _value in headers
        ):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        try:
            answer_store(
                code=question.code,
                field=question.field,
                generation=generation,
                status=given["status"],
                headers=[list(pair) for pair in headers],
                body=body,
            )
        except RedisError:
            logger.warning("lookup answer not kept", exc_info=True)
        return [body]
