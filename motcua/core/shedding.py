"""Shedding load: when the server is saturated, refuse the excess at once instead of queueing.

A sync gunicorn worker serves one request at a time; when requests arrive faster than the
workers finish them, the excess waits in the kernel's accept queue of the listening socket.
Left alone, that queue grows until every request — the ones that could have been served
too — waits seconds, times out at the proxy or the client, and is retried, which makes the
overload worse. Instead, a worker that takes a request which has already waited longer than
``MOTCUA_SHED_QUEUE_MS`` (50 ms) answers it at once with 503 and ``Retry-After``
(``MOTCUA_SHED_RETRY_AFTER`` seconds): JSON in the API's error shape (code ``overloaded``)
under ``/api/``, a small page elsewhere, in the visitor's language (the language cookie,
and ``Accept-Language`` for the API, as the site decides it). A single client over its
rate is answered 429 by the rate limits (``motcua.core.ratelimit``, the API's per-token
limits), not here.

The refusal must cost far less than serving, or the workers spend the overload refusing
and the queue still grows. So this is a WSGI layer around Django, not a middleware: a
refused request never builds Django's request object, sends its signals or runs the
middleware. Measured with 5 sync workers on 2 cores: a trivial view behind the whole
stack ~2,700 requests/s, bare Django ~4,900/s, a 503 from a middleware no cheaper than
that view, a 503 from this layer ~7,500/s. The answers are rendered once per language and
kept. gunicorn's ``post_worker_init`` hook
(``config/gunicorn.py``) puts the layer around the application in each worker; another
WSGI server can wrap ``config.wsgi.application`` in ``LoadShedding`` itself.

How long the request waited, from two signals (the larger counts):

- ``X-Request-Start`` set by the reverse proxy when it received the request (nginx:
  ``proxy_set_header X-Request-Start "t=${msec}";``): seconds, milliseconds or
  microseconds since the epoch, with or without ``t=``. A client that forges it can only
  get its own request refused (an old time) or be judged by the second signal alone (a
  time in the future), so it is trusted as sent; proxy and web nodes keep their clocks in
  step with NTP.
- Without a proxy, an estimate from the accept queue itself: the connections waiting there
  are the requests waiting (a sync worker closes its connection after each request), and
  they leave the queue at the rate the workers finish requests, so the wait is about
  ``queued × mean time per request ÷ workers`` (Little's law). The same gunicorn hook
  hands this module the listening sockets and the number of workers; the queue length is
  one ``getsockopt(TCP_INFO)``
  (Linux reports the accept queue of a listening socket as ``tcpi_unacked``). The mean time
  per request is measured in each worker while it is busy, from one request's start to the
  next (moving average, refused requests included, so it follows the faster draining
  while shedding).

Never refused: ``/healthz`` (a busy node is not a broken one: the balancer must not take
it out of rotation for being busy) and static files (cheap, and a page needs them).
``MOTCUA_SHED_QUEUE_MS=0`` turns shedding off.
"""

import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.http.cookie import parse_cookie
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.middleware import MACHINE_PATHS
from motcua.core.unavailable import small_page

NEVER_SHED = ("/healthz",)
# struct tcp_info: eight one-byte fields, then u32 rto, ato, snd_mss, rcv_mss, unacked.
TCPI_UNACKED = struct.Struct("=I")
TCPI_UNACKED_OFFSET = 24
TCP_INFO_SIZE = 104


@dataclass
class Load:
    """What one worker process knows: its listening sockets, the workers, its pace."""

    listeners: list[socket.socket] = field(default_factory=list)
    workers: int = 1
    mean_seconds: float = 0.0  # moving average of the time one request takes here
    weight: float = 0.1  # of the newest request in that average
    last_start: float | None = None
    last_busy: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(self, seconds: float) -> None:
        with self.lock:
            if self.mean_seconds == 0.0:
                self.mean_seconds = seconds
            else:
                self.mean_seconds += self.weight * (seconds - self.mean_seconds)

    def started(self, at: float, queued: int) -> None:
        """A request starts at ``at`` (monotonic seconds) with ``queued`` waiting.

        When the previous one started with at least one connection per worker waiting,
        this worker went straight from it to this one: the time between the two starts is
        the whole time a request takes here (reading it, the application, writing the
        answer), refusals included. Times with idling in between are not measured — and
        not needed: with no queue there is no wait to estimate.
        """
        with self.lock:
            previous, busy = self.last_start, self.last_busy
            self.last_start, self.last_busy = at, queued >= max(self.workers, 1)
        if previous is not None and busy:
            self.observe(at - previous)

    def queued(self) -> int:
        """Connections waiting in the accept queues of the listening sockets."""
        waiting = 0
        for listener in self.listeners:
            try:
                info = listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, TCP_INFO_SIZE)
            except (OSError, AttributeError):  # not Linux, not TCP (a Unix socket)
                continue
            waiting += TCPI_UNACKED.unpack_from(info, TCPI_UNACKED_OFFSET)[0]
        return waiting

    def queue_estimate(self, queued: int | None = None) -> float:
        """Seconds the waiting requests will wait before a worker takes them."""
        if not self.listeners or self.mean_seconds == 0.0:
            return 0.0
        if queued is None:
            queued = self.queued()
        return queued * self.mean_seconds / max(self.workers, 1)


