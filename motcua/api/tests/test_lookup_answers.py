"""Answers to anonymous API lookups served again before Django (motcua/api/lookup_answers.py).

Through the real WSGI application and a real Redis: what is served again is exactly what
Django answered, for exactly the same question, counted against the same limits, and
forgotten when the dossier changes.
"""

import io
import json
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from motcua.api.lookup_answers import LookupAnswers
from motcua.core.tests.redis import redis_cache_at
from motcua.dossiers.public_cache import (
    _answer_keys,
    answer_find,
    answer_store,
    public_view_get,
    public_view_set,
    redis_cache,
)
from motcua.dossiers.services import dossier_request_supplement
from motcua.dossiers.tests.factories import received, submitted

REDIS_URL = "redis://127.0.0.1:6379/13"
LOOKUP = "/api/v1/lookup"


@pytest.fixture
def app(settings, db):
    """The WSGI application as config/wsgi.py builds it, on the Redis cache.

    As Django's test client does, the database connection is not closed at the end of
    each request (it holds the test's transaction).
    """
    settings.MOTCUA_LOOKUP_CACHE_SECONDS = 300
    cache = redis_cache_at(settings, REDIS_URL)
    next(cache)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield LookupAnswers(WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        next(cache, None)


class Answer:
    def __init__(self, status: str, headers: list, body: bytes, django: bool, queries: int):
        self.status_code = int(status.split()[0])
        self.headers = headers
        self.body = body
        self.django = django  # whether Django handled the request
        self.queries = queries

    def json(self):
        return json.loads(self.body)


def call(app, path: str, query: str = "", **extra) -> Answer:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "203.0.113.5",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **extra,
    }
    given = {}
    started = []

    def start_response(status, headers, exc_info=None):
        given["status"], given["headers"] = status, list(headers)

    def django_started(**kwargs):
        started.append(kwargs)

    request_started.connect(django_started)
    try:
        with CaptureQueriesContext(connection) as captured:
            result = app(environ, start_response)
            body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.disconnect(django_started)
    return Answer(
        given["status"], given["headers"], body, bool(started), len(captured.captured_queries)
    )


def look(app, dossier, secret: str | None = None, **extra) -> Answer:
    secret = dossier.lookup_secret if secret is None else secret
    return call(app, f"{LOOKUP}/{dossier.code}", f"secret={secret}", **extra)


def counter(scope: str, key: str) -> int:
    from motcua.core.ratelimit import counter_name

    client = redis_cache()._cache.get_client(write=True)
    return int(client.get(counter_name(scope, key)) or 0)


def test_the_second_lookup_is_djangos_answer_again_without_django(app, world):
    dossier = received(world)
    first = look(app, dossier)
    assert first.status_code == 200 and first.django
    again = look(app, dossier)
    assert not again.django and again.queries == 0
    assert (again.status_code, again.headers, again.body) == (
        first.status_code,
        first.headers,
        first.body,
    )
    assert again.json()["code"] == dossier.code
    # Counted as Django counts: the API's throttle and the lookup's limit per address.
    assert counter("api", "ip:203.0.113.5") == 2
    assert counter("lookup-ip", "203.0.113.5") == 2


def test_a_change_of_the_dossier_is_in_the_next_answer(app, world):
    dossier = submitted(world)
    assert look(app, dossier).json()["asked"] is None
    look(app, dossier)
    dossier_request_supplement(
        actor=world.clerk, dossier=dossier, missing=["Sổ hộ khẩu"], reason="Thiếu giấy tờ"
    )
    changed = look(app, dossier)
    assert changed.django
    assert changed.json()["asked"]["missing"] == ["Sổ hộ khẩu"]
    again = look(app, dossier)
    assert not again.django and again.body == changed.body


def test_an_answer_computed_before_a_change_is_not_kept_after_it(app, world):
    dossier = submitted(world)
    kept, generation = answer_find(
        code=dossier.code,
        field="f" * 40,
        counters=("c1", "c2", "c3"),
        limits=(100, 60, 100, 60),
    )
    assert kept is None
    dossier_request_supplement(
        actor=world.clerk, dossier=dossier, missing=["Sổ hộ khẩu"], reason="Thiếu giấy tờ"
    )
    old = {"status": "200 OK", "headers": [["Content-Type", "application/json"]], "body": b"{}"}
    assert not answer_store(code=dossier.code, field="f" * 40, generation=generation, **old)
    answers, _generation = _answer_keys(redis_cache(), dossier.code)
    assert not redis_cache()._cache.get_client().exists(answers)


