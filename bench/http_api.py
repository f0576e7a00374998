"""Requests per second through the production server: submissions, lookups, the stack.

Starts gunicorn with config/gunicorn.py and production settings (DEBUG off, PostgreSQL in a
throw-away database, Redis for the cache and the rate-limit counters, the database task
queue) on 127.0.0.1, loads the demo district, and drives it with wrk (16 connections):

- bare Django: a JSON view with no middleware and no database (the baseline);
- the same view behind the product's whole middleware stack (security overhead);
- online submission through the API, full path (validation, idempotency key, code, audit
  event, stored file, queued notification), each request with a new Idempotency-Key;
- the same submission at a fixed rate (200/s, the national peak, and half the measured
  capacity), latency counted from each request's scheduled time (bench/loadgen.py);
- the public lookup by code and secret, uncached, with the rate limiter counting in Redis.

Prints each figure next to the same-run baseline, the ratio and the target (QUALITY.md).

    .venv/bin/python bench/http_api.py [--seconds 10] [--connections 16] [--rate 200]
"""

import argparse
import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.harness import desk_unit_code, free_port, manage, throwaway_postgres  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from common import record  # noqa: E402
from loadgen import fixed_rate, http_request  # noqa: E402

BIN = Path(sys.executable).parent
SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

SUBMIT_LUA = """
local counter = 0
local prefix = ""
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  prefix = string.format("bench-%%08x", math.random(0, 2^31))
end
request = function()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer %(token)s"
  headers["Idempotency-Key"] = prefix .. "-" .. counter
  headers["X-Forwarded-Proto"] = "https"
  return wrk.format("POST", "/api/v1/dossiers", headers, [[%(body)s]])
end
"""

LOOKUP_LUA = """
local paths = {%(paths)s}
local i = 0
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  i = math.random(1, #paths)
end
request = function()
  i = i %% #paths + 1
  local headers = {}
  headers["X-Forwarded-Proto"] = "https"
  return wrk.format("GET", paths[i], headers)
end
"""


