"""gunicorn as production runs it (config/gunicorn.py), and clients that submit through
``POST /api/v1/dossiers`` and retry the same Idempotency-Key until they get an answer."""

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.common import ROOT, check, wait_until
from tests.harness import free_port

BIN = Path(sys.executable).parent


class Gunicorn:
    """A gunicorn master with ``workers`` sync workers on a free port."""

    def __init__(self, env: dict, log: Path, *, workers: int = 3) -> None:
        self.port = free_port()
        self.log = log
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.py"), "config.wsgi"],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
            )
        check(wait_until(self.healthy, seconds=60, every=0.3), f"gunicorn answers on {self.port}")
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def request(self, method: str, path: str, body: str | None = None, headers=None, timeout=30):
        """(status, headers, body); raises OSError or HTTPException when the link fails."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(
                method,
                path,
                body=body.encode() if body is not None else None,
                headers={"X-Forwarded-Proto": "https", **(headers or {})},
            )
            answer = connection.getresponse()
            return answer.status, answer.headers, answer.read()
        finally:
            connection.close()

    def healthy(self) -> bool:
        try:
            return self.request("GET", "/healthz", timeout=5)[0] == 200
        except (OSError, http.client.HTTPException):
            return False

    def workers(self) -> list[int]:
        """The worker processes the master has now (its children)."""
        master = str(self.process.pid)
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == master and fields[0] != "Z":
                found.append(int(stat.parent.name))
        return found

    def kill_worker(self, rng: random.Random) -> bool:
        workers = self.workers()
        if not workers:
            return False
        try:
            os.kill(rng.choice(workers), signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True


@dataclass
class Tally:
    """What the clients saw; shared by their threads (each update holds the lock)."""

    requests: int = 0
    acknowledged: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    answers: Counter = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str) -> None:
        with self.lock:
            self.requests += 1
            self.answers[what] += 1


def submit_until_answered(
    server: Gunicorn, token: str, body: str, key: str, tally: Tally, *, patience: float = 60
) -> None:
    """Send one submission, retrying the same key on a broken link or a 5xx answer."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": key,
        "Content-Type": "application/json",
    }
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            status, _headers, raw = server.request("POST", "/api/v1/dossiers", body, headers)
        except (OSError, http.client.HTTPException) as exc:
            tally.count(f"link broken ({type(exc).__name__})")
            time.sleep(0.05)
            continue
        tally.count(str(status))
        if status == 201:
            answer = json.loads(raw)
            with tally.lock:
                tally.acknowledged[key] = answer["code"]
                tally.secrets[key] = answer["lookup_secret"]
            return
        if status < 500:
            with tally.lock:
                tally.unexpected.append(f"{key}: {status} {raw[:200]!r}")
            return
        _check_clean_5xx(status, raw, tally)
        time.sleep(0.1)
    with tally.lock:
        tally.unexpected.append(f"{key}: no answer in {patience} s")


def _check_clean_5xx(status: int, raw: bytes, tally: Tally) -> None:
    """A server error during a fault must still be the API's JSON, never a traceback."""
    try:
        json.loads(raw)["message"]
    except (ValueError, KeyError, TypeError):
        with tally.lock:
            tally.unexpected.append(f"{status} without the JSON error body: {raw[:200]!r}")


def run_clients(server, token, body, prefix, tally, *, clients: int, stop: threading.Event):
    """``clients`` threads submitting new keys until ``stop``; each finishes its last key."""

    def client(n: int) -> None:
        i = 0
        while not stop.is_set():
            submit_until_answered(server, token, body, f"{prefix}-{n}-{i}", tally)
            i += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    return threads