def test_a_view_read_before_a_change_is_not_kept_to_be_served_after_it(app, world):
    """A reader takes the stamp and reads the dossier while a change is being committed;
    the change forgets (inside its transaction and after the commit); the reader's old
    view must not be kept, or the next lookup would be answered, and kept, from it."""
    dossier = submitted(world)
    _view, stamp = public_view_get(code=dossier.code, language="vi")
    old_view = look(app, dossier).json()  # what the reader read before the change
    dossier_request_supplement(
        actor=world.clerk, dossier=dossier, missing=["Sổ hộ khẩu"], reason="Thiếu giấy tờ"
    )
    keys = (dossier.lookup_secret, "5678")
    public_view_set(code=dossier.code, language="vi", keys=keys, view=old_view, stamp=stamp)
    assert public_view_get(code=dossier.code, language="vi")[0] is None
    after = look(app, dossier)
    assert after.django and after.json()["asked"]["missing"] == ["Sổ hộ khẩu"]
    assert look(app, dossier).body == after.body


def test_without_redis_changes_and_lookups_go_on(settings, world, db):
    """Redis away: a change still commits (forgetting what is cached is logged, not
    raised), and the view cache steps aside."""
    settings.CACHES = {
        "default": {"BACKEND": "motcua.core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.MOTCUA_LOOKUP_CACHE_SECONDS = 300
    dossier = submitted(world)
    assert public_view_get(code=dossier.code, language="vi") == (None, None)
    before = dossier.revision
    dossier_request_supplement(
        actor=world.clerk, dossier=dossier, missing=["Sổ hộ khẩu"], reason="Thiếu giấy tờ"
    )
    dossier.refresh_from_db()
    assert dossier.revision == before + 1


def test_a_wrong_secret_is_never_kept_and_always_counted(app, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    assert look(app, dossier).status_code == 200
    wrong = [look(app, dossier, "WRONG123", REMOTE_ADDR=f"198.51.100.{n}") for n in range(4)]
    assert [answer.status_code for answer in wrong] == [404, 404, 404, 429]
    assert all(answer.django for answer in wrong)
    # The code is locked: even the right secret, whose answer is kept, is refused now.
    locked = look(app, dossier, REMOTE_ADDR="198.51.100.200")
    assert locked.status_code == 429


def test_over_the_address_limit_django_refuses(app, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    statuses = [look(app, dossier).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert counter("lookup-ip", "203.0.113.5") == 4  # the refused one counted by Django


def test_over_the_api_limit_django_refuses(app, world, settings):
    settings.MOTCUA_API_REQUESTS_ANONYMOUS = 2
    dossier = received(world)
    statuses = [look(app, dossier).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_each_language_host_and_caller_has_its_own_answer(app, world):
    dossier = received(world)
    vietnamese = look(app, dossier)
    assert vietnamese.json()["status_label"] == "Tiếp nhận"
    english = look(app, dossier, HTTP_ACCEPT_LANGUAGE="en")
    assert english.django and english.json()["status_label"] == "Received"
    assert not look(app, dossier, HTTP_ACCEPT_LANGUAGE="en").django
    by_cookie = look(app, dossier, HTTP_COOKIE="motcua_language=en")
    assert by_cookie.django and by_cookie.json()["status_label"] == "Received"
    # A host Django refuses never gets an answer kept for another.
    assert look(app, dossier, HTTP_HOST="evil.example").status_code == 400
    # Signed-in callers and tokens always reach Django (their limits and scopes differ).
    for _ in range(2):
        assert look(app, dossier, HTTP_COOKIE="sessionid=abc").django
    assert look(app, dossier, HTTP_AUTHORIZATION="Bearer mc_x").status_code == 401


def test_other_queries_reach_django(app, world):
    dossier = received(world)
    look(app, dossier)
    path = f"{LOOKUP}/{dossier.code}"
    for _ in range(2):
        assert call(app, path, f"secret={dossier.lookup_secret}&secret=X").django
        assert call(app, path, f"secret={dossier.lookup_secret}&x=1").django
        assert call(app, path + "/", f"secret={dossier.lookup_secret}").django


def test_the_time_limit_runs_from_the_first_answer(app, world, settings):
    settings.MOTCUA_LOOKUP_CACHE_SECONDS = 120
    dossier = received(world)
    look(app, dossier)
    answers, _generation = _answer_keys(redis_cache(), dossier.code)
    client = redis_cache()._cache.get_client()
    assert 0 < client.ttl(answers) <= 120
    client.expire(answers, 5)
    look(app, dossier, HTTP_ACCEPT_LANGUAGE="en")  # a second answer kept for the code
    assert client.ttl(answers) <= 5


def test_inert_without_a_time_limit(app, world, settings):
    settings.MOTCUA_LOOKUP_CACHE_SECONDS = 0
    dossier = received(world)
    look(app, dossier)
    assert look(app, dossier).django