load = Load()


def listeners_register(*, sockets: Sequence, workers: int) -> None:
    """The listening sockets and the number of workers of this gunicorn worker."""
    load.listeners = [getattr(s, "sock", s) for s in sockets if sys.platform == "linux"]
    load.workers = workers


def request_start(value: str) -> float | None:
    """The time (seconds since the epoch) in an ``X-Request-Start`` header, or None."""
    value = value.strip().removeprefix("t=")
    try:
        stamp = float(value)
    except ValueError:
        return None
    # Seconds (nginx ${msec}: 1700000000.123), milliseconds or microseconds since the epoch.
    for divisor in (1, 1_000, 1_000_000):
        if stamp / divisor < 10_000_000_000:
            return stamp / divisor
    return None


def waited(environ: dict, *, now: float, queued: int | None = None) -> float:
    """Seconds the request has waited before this worker took it (the larger signal)."""
    waited_seconds = load.queue_estimate(queued)
    stamp = request_start(environ.get("HTTP_X_REQUEST_START", ""))
    if stamp is not None:
        waited_seconds = max(waited_seconds, now - stamp)
    return waited_seconds


def exempt(path: str) -> bool:
    static = settings.STATIC_URL
    return path in NEVER_SHED or (bool(static) and path.startswith(static))


def _supported(code: str) -> str | None:
    try:
        return translation.get_supported_language_variant(code.strip())
    except LookupError:
        return None


def language_of(environ: dict) -> str:
    """The visitor's language as the site decides it: the language cookie; for programs
    (``/api/``, ``/open311/``) then ``Accept-Language``; else the site's language."""
    chosen = parse_cookie(environ.get("HTTP_COOKIE", "")).get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and (language := _supported(chosen)):
        return language
    if environ.get("PATH_INFO", "").startswith(MACHINE_PATHS):
        for part in environ.get("HTTP_ACCEPT_LANGUAGE", "").split(","):
            tag = part.split(";")[0].strip()
            if tag and tag != "*" and (language := _supported(tag)):
                return language
    return settings.LANGUAGE_CODE


@lru_cache(maxsize=16)
def busy_answer(api: bool, language: str, retry_after: int) -> tuple[list, bytes]:
    """Headers and body of the 503: the API's JSON error, or a small page."""
    from motcua.api.errors import error_body

    with translation.override(language):
        message = _("The service is busy. Please try again in a few seconds.")
        if api:
            body = json.dumps(error_body("overloaded", message), ensure_ascii=False).encode()
            kind = "application/json"
        else:
            page = small_page(language=language, title=_("Busy"), message=message)
            body, kind = page.encode(), "text/html; charset=utf-8"
    headers = [
        ("Content-Type", kind),
        ("Content-Length", str(len(body))),
        ("Content-Language", language),
        ("Retry-After", str(retry_after)),
        ("Cache-Control", "no-store"),
    ]
    return headers, body


class LoadShedding:
    """WSGI: answer 503 at once to a request that waited too long for a worker (see above)."""

    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        queued = load.queued()
        load.started(time.monotonic(), queued)
        budget = getattr(settings, "MOTCUA_SHED_QUEUE_MS", 0) / 1000
        path = environ.get("PATH_INFO", "")
        if budget > 0 and not exempt(path):
            if waited(environ, now=time.time(), queued=queued) > budget:
                api = path.startswith("/api/")
                retry = settings.MOTCUA_SHED_RETRY_AFTER
                headers, body = busy_answer(api, language_of(environ), retry)
                start_response("503 Service Unavailable", list(headers))
                return [body]
        return self.application(environ, start_response)
