"""What the scripts that run the product as a server share: a free port, manage.py in a
given environment, and a PostgreSQL database that exists only for the run.

Used by tests/fuzz/api.py, tests/prod/check.py, bench/http_api.py and the settings tests.
"""

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides: str) -> dict[str, str]:
    """This environment as a production deployment sets it: DEBUG off, a long random
    SECRET_KEY, the host named; ``overrides`` add the database, cache and the rest."""
    # The browser tests' conftest allows sync database calls under Playwright's event
    # loop for their own process; a deployment never sets that.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "production-" + os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        **overrides,
    }


def manage(env: dict, *args: str) -> str:
    """Run ``manage.py`` with ``env``; its standard output, or exit naming the failure."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextlib.contextmanager
def throwaway_postgres(server: str, prefix: str) -> Iterator[str]:
    """A new database on ``server`` (postgres://user@host:port), dropped at the end."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def desk_unit_code(env: dict) -> str:
    """The administrative unit of the demo's district desk officer (``desk``)."""
    return manage(
        env,
        "shell",
        "-c",
        "from motcua.accounts.models import User;"
        "print(User.objects.get(username='desk').agency.unit.code)",
    ).split()[-1]
