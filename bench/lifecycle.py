"""Complete dossier lifecycles over HTTP, with 1 million dossiers stored.

Builds a PostgreSQL database with the demo district and N dossiers (default 1,000,000)
loaded with COPY by the generator of ``bench/report.py``, starts gunicorn with
``config/gunicorn.py`` and production settings (DEBUG off, Redis for the cache and the
rate-limit counters, the database task queue), and runs complete lifecycles with C
concurrent asyncio clients for S seconds, every request through the real REST API:

  submit (a write token, new Idempotency-Key each) → receive (desk) → … the procedure's
  internal steps, each by the demo account allowed to take it (the head assigns, the
  officer forwards, the head forwards, the leader approves) … → return the result (desk)
  → look it up by code and secret (anyone).

The steps are not hard-coded: a first lifecycle asks the API which actions each account
may take next (``allowed_actions``) and the run repeats that path. Prints lifecycles/s,
requests/s, p50/p99 per step and the errors (must be 0), the bare-Django requests/s
measured in the same run (``bench/http_api.py``'s baseline, wrk), the ratios
(lifecycles/s ÷ DIGIT's 6.3/s with 1 M complaints on 16 vCPU; requests/s ÷ bare Django)
and the target. Afterwards it checks in SQL that every completed lifecycle's dossier is
returned, and verifies the audit chain of a sample of them.

    .venv/bin/python bench/lifecycle.py [--rows 1000000] [--seconds 30] [--clients 16] [--keep]

``--keep`` leaves the database in place and reuses it when it holds the same number of
generated rows (the lifecycles of earlier runs stay in it). Dossier numbers are per desk
and day (9,999): a run at 50/s for 30 s uses 1,500 of them.
"""

import argparse
import asyncio
import base64
import io
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from aclient import Client, PatientServer, percentile
from common import record
from http_api import PDF, wrk
from http_api import server_env as http_server_env
from report import generate, report_database

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.harness import manage  # noqa: E402

DATABASE = "motcua_bench_lifecycle"
REDIS = os.environ.get("BENCH_LIFECYCLE_REDIS_URL", "redis://127.0.0.1:6379/13")
DIGIT_PER_SECOND = 6.3  # DIGIT's complaint service, 1 M complaints stored, 16 vCPU
TARGET_PER_SECOND = 50
STAFF = ("desk", "officer", "head", "leader")  # who is asked first, for each action
# Which action to take when several are open: the one nearest the end of the road.
PREFERRED = ("return_result", "approve", "receive", "transfer_to_agency", "assign", "forward")
RETURNED = 10
NAME = "Ma Thi Hoa"


def server_env(tmp: str) -> dict:
    """gunicorn's environment: production settings on the database of this process (its
    DATABASE_URL and SECRET_KEY, so the audit key is the same here)."""
    return http_server_env(tmp, REDIS)


