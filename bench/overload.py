"""Overload at twice the capacity: refused fast, nothing else fails, back to normal quickly.

Starts gunicorn with ``config/gunicorn.py`` and production settings (DEBUG off, a
throw-away PostgreSQL database with the demo district, Redis) like ``bench/http_api.py``,
and drives the public lookup by code and secret (uncached, rate limiter counting) with an
asyncio client:

1. capacity: C clients back to back for a few seconds; the answered requests per second;
2. normal load: an open-loop rate of ``--normal`` × capacity (new requests at fixed
   intervals, whatever the answers do), to know its p99;
3. overload: ``--factor`` (2) × capacity, with as many connections as it takes, for
   ``--seconds``;
4. normal load again, until its p99 is back to the level before the overload.

Prints the share of the overload refused with 503/429, the p99 time of those refusals
(target ≤ 100 ms), other 5xx and connection failures (target 0), the seconds until the
normal load is back (5 seconds in a row with no refusal and their p99 within 1.5 × the p99
before the overload; target ≤ 30 s) and the p99 of each second after the overload. Times
are from the moment the client opens the connection to the end of the answer.
``--request-start`` stamps ``X-Request-Start`` on every request as a reverse proxy would;
without it the server estimates the wait from its accept queue
(``motcua/core/shedding.py``). ``MOTCUA_SHED_QUEUE_MS=0`` in the environment runs the
same without shedding, for comparison.

    .venv/bin/python bench/overload.py [--seconds 20] [--factor 2] [--normal 0.5]
"""

import argparse
import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from aclient import Client, PatientServer, percentile
from common import record
from http_api import SERVER, server_env

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.harness import manage, throwaway_postgres  # noqa: E402

