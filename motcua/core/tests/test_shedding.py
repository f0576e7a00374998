"""Overload shedding: which requests are refused at once, and what they are answered."""

import json
import runpy
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from motcua.core import shedding

BUSY_VI = "Hệ thống đang bận. Vui lòng thử lại sau ít giây."
BUSY_EN = "The service is busy. Please try again in a few seconds."
GUNICORN_CONFIG = Path(__file__).resolve().parents[3] / "config" / "gunicorn.py"


@pytest.fixture(autouse=True)
def _fresh_load():
    """Each test starts with a worker that knows no listener and has no pace yet."""
    saved = shedding.load
    shedding.load = shedding.Load()
    shedding.busy_answer.cache_clear()
    yield
    shedding.load = saved
    shedding.busy_answer.cache_clear()


class Application:
    """What the layer wraps (Django in production): answers 200 and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"served"]


def call(path: str, app: Application | None = None, **headers) -> tuple[int, dict, bytes]:
    """Send a GET for ``path`` through the shedding layer; status, headers, body."""
    environ = RequestFactory().get(path, **headers).environ
    answered = {}

    def start_response(status, response_headers, exc_info=None):
        answered["status"] = int(status.split()[0])
        answered["headers"] = dict(response_headers)

    body = b"".join(shedding.LoadShedding(app or Application())(environ, start_response))
    return answered["status"], answered["headers"], body


def stamp(seconds_ago: float) -> str:
    """``X-Request-Start`` as nginx sets it (``t=${msec}``)."""
    return f"t={time.time() - seconds_ago:.3f}"


def test_an_api_request_that_waited_too_long_is_refused_in_json_without_reaching_django():
    app = Application()
    status, headers, body = call("/api/v1/procedures", app, HTTP_X_REQUEST_START=stamp(0.2))
    assert status == 503
    assert app.calls == 0
    assert json.loads(body) == {"code": "overloaded", "message": BUSY_VI, "fields": {}}
    assert headers == {
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "Content-Language": "vi",
        "Retry-After": "2",
        "Cache-Control": "no-store",
    }


def test_the_api_refuses_in_english_when_asked():
    status, headers, body = call(
        "/api/v1/procedures", HTTP_X_REQUEST_START=stamp(0.2), HTTP_ACCEPT_LANGUAGE="en-US,vi;q=0.5"
    )
    assert status == 503
    assert json.loads(body)["message"] == BUSY_EN
    assert headers["Content-Language"] == "en"


def test_a_page_is_refused_with_a_small_page_in_the_chosen_language(settings):
    settings.MOTCUA_SHED_RETRY_AFTER = 5
    # Pages ignore the browser's Accept-Language, as the site does: Vietnamese first.
    status, headers, body = call("/", HTTP_X_REQUEST_START=stamp(0.2), HTTP_ACCEPT_LANGUAGE="en")
    assert status == 503
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Retry-After"] == "5"
    page = body.decode()
    assert '<html lang="vi">' in page
    assert "<title>Hệ thống đang bận</title>" in page
    assert f"<p>{BUSY_VI}</p>" in page
    # The language switch's cookie is followed.
    cookie = f"{settings.LANGUAGE_COOKIE_NAME}=en"
    _, _, english = call("/", HTTP_X_REQUEST_START=stamp(0.2), HTTP_COOKIE=cookie)
    assert f"<p>{BUSY_EN}</p>" in english.decode()


def test_a_request_within_its_budget_is_served():
    app = Application()
    status, _, body = call("/api/v1/procedures", app, HTTP_X_REQUEST_START=stamp(0.01))
    assert (status, body, app.calls) == (200, b"served", 1)


def test_the_health_probe_and_static_files_are_never_refused():
    for path in ("/healthz", "/static/motcua/site.css"):
        assert call(path, HTTP_X_REQUEST_START=stamp(5))[0] == 200


def test_zero_turns_shedding_off(settings):
    settings.MOTCUA_SHED_QUEUE_MS = 0
    assert call("/api/v1/procedures", HTTP_X_REQUEST_START=stamp(60))[0] == 200


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("t=1764662400.125", 1764662400.125),  # nginx ${msec}
        ("1764662400125", 1764662400.125),  # milliseconds
        ("t=1764662400125000", 1764662400.125),  # microseconds (HAProxy, Heroku)
        ("", None),
        ("t=yesterday", None),
        ("t=1764662400125000000000", None),
    ],
)
def test_request_start_formats(value, seconds):
    assert shedding.request_start(value) == (pytest.approx(seconds) if seconds else None)


def test_a_forged_stamp_in_the_future_is_no_wait():
    environ = RequestFactory().get("/", HTTP_X_REQUEST_START=stamp(-30)).environ
    assert shedding.waited(environ, now=time.time()) == 0.0


@pytest.fixture
def listener():
    """A listening socket with six connections waiting in its accept queue."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    clients = [socket.create_connection(server.getsockname()) for _ in range(6)]
    time.sleep(0.05)  # the handshakes complete in the kernel
    yield server
    for connection in clients:
        connection.close()
    server.close()


@pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="Linux reports the accept queue")
def test_without_a_proxy_the_wait_is_estimated_from_the_accept_queue(listener):
    shedding.listeners_register(sockets=[listener], workers=2)
    assert shedding.load.queued() == 6
    assert shedding.load.queue_estimate() == 0  # no pace measured yet: nothing to go on
    shedding.load.observe(0.02)
    # 6 waiting × 20 ms each ÷ 2 workers
    assert shedding.load.queue_estimate() == pytest.approx(0.06)
    environ = RequestFactory().get("/").environ
    assert shedding.waited(environ, now=time.time()) == pytest.approx(0.06)


@pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="Linux reports the accept queue")
def test_a_long_accept_queue_sheds_and_a_short_one_does_not(listener):
    shedding.listeners_register(sockets=[listener], workers=2)
    shedding.load.observe(0.02)
    shedding.load.weight = 0.0  # keep the pace fixed while the test's requests go through
    assert call("/api/v1/procedures")[0] == 503  # 6 × 20 ms ÷ 2 = 60 ms
    shedding.listeners_register(sockets=[listener], workers=3)  # 6 × 20 ms ÷ 3 = 40 ms
    assert call("/api/v1/procedures")[0] == 200


def test_the_pace_is_measured_from_start_to_start_while_the_worker_is_busy():
    load = shedding.Load(workers=2, weight=0.5)
    load.started(at=100.0, queued=3)  # nothing before it to measure
    assert load.mean_seconds == 0.0
    load.started(at=100.020, queued=1)  # straight from the previous one: 20 ms
    assert load.mean_seconds == pytest.approx(0.020)
    load.started(at=160.0, queued=2)  # the previous one saw less than a queue per worker
    assert load.mean_seconds == pytest.approx(0.020)
    load.started(at=160.004, queued=0)  # a refusal: 4 ms from start to start
    assert load.mean_seconds == pytest.approx(0.012)


@pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="Linux reports the accept queue")
def test_gunicorn_puts_the_layer_around_the_application_in_each_worker(listener):
    hooks = runpy.run_path(str(GUNICORN_CONFIG))
    app = Application()
    worker = SimpleNamespace(sockets=[listener], cfg=SimpleNamespace(workers=3), wsgi=app)
    hooks["post_worker_init"](worker)
    assert isinstance(worker.wsgi, shedding.LoadShedding)
    assert worker.wsgi.application is app
    assert (shedding.load.workers, shedding.load.queued()) == (3, 6)