def token(name: str, user: str | None = None) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    extra = ["--user", user] if user else []
    logging.disable(logging.INFO)  # each new token is logged
    call_command(
        "create_api_token", "--name", name, "--scope", "write", *extra,
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    logging.disable(logging.NOTSET)
    return out.getvalue().split()[-1]


def choices() -> dict:
    """Tokens acting for the demo staff, the officer to assign, the procedures to submit."""
    from motcua.accounts.models import User
    from motcua.catalog.models import Offering
    from motcua.dossiers.services.reception import desk_for

    users = {u.username: u for u in User.objects.filter(username__in=STAFF)}
    head, desk = users["head"], users["desk"]
    offerings = (
        Offering.objects.filter(agency=head.agency, is_active=True)
        .exclude(procedure__current_version__online_level="none")
        .select_related("procedure__current_version", "agency")
        .order_by("procedure__code")
    )
    procedures = []
    for offering in offerings:
        if desk_for(offering.agency) != desk.agency:
            continue
        version = offering.procedure.current_version
        components = [c.pk for c in version.components.all() if c.required and not c.condition]
        procedures.append((offering.procedure.code, offering.agency.identifier, components))
    stamp = time.strftime("%H%M%S")
    return {
        "submit": token(f"bench lifecycle {stamp}"),
        "staff": {name: token(f"bench lifecycle {name} {stamp}", name) for name in STAFF},
        "officer": users["officer"].pk,
        "procedures": procedures,
        "desk": desk.agency_id,
    }


def submission(procedure: tuple) -> dict:
    code, agency, components = procedure
    pdf = base64.b64encode(PDF).decode()
    return {
        "procedure": code,
        "agency": agency,
        "applicant": {"name": NAME, "id_number": "008195001122", "phone": "0912345678"},
        "documents": [
            {"component_id": c, "name": "giay-to.pdf", "content_base64": pdf} for c in components
        ],
        "consent": True,
    }


def body_of(action: str, setup: dict) -> dict:
    return {
        "assign": {"officer": setup["officer"], "note": "Giao xử lý"},
        "approve": {"document": "123/GCN"},
        "return_result": {"method": "desk", "returned_to": NAME},
    }.get(action, {})


def auth(text: str) -> dict:
    return {"Authorization": f"Bearer {text}", "X-Forwarded-Proto": "https"}


async def submit(client: Client, setup: dict, body: dict, key: str):
    headers = {**auth(setup["submit"]), "Idempotency-Key": key}
    return await client.request("POST", "/api/v1/dossiers", headers=headers, body=body)


async def discover(port: int, setup: dict) -> tuple[dict, list[tuple[str, str, dict]]]:
    """A first lifecycle: which account may take which action next, until returned."""
    client = Client("127.0.0.1", port)
    try:
        for procedure in setup["procedures"]:
            body = submission(procedure)
            answer = await submit(client, setup, body, f"bench-probe-{os.urandom(6).hex()}")
            if answer.status != 201:
                raise SystemExit(f"submission refused: {answer.status} {answer.body[:500]!r}")
            code, plan, seen_by, taken = answer.json()["code"], [], {}, set()
            for _ in range(15):
                open_actions = []
                for who in STAFF:
                    seen = await client.request(
                        "GET", f"/api/v1/dossiers/{code}", headers=auth(setup["staff"][who])
                    )
                    seen_by[who] = seen.status
                    if seen.status == 200:
                        allowed = seen.json()["allowed_actions"]
                        seen_by[who] = (seen.json()["status"], allowed)
                        open_actions += [
                            (PREFERRED.index(a), STAFF.index(who), who, a)
                            for a in allowed
                            if a in PREFERRED and (who, a) not in taken
                        ]
                if not open_actions:
                    break
                _, _, who, action = min(open_actions)
                step = (who, action, body_of(action, setup))
                done = await act(client, setup, code, step)
                if done.status != 200:
                    raise SystemExit(f"{who} {action}: {done.status} {done.body[:500]!r}")
                plan.append(step)
                taken.add((who, action))  # once each: "assign" stays open to reassign
                if done.json()["status"] == RETURNED:
                    return body, plan
            taken = ", ".join(f"{who} {action}" for who, action, _ in plan)
            print(
                f"  {procedure[0]}: the demo staff cannot take it to its result "
                f"(taken: {taken or 'nothing'}; then {seen_by}), next procedure"
            )
    finally:
        await client.close()
    raise SystemExit("no procedure of the head's agency can be taken to its result")


async def act(client: Client, setup: dict, code: str, step: tuple):
    who, action, body = step
    path = f"/api/v1/dossiers/{code}/actions/{action}"
    return await client.request("POST", path, headers=auth(setup["staff"][who]), body=body)


class Tally:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.completed: list[tuple[str, str]] = []  # (code, secret)
        self.requests = 0
        self.shed = 0  # 503 answers of the load shedding, sent again after Retry-After
        self.errors: list[str] = []


async def lifecycle(client, setup, body, plan, tally: Tally, prefix: str, n: int) -> None:
    """One dossier from submission to the applicant's lookup; stops at the first error.

    A 503 from the load shedding is not an error: like a real client, the step is sent
    again after ``Retry-After`` (a refused request did nothing; a submission is sent again
    with the same Idempotency-Key). The refusals are counted and printed.
    """

    async def timed(label: str, call, expected: int):
        while True:
            started = time.perf_counter()
            try:
                answer = await call()
            except (TimeoutError, OSError, ValueError) as exc:
                tally.errors.append(f"{label}: {type(exc).__name__} {exc}")
                await client.close()
                return None
            tally.requests += 1
            if answer.status == 503 and answer.headers.get("retry-after", "").isdigit():
                tally.shed += 1
                await asyncio.sleep(int(answer.headers["retry-after"]))
                continue
            tally.latency[label].append((time.perf_counter() - started) * 1000)
            if answer.status != expected:
                tally.errors.append(f"{label}: {answer.status} {answer.body[:300]!r}")
                return None
            return answer

    key = f"{prefix}-{n}"
    answer = await timed("submit", lambda: submit(client, setup, body, key), 201)
    if answer is None:
        return
    code, secret = answer.json()["code"], answer.json()["lookup_secret"]
    for step in plan:
        label = label_of(step, plan)
        if await timed(label, lambda s=step: act(client, setup, code, s), 200) is None:
            return
    path = f"/api/v1/lookup/{code}?secret={secret}"
    public = {"X-Forwarded-Proto": "https"}
    found = await timed("lookup (public)", lambda: client.request("GET", path, headers=public), 200)
    if found is None:
        return
    if found.json()["status"] != RETURNED:
        tally.errors.append(f"lookup: {code} is {found.json()['status']}, not returned")
        return
    tally.completed.append((code, secret))


def label_of(step: tuple, plan: list) -> str:
    who, action, _ = step
    return f"{action} ({who})"


async def drive(port, setup, body, plan, *, clients: int, seconds: float, tally: Tally) -> float:
    """``clients`` clients run lifecycles until ``seconds`` have passed; elapsed seconds."""
    prefix = f"bench-lc-{os.urandom(4).hex()}"
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    async def one(index: int) -> None:
        client = Client("127.0.0.1", port)
        n = 0
        try:
            while time.monotonic() < deadline:
                n += 1
                await lifecycle(client, setup, body, plan, tally, f"{prefix}-{index}", n)
        finally:
            await client.close()

    await asyncio.gather(*(one(i) for i in range(clients)))
    return time.monotonic() - started


def verify(completed: list[tuple[str, str]], sample: int) -> tuple[int, int, list[str]]:
    """(returned in SQL, sample size, broken chains) for the completed lifecycles."""
    from django.db import connection

    from motcua.dossiers.audit import _check_dossier
    from motcua.dossiers.models import Dossier, DossierEvent

    codes = [code for code, _ in completed]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM dossiers_dossier WHERE code = ANY(%s) AND status = %s "
            "AND returned_at IS NOT NULL AND result = 'approved'",
            [codes, RETURNED],
        )
        (returned,) = cursor.fetchone()
    picked = random.Random(1).sample(codes, min(sample, len(codes)))
    broken = []
    for dossier in Dossier.objects.filter(code__in=picked):
        events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
        link = _check_dossier(dossier, events)
        if link is not None:
            broken.append(str(link))
    return returned, len(picked), broken


