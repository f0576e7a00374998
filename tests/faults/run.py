"""Concurrency and fault injection on PostgreSQL: ``make test-faults``.

1. In-process concurrency through the services (tests/faults/concurrency.py): 10,000
   submissions sharing 1,000 keys, 50 processes racing transitions and daily codes, 16
   updates of one dossier.
2. gunicorn with production settings, clients submitting through the API and retrying the
   same Idempotency-Key, a random worker SIGKILLed every ~2 s.
3. The same under load on a private PostgreSQL cluster restarted (fast) and crashed
   (immediate): clean 503 answers during the outage, recovery without anyone acting.
4. Degraded modes (tests/faults/degraded.py): no task worker, mail server refusing,
   database read-only.

Each scenario stops the run when a property does not hold; the figures are printed at the
end. Uses a throw-away database on --postgres (dropped at the end) and Redis db --redis.

    python tests/faults/run.py [--postgres postgres://postgres@127.0.0.1:5432]
                               [--redis redis://127.0.0.1:6379/12] [--kill-seconds 16]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.faults.cluster import private_cluster  # noqa: E402
from tests.faults.common import Figures, PropertyViolated, check, production_env  # noqa: E402
from tests.faults.degraded import degraded_modes  # noqa: E402
from tests.faults.server import Gunicorn, Tally, run_clients  # noqa: E402
from tests.harness import manage, throwaway_postgres  # noqa: E402

HERE = Path(__file__).resolve().parent


def django_side(env: dict, script: str, *args: str) -> dict:
    """Run a Django-side script of this folder; its check lines shown, its JSON returned."""
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-u", str(HERE / script), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    last = ""
    for line in process.stdout:
        if not line.startswith("{"):
            print(line, end="", flush=True)
        last = line
    if process.wait() != 0:
        raise PropertyViolated(f"{script} {' '.join(args)} failed")
    return json.loads(last)


def finish_clients(tally: Tally, stop: threading.Event, threads: list) -> None:
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    check(not any(t.is_alive() for t in threads), "every client got its last answer")
    check(not tally.unexpected, f"no unexpected answer {tally.unexpected[:3] or ''}")


def verify(env: dict, tmp: str, tally: Tally, prefix: str, documents: int, figures) -> None:
    acknowledged = Path(tmp) / f"{prefix}.json"
    acknowledged.write_text(json.dumps(tally.acknowledged))
    found = django_side(
        {**env, "FAULTS_DOCUMENTS": str(documents)}, "store.py", "verify", str(acknowledged), prefix
    )
    figures.add(
        acknowledged=len(tally.acknowledged),
        lost=found["lost"],
        duplicates=found["duplicates"],
        chains=found["chains"],
    )
    figures.notes.append(
        f"{prefix}: {found['stored']} dossiers checked, {found['orphan_files_swept']} files "
        "left by killed requests swept"
    )


def killed_workers(env: dict, tmp: str, setup: dict, figures: Figures, seconds: float) -> None:
    print("\n2. gunicorn workers SIGKILLed every ~2 s during submissions", flush=True)
    rng, kills = random.Random(20261202), 0
    with Gunicorn(env, Path(tmp) / "gunicorn-kill.log", workers=3) as server:
        tally, stop = Tally(), threading.Event()
        threads = run_clients(
            server, setup["token"], setup["body"], "kill", tally, clients=6, stop=stop
        )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(1.5, 2.5))
            kills += server.kill_worker(rng)
        finish_clients(tally, stop, threads)
        check(kills >= seconds // 3, f"{kills} workers killed, the master respawned them")
        errors = {k: v for k, v in tally.answers.items() if k.startswith("5") and k != "503"}
        check(not errors, f"no server error answered (503: shed while busy) {errors or ''}")
        check(server.healthy() and len(server.workers()) == 3, "3 workers serve afterwards")
    figures.add(requests=tally.requests, faults=kills)
    figures.notes.append(f"killed workers: {kills} kills, answers seen {dict(tally.answers)}")
    verify(env, tmp, tally, "kill", setup["documents"], figures)


def _recovery(server: Gunicorn, what: str) -> float:
    started = time.monotonic()
    while not server.healthy():
        check(time.monotonic() - started < 30, f"the app recovers by itself after {what}")
        time.sleep(0.1)
    return time.monotonic() - started


def restarted_database(env: dict, tmp: str, setup: dict, figures: Figures, source: str) -> None:
    print("\n3. PostgreSQL restarted and crash-restarted under load (private cluster)", flush=True)
    with private_cluster() as cluster:
        database = cluster.copy_database(source, "motcua")
        env = {**env, "DATABASE_URL": database}
        with Gunicorn(env, Path(tmp) / "gunicorn-restart.log", workers=3) as server:
            tally, stop = Tally(), threading.Event()
            threads = run_clients(
                server, setup["token"], setup["body"], "restart", tally, clients=4, stop=stop
            )
            recoveries = []
            for mode in ("fast", "immediate"):
                time.sleep(3)
                cluster.ctl("stop", "-m", mode)
                time.sleep(1.5)  # the outage: requests arrive while nothing listens
                cluster.start()
                recoveries.append(_recovery(server, f"a {mode} restart"))
            time.sleep(3)
            finish_clients(tally, stop, threads)
        refused = {k: v for k, v in tally.answers.items() if k.startswith("5")}
        check(set(refused) <= {"503"}, f"during the outages only 503 answers {refused}")
        check(refused.get("503", 0) > 0, f"{refused.get('503', 0)} requests refused with 503")
        figures.add(requests=tally.requests, faults=2)
        figures.notes.append(
            "database restarts: recovered in "
            + ", ".join(f"{s:.1f} s" for s in recoveries)
            + f" after the server was back; answers seen {dict(tally.answers)}"
        )
        verify(env, tmp, tally, "restart", setup["documents"], figures)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--kill-seconds", type=float, default=16)
    parser.add_argument("--scenarios", default="1234", help="which to run, e.g. 234")
    options = parser.parse_args()
    figures, started = Figures(), time.monotonic()
    redis = ["redis-cli", "-u", options.redis, "FLUSHDB"]
    try:
        with (
            tempfile.TemporaryDirectory(prefix="motcua-faults-") as tmp,
            throwaway_postgres(options.postgres, "motcua_faults") as database,
        ):
            env = production_env(database, tmp, REDIS_URL=options.redis)
            subprocess.run(redis, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
            manage(env, "migrate", "--no-input", "-v", "0")
            collect = subprocess.Popen(  # noqa: S603 - for the pages; meanwhile scenario 1 runs
                [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"],
                env=env,
                cwd=ROOT,
            )
            if "1" in options.scenarios:
                print("1. concurrency through the services (separate processes)", flush=True)
                found = django_side(env, "concurrency.py")
                figures.add(**{k: v for k, v in found.items() if k != "notes"})
                figures.notes.extend(found["notes"])
            setup = django_side(env, "store.py", "setup")
            check(collect.wait() == 0, "static files collected (manifest for the pages)")
            if "2" in options.scenarios:
                killed_workers(env, tmp, setup, figures, options.kill_seconds)
            if "3" in options.scenarios:
                restarted_database(env, tmp, setup, figures, database)
            if "4" in options.scenarios:
                degraded_modes(env, tmp, setup, figures, database)
    except PropertyViolated as failed:
        print(f"\nFAILED: {failed}\n\n{figures.report()}", flush=True)
        return 1
    finally:
        subprocess.run(redis, check=False, stdout=subprocess.DEVNULL)  # noqa: S603
    print(f"\nfaults: every property held ({time.monotonic() - started:.0f} s)\n")
    print(figures.report(), flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
