"""Shared pieces of the benchmarks: a throw-away PostgreSQL database and timing helpers."""

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def bench_database(name: str) -> Iterator[None]:
    """Create database ``name``, point Django at it (production-like settings), drop it after."""
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    # No debug query log, no HTTPS redirect for the in-process client.
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="bench-" * 10,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=tempfile.mkdtemp(prefix="motcua-bench-static-"),
    )
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(os.environ["STATIC_ROOT"], ignore_errors=True)


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    """Milliseconds per call, after one warm-up call."""
    fn()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def record(
    row: str, *, figure: str, baseline: str, ratio: str, target: str, met: bool | None
) -> None:
    """Hand one measured row of QUALITY.md's table to ``bench/all.py`` (a JSON line in the
    file named by ``BENCH_TABLE``); ``met`` is None where no target applies."""
    path = os.environ.get("BENCH_TABLE")
    if not path:
        return
    import json

    line = {"row": row, "figure": figure, "baseline": baseline, "ratio": ratio}
    line.update(target=target, met=met)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