def stored() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        return cursor.fetchone()[0]


def numbers_left(desk: int) -> int:
    from django.utils import timezone

    from motcua.dossiers.models import CodeCounter

    today = timezone.localdate()
    used = CodeCounter.objects.filter(agency_id=desk, day=today).values_list("last", flat=True)
    return 9999 - (used.first() or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=int(os.environ.get("BENCH_LIFECYCLE_ROWS", "1000000"))
    )
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=5, help="seconds not counted")
    parser.add_argument("--baseline-seconds", type=int, default=10)
    parser.add_argument("--sample", type=int, default=500, help="audit chains verified")
    parser.add_argument("--keep", action="store_true", help="keep the database, reuse it")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: make bench installs it (Debian package wrk)")
    tmp = tempfile.mkdtemp(prefix="motcua-bench-lifecycle-")
    try:
        with report_database(DATABASE, rows=options.rows, keep=options.keep) as fresh:
            from django.utils import timezone

            if fresh:
                generate(options.rows, timezone.now())
            else:
                print(f"reusing {DATABASE} with {options.rows:,} generated dossiers (--keep)")
            return run(options, server_env(tmp))
    finally:
        subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=False, capture_output=True)  # noqa: S603,S607
        shutil.rmtree(tmp, ignore_errors=True)