REDIS = os.environ.get("BENCH_OVERLOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
SHED_TARGET_MS = 100
RECOVERY_TARGET_S = 30
RECOVERED = 1.5  # p99 within this × the p99 before the overload …
SETTLED = 5  # … over this many seconds, with no refusal: back to normal


@dataclass
class Result:
    phase: str
    sent: float  # seconds since the start of the open-loop run
    status: int | str  # HTTP status, or "timeout" / "connection"
    ms: float
    late: float = 0.0  # ms the client started it after its time (the client's own lag)


class Load:
    def __init__(self, port: int, paths: list[str], request_start: bool) -> None:
        self.port, self.paths, self.request_start = port, paths, request_start
        self.results: list[Result] = []
        self.n = 0

    def headers(self) -> dict:
        headers = {"X-Forwarded-Proto": "https", "Connection": "close"}
        if self.request_start:
            headers["X-Request-Start"] = f"t={time.time():.3f}"
        return headers

    async def one(
        self, phase: str, t0: float, client: Client | None = None, due: float | None = None
    ) -> Result:
        own = client is None
        client = client or Client("127.0.0.1", self.port, timeout=30)
        self.n += 1
        path = self.paths[self.n % len(self.paths)]
        started = time.perf_counter()
        try:
            status = (await client.request("GET", path, headers=self.headers())).status
        except TimeoutError:
            status = "timeout"
        except (OSError, ValueError):
            status = "connection"
        finally:
            if own:
                await client.close()
        result = Result(phase, started - t0, status, (time.perf_counter() - started) * 1000)
        if due is not None:
            result.late = (started - due) * 1000
        self.results.append(result)
        return result

    async def closed(self, clients: int, seconds: float) -> float:
        """Clients back to back; answered (200) requests per second."""
        t0 = time.perf_counter()
        deadline = t0 + seconds
        answered = 0

        async def loop() -> None:
            nonlocal answered
            client = Client("127.0.0.1", self.port, timeout=30)
            try:
                while time.perf_counter() < deadline:
                    if (await self.one("capacity", t0, client)).status == 200:
                        answered += 1
            finally:
                await client.close()

        await asyncio.gather(*(loop() for _ in range(clients)))
        return answered / (time.perf_counter() - t0)

    async def opened(self, phases: list[tuple[str, float, float]]) -> None:
        """Phases of (name, requests per second, seconds), one after the other, each
        request sent at its time whether or not the earlier ones were answered."""
        tasks: set[asyncio.Task] = set()
        t0 = time.perf_counter()
        start = t0
        for phase, rate, seconds in phases:
            for i in range(int(rate * seconds)):
                due = start + i / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                task = asyncio.create_task(self.one(phase, t0, due=due))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            start += seconds
        await asyncio.gather(*tasks)


def p99(results: list[Result]) -> float:
    return percentile([r.ms for r in results], 99)


def timeline(results: list[Result], end: float) -> list[tuple[float, bool]]:
    """(p99 ms, any refusal or failure) of the normal load in each second after ``end``."""
    after = [r for r in results if r.phase == "after"]
    seconds: dict[int, list[Result]] = {}
    for r in after:
        seconds.setdefault(int(r.sent - end), []).append(r)
    return [
        (p99(seconds.get(s, [])), any(r.status != 200 for r in seconds.get(s, [])))
        for s in range(max(seconds, default=-1) + 1)
    ]


def recovery(results: list[Result], end: float, level: float) -> float | None:
    """Seconds after ``end`` until the normal load is back: the requests of the next
    ``SETTLED`` seconds all answered 200 with their p99 within ``level``."""
    after = [r for r in results if r.phase == "after"]
    last = max((r.sent for r in after), default=end) - end
    second = 0
    while second + SETTLED <= last + 1:
        window = [r for r in after if second <= r.sent - end < second + SETTLED]
        if window and all(r.status == 200 for r in window) and p99(window) <= level:
            return float(second)
        second += 1
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="of overload")
    parser.add_argument("--factor", type=float, default=2.0, help="overload ÷ capacity")
    parser.add_argument("--normal", type=float, default=0.5, help="normal load ÷ capacity")
    parser.add_argument("--connections", type=int, default=16, help="to measure capacity")
    parser.add_argument("--before", type=int, default=10, help="seconds of normal load")
    parser.add_argument("--after", type=int, default=40, help="seconds of normal load")
    parser.add_argument("--request-start", action="store_true", help="stamp as a proxy does")
    options = parser.parse_args()
    stack = contextlib.ExitStack()
    tmp = tempfile.mkdtemp(prefix="motcua-bench-overload-")
    try:
        database = stack.enter_context(throwaway_postgres(SERVER, "motcua_bench_overload"))
        env = {
            **server_env(tmp, REDIS),
            "SECRET_KEY": "bench-" + os.urandom(16).hex(),
            "DATABASE_URL": database,
        }
        subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)  # noqa: S603,S607
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        manage(env, "load_demo", "--force")
        with psycopg.connect(database) as connection:
            found = connection.execute(
                "SELECT code, lookup_secret FROM dossiers_dossier"
            ).fetchall()
        paths = [f"/api/v1/lookup/{code}?secret={secret}" for code, secret in found]
        with PatientServer(env, "bench.hello.full") as server:
            load = Load(server.port, paths, options.request_start)
            asyncio.run(load.closed(options.connections, 3))  # warm up
            load.results.clear()
            capacity = asyncio.run(load.closed(options.connections, 5))
            refused_at_capacity = sum(r.status in (429, 503) for r in load.results)
            normal, over = capacity * options.normal, capacity * options.factor
            load.results.clear()
            phases = [
                ("before", normal, options.before),
                ("overload", over, options.seconds),
                ("after", normal, options.after),
            ]
            asyncio.run(load.opened(phases))
    finally:
        stack.close()
        subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=False, capture_output=True)  # noqa: S603,S607
        shutil.rmtree(tmp, ignore_errors=True)

    results = load.results
    before = [r for r in results if r.phase == "before" and r.status == 200]
    during = [r for r in results if r.phase == "overload"]
    shed = [r for r in during if r.status in (429, 503)]
    served = [r for r in during if r.status == 200]
    failed = [r for r in results if r.status not in (200, 429, 503)]
    level = p99(before) * RECOVERED
    back = recovery(results, options.before + options.seconds, level)

    print(
        f"\nOverload of the public lookup (gunicorn, "
        f"{os.environ.get('WEB_CONCURRENCY', '2 × cores + 1')} workers; "
        f"{os.cpu_count()} cores shared by server, database, Redis and client; "
        f"wait signal: {'X-Request-Start' if options.request_start else 'accept queue'})"
    )
    print("| What | Figure | Target |")
    print("|---|---|---|")
    print(
        f"| capacity ({options.connections} clients back to back; {refused_at_capacity:,} "
        f"refused meanwhile) | {capacity:,.0f}/s answered | — |"
    )
    print(
        f"| normal load ({options.normal:g} × capacity) before | {normal:,.0f}/s, "
        f"p99 {p99(before):.1f} ms | — |"
    )
    print(
        f"| overload ({options.factor:g} × capacity, {options.seconds} s) | {over:,.0f}/s offered: "
        f"{len(served):,} served (p50 {percentile([r.ms for r in served], 50):.1f} ms, "
        f"p99 {p99(served):.1f} ms), {len(shed):,} refused "
        f"({len(shed) / max(len(during), 1):.0%}) | — |"
    )
    print(
        f"| p99 time of the refusals (503/429; p50 "
        f"{percentile([r.ms for r in shed], 50):.1f} ms) | {p99(shed):.1f} ms | "
        f"≤ {SHED_TARGET_MS} ms |"
    )
    kinds = sorted({str(r.status) for r in failed})
    print(
        f"| other 5xx, time-outs, connection failures | {len(failed):,} {kinds if kinds else ''}"
        " | 0 |"
    )
    print(
        f"| back to normal ({SETTLED} s in a row: p99 ≤ {level:.1f} ms, no refusal) | "
        f"{'not within ' + str(options.after) + ' s' if back is None else f'{back:.0f} s'} | "
        f"≤ {RECOVERY_TARGET_S} s |"
    )
    met = (
        shed
        and p99(shed) <= SHED_TARGET_MS
        and not failed
        and back is not None
        and back <= RECOVERY_TARGET_S
    )
    marks = " ".join(
        f"{ms:.0f}{'!' if refused else ''}"
        for ms, refused in timeline(results, options.before + options.seconds)
    )
    print(f"p99 ms of each second after the overload (! = a refusal or failure): {marks}")
    late = percentile([r.late for r in during], 99)
    print(f"the client's own lag during the overload (p99 of late starts): {late:.1f} ms")
    print(f"targets: {'met' if met else 'MISSED'}")
    record(
        "overload",
        figure=f"{over:,.0f}/s offered ({options.factor:g} × {capacity:,.0f}/s): "
        f"{len(shed) / max(len(during), 1):.0%} refused, refusals p99 {p99(shed):.0f} ms, "
        f"{len(failed)} other failures, back to normal in "
        f"{'—' if back is None else f'{back:.0f} s'}"
        + (" (proxy stamps X-Request-Start)" if options.request_start else " (no proxy stamp)"),
        baseline="—",
        ratio="—",
        target=f"refused within {SHED_TARGET_MS} ms, no other 5xx, back within "
        f"{RECOVERY_TARGET_S} s",
        met=bool(met),
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