class Server:
    """gunicorn with config/gunicorn.py on a free port, for one settings module."""

    def __init__(self, env: dict, settings: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "DJANGO_SETTINGS_MODULE": settings,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "PYTHONPATH": str(ROOT),
        }

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.py"), "config.wsgi"],
            env=self.env,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/bench-hello", timeout=2):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, *, seconds: int, connections: int, script: str | None = None) -> dict:
    """Run wrk; requests/s, p50/p99 latency in ms, and the count of non-2xx answers."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        if script:
            lua.write(script)
            command[1:1] = ["-s", lua.name]
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        os.unlink(lua.name)

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sockets.group(1) if sockets else "",
        "requests": total,
    }


def server_env(tmp: str, redis: str) -> dict:
    """gunicorn's environment in the HTTP benchmarks: production settings, Redis, the
    database task queue; the caller adds DATABASE_URL (and SECRET_KEY if it has none)."""
    return {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": redis,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": f"{tmp}/media",
        "STATIC_ROOT": f"{tmp}/static",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SECURE_SSL_REDIRECT": "false",
        # One client address sends everything: the limiters count, but never refuse
        # (a 429 would be a rate limit, not the figure measured).
        "MOTCUA_API_REQUESTS_TOKEN": "1000000000",
        "MOTCUA_API_REQUESTS_ANONYMOUS": "1000000000",
        "MOTCUA_LOOKUP_ATTEMPTS": "1000000000",
    }


def warm(base: str, found: list[tuple[str, str]]) -> None:
    """Ask for each lookup once, with wrk's headers, so its answer is kept."""
    for code, secret in found:
        request = urllib.request.Request(  # noqa: S310 - our own server
            f"{base}/api/v1/lookup/{code}?secret={secret}", headers={"X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            answer.read()


def submission_body(base: str, env: dict) -> str:
    desk_unit = desk_unit_code(env)
    with urllib.request.urlopen(  # noqa: S310
        base + "/api/v1/procedures?level=district&online_level=partial&page_size=100"
    ) as answer:
        items = json.load(answer)["items"]
    for item in items:
        with urllib.request.urlopen(f"{base}/api/v1/procedures/{item['code']}") as answer:  # noqa: S310
            detail = json.load(answer)
        agencies = [a for a in detail["agencies"] if a["unit"]["code"] == desk_unit]
        if agencies:
            break
    pdf = base64.b64encode(PDF).decode()
    return json.dumps(
        {
            "procedure": detail["code"],
            "agency": agencies[0]["identifier"],
            "applicant": {"name": "Ma Thi Hoa", "id_number": "008195001122", "phone": "0912345678"},
            "documents": [
                {"component_id": c["id"], "name": "giay-to.pdf", "content_base64": pdf}
                for c in detail["components"]
                if c["required"] and not c["condition"]
            ],
            "consent": True,
        }
    )


def row(what, figure, baseline, ratio, target) -> str:
    return f"| {what} | {figure} | {baseline} | {ratio} | {target} |"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rate", type=float, default=200, help="the fixed submission rate")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: make bench installs it (Debian package wrk)")
    stack = contextlib.ExitStack()
    tmp = tempfile.mkdtemp(prefix="motcua-bench-http-")
    try:
        database = stack.enter_context(throwaway_postgres(SERVER, "motcua_bench_http"))
        env = {
            **server_env(tmp, REDIS),
            "SECRET_KEY": "bench-" + os.urandom(16).hex(),
            "DATABASE_URL": database,
            # Uncached first: every lookup reads the database (0 = never cached).
            "MOTCUA_LOOKUP_CACHE_SECONDS": "0",
            # Capacity is measured here, so nothing is shed: 16 connections back to back
            # keep a queue that the shedding would answer with 503 (bench/overload.py
            # measures the shedding).
            "MOTCUA_SHED_QUEUE_MS": "0",
        }
        subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)  # noqa: S603,S607
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        manage(env, "load_demo", "--force")
        token = manage(env, "create_api_token", "--name", "bench", "--scope", "write").split()[-1]
        run = {"seconds": options.seconds, "connections": options.connections}

        with Server(env, "bench.hello.minimal") as server:
            wrk(server.url + "/bench-hello", seconds=3, connections=options.connections)
            bare = wrk(server.url + "/bench-hello", **run)
        with Server(env, "bench.hello.full") as server:
            wrk(server.url + "/bench-hello", seconds=3, connections=options.connections)
            full = wrk(server.url + "/bench-hello", **run)
            body = submission_body(server.url, env)
            script = SUBMIT_LUA % {"token": token, "body": body}
            wrk(server.url + "/", seconds=3, connections=options.connections, script=script)
            submit = wrk(server.url + "/", script=script, **run)
            steady = {}
            for per_second in (options.rate, max(1.0, submit["rps"] / 2)):
                steady[per_second] = submitting_at(
                    server.port, token, body, per_second, options.seconds
                )
            with psycopg.connect(database) as connection:
                found = connection.execute(
                    "SELECT code, lookup_secret FROM dossiers_dossier ORDER BY random() LIMIT 2000"
                ).fetchall()
                stored = connection.execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0]
            paths = ",".join(f'"/api/v1/lookup/{code}?secret={secret}"' for code, secret in found)
            lookup_script = LOOKUP_LUA % {"paths": paths}
            wrk(server.url + "/", seconds=3, connections=options.connections, script=lookup_script)
            lookup = wrk(server.url + "/", script=lookup_script, **run)
        # The same lookups with the answers kept (the hot set: the same 2,000 codes, each
        # asked once first, as the polling that makes a set hot does).
        with Server({**env, "MOTCUA_LOOKUP_CACHE_SECONDS": "300"}, "bench.hello.full") as server:
            warm(server.url, found)
            wrk(server.url + "/", seconds=3, connections=options.connections, script=lookup_script)
            cached = wrk(server.url + "/", script=lookup_script, **run)
    finally:
        stack.close()
        subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=False, capture_output=True)  # noqa: S603,S607
        shutil.rmtree(tmp, ignore_errors=True)

    def rate(result: dict) -> str:
        return f"{result['rps']:,.0f}/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms"

    print(
        f"\nHTTP through gunicorn ({options.connections} connections, {options.seconds} s each; "
        f"{os.cpu_count()} cores shared by server, database, Redis and wrk)"
    )
    print(row("What", "Figure", "Baseline (same run)", "Ratio", "Target"))
    print(row("---", "---", "---", "---", "---"))
    print(row("bare Django JSON view", rate(bare), "—", "—", "—"))
    print(
        row(
            "the same view behind the full security stack",
            rate(full),
            f"bare Django {bare['rps']:,.0f}/s",
            f"{full['rps'] / bare['rps']:.2f}",
            "≥ 0.80",
        )
    )
    print(
        row(
            f"online submission, full path ({submit['requests']:,} sent, "
            f"{submit['errors']} not 2xx; {stored:,} dossiers stored)",
            rate(submit),
            f"bare Django {bare['rps']:,.0f}/s",
            f"{submit['rps'] / bare['rps']:.2f}",
            "≥ 400/s, p99 ≤ 150 ms, 0 errors; ratio ≥ 0.20",
        )
    )
    print(
        row(
            f"public lookup, uncached, limiter on ({lookup['errors']} not 2xx)",
            rate(lookup),
            f"bare Django {bare['rps']:,.0f}/s",
            f"{lookup['rps'] / bare['rps']:.2f}",
            "≥ 600/s, p99 ≤ 100 ms; ratio ≥ 0.28",
        )
    )
    for per_second, outcome in steady.items():
        print(
            row(f"online submission at a fixed {per_second:,.0f}/s", fixed(outcome), "—", "—", "—")
        )
    print(
        row(
            f"public lookup, cached hot set ({cached['errors']} not 2xx)",
            rate(cached),
            f"bare Django {bare['rps']:,.0f}/s",
            f"{cached['rps'] / bare['rps']:.2f}",
            "ratio ≥ 0.80",
        )
    )
    record_rows(bare, full, submit, lookup, steady, options.rate, stored)
    record(
        "lookup_cached",
        figure=f"{cached['rps']:,.0f}/s, p99 {cached['p99']:.0f} ms, {cached['errors']} errors",
        baseline=f"bare Django {bare['rps']:,.0f}/s",
        ratio=f"{cached['rps'] / bare['rps']:.3f}",
        target="≥ 0.80 × bare",
        met=cached["rps"] / bare["rps"] >= 0.80,
    )
    return 0 if submit["errors"] == lookup["errors"] == cached["errors"] == 0 else 1