def run(options, env: dict) -> int:
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)  # noqa: S603,S607
    manage(env, "collectstatic", "--no-input", "-v", "0")
    setup = choices()
    before = stored()
    left = numbers_left(setup["desk"])
    expected = (options.seconds + options.warmup) * TARGET_PER_SECOND * 2
    if left < expected:
        print(f"warning: the desk has {left:,} dossier numbers left today; a run may use more")

    with PatientServer(env, "bench.hello.minimal") as server:
        wrk(server.url + "/bench-hello", seconds=3, connections=options.clients)
        bare = wrk(
            server.url + "/bench-hello",
            seconds=options.baseline_seconds,
            connections=options.clients,
        )
    with PatientServer(env, "bench.hello.full") as server:
        body, plan = asyncio.run(discover(server.port, setup))
        steps = ["submit", *(label_of(s, plan) for s in plan), "lookup (public)"]
        print(f"lifecycle of {body['procedure']}: " + " → ".join(steps))
        warm = Tally()
        asyncio.run(
            drive(
                server.port, setup, body, plan,
                clients=options.clients, seconds=options.warmup, tally=warm,
            )
        )  # fmt: skip
        tally = Tally()
        elapsed = asyncio.run(
            drive(
                server.port, setup, body, plan,
                clients=options.clients, seconds=options.seconds, tally=tally,
            )
        )  # fmt: skip
    returned, sampled, broken = verify(tally.completed, options.sample)

    done = len(tally.completed)
    per_second = done / elapsed
    rps = tally.requests / elapsed
    print(
        f"\nFull lifecycles over HTTP ({options.clients} clients, {elapsed:.1f} s, "
        f"{before:,} dossiers stored at the start; {os.cpu_count()} cores shared by server, "
        "database, Redis and client)"
    )
    print("| Step | Requests | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for label in steps:
        samples = tally.latency[label]
        print(
            f"| {label} | {len(samples):,} | {percentile(samples, 50):.1f} | "
            f"{percentile(samples, 99):.1f} |"
        )
    print()
    print("| What | Figure | Baseline (same run) | Ratio | Target |")
    print("|---|---|---|---|---|")
    print(
        f"| complete lifecycles ({done:,} done, {len(tally.errors)} errors) | "
        f"{per_second:,.1f}/s | DIGIT 6.3/s (1 M stored, 16 vCPU) | "
        f"{per_second / DIGIT_PER_SECOND:.1f} | ≥ {TARGET_PER_SECOND}/s, 0 errors |"
    )
    print(
        f"| requests in those lifecycles ({tally.requests:,}, of which {tally.shed:,} "
        f"refused 503 by the load shedding and sent again) | {rps:,.0f}/s | "
        f"bare Django {bare['rps']:,.0f}/s | {rps / bare['rps']:.2f} | — |"
    )
    print(
        f"\nchecked in SQL: {returned:,} of {done:,} completed dossiers returned with their "
        f"result; audit chains verified for {sampled:,}: {len(broken)} broken"
    )
    for line in (tally.errors + broken)[:10]:
        print("  " + line)
    met = per_second >= TARGET_PER_SECOND and not tally.errors
    print(f"target ≥ {TARGET_PER_SECOND} lifecycles/s, 0 errors: {'met' if met else 'MISSED'}")
    record(
        "lifecycle",
        figure=f"{per_second:,.1f}/s ({done:,} done, {len(tally.errors)} errors, {before:,} "
        f"stored; {rps:,.0f} requests/s)",
        baseline=f"DIGIT 6.3/s on 16 vCPU; bare Django {bare['rps']:,.0f}/s",
        ratio=f"{per_second / DIGIT_PER_SECOND:.2f} × DIGIT; {rps / bare['rps']:.3f} × bare",
        target=f"≥ {TARGET_PER_SECOND}/s",
        met=met,
    )
    ok = not tally.errors and not broken and returned == done and done > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