def submitting_at(port: int, token: str, body: str, rate: float, seconds: int):
    """Submissions at a fixed rate with fresh idempotency keys; latency from schedule."""
    prefix = os.urandom(4).hex()
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token}",
        "X-Forwarded-Proto": "https",
    }

    def make(i: int) -> bytes:
        key = {"Idempotency-Key": f"fixed-{prefix}-{rate:.0f}-{i}"}
        return http_request("POST", "/api/v1/dossiers", headers | key, body.encode())

    return fixed_rate("127.0.0.1", port, make, rate=rate, seconds=seconds, connections=64)


def fixed(outcome) -> str:
    sent = len(outcome.latencies_ms) + outcome.failures + outcome.abandoned
    ok = sum(n for status, n in outcome.statuses.items() if status < 300)
    other = ", ".join(
        f"{n:,} × {status}" for status, n in sorted(outcome.statuses.items()) if status >= 300
    )
    lost = [
        f"{n:,} {what}"
        for what, n in (("errors", outcome.failures), ("given up", outcome.abandoned))
        if n
    ]
    why = "; ".join(part for part in (other, ", ".join(lost)) if part)
    return (
        f"{sent:,} due, {ok:,} stored, {sent - ok:,} failed or given up"
        f"{f' ({why})' if why else ''}; "
        f"p50 {outcome.percentile(0.5):.0f} ms, p99 {outcome.percentile(0.99):.0f} ms"
    )


def record_rows(bare, full, submit, lookup, steady, peak, stored) -> None:
    bare_rps = f"bare Django {bare['rps']:,.0f}/s"
    record(
        "submission",
        figure=f"{submit['rps']:,.0f}/s at 16 connections, p99 {submit['p99']:.0f} ms, "
        f"{submit['errors']} errors",
        baseline=bare_rps,
        ratio=f"{submit['rps'] / bare['rps']:.3f}",
        target="≥ 400/s, 0 errors, p99 ≤ 150 ms; ratio ≥ 0.20",
        met=submit["rps"] >= 400 and submit["errors"] == 0 and submit["p99"] <= 150,
    )
    for rate, outcome in steady.items():
        clean = outcome.failures == 0 and outcome.abandoned == 0
        record(
            "submission_fixed",
            figure=f"at {rate:,.0f}/s: {fixed(outcome)}",
            baseline="—",
            ratio="—",
            target="at 200/s p99 ≤ 50 ms" if rate == peak else "(half the measured capacity)",
            met=(clean and outcome.percentile(0.99) <= 50) if rate == peak else None,
        )
    record(
        "lookup",
        figure=f"{lookup['rps']:,.0f}/s, p99 {lookup['p99']:.0f} ms, {lookup['errors']} errors "
        f"({stored:,} dossiers)",
        baseline=bare_rps,
        ratio=f"{lookup['rps'] / bare['rps']:.3f}",
        target="≥ 600/s, p99 ≤ 100 ms; ratio ≥ 0.28",
        met=lookup["rps"] >= 600 and lookup["p99"] <= 100,
    )
    record(
        "stack",
        figure=f"{full['rps']:,.0f}/s",
        baseline=bare_rps,
        ratio=f"{full['rps'] / bare['rps']:.2f}",
        target="≥ 0.80 × bare",
        met=full["rps"] / bare["rps"] >= 0.80,
    )


if __name__ == "__main__":
    sys.exit(main())
