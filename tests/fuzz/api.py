"""Fuzz the REST API with schemathesis against a production-like server, from its OpenAPI.

Sets up a throw-away SQLite database with the demo district, makes a write token acting
for the district's desk officer, starts gunicorn with DEBUG off on 127.0.0.1, and runs
schemathesis (every operation, examples + coverage + fuzzing + stateful phases, a bounded
number of cases) with the checks below. Fails on any server error, schema violation,
undocumented status or response slower than one second. Stops by itself.

    python tests/fuzz/api.py [--max-examples N] [--seed N] [--postgres postgres://user@host:port]

With --postgres the database is a new PostgreSQL database on that server (dropped at the
end) instead of SQLite: PostgreSQL is what production runs, and it is stricter.
"""

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.harness import free_port, manage, throwaway_postgres  # noqa: E402

BIN = Path(sys.executable).parent
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "unsupported_method",
    "ignored_auth",
]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own server
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


@contextlib.contextmanager
def database(tmp: str, server: str | None):
    """A database URL for the run: SQLite in ``tmp``, or a throw-away PostgreSQL database."""
    if not server:
        yield f"sqlite:///{tmp}/db.sqlite3"
        return
    with throwaway_postgres(server, "motcua_fuzz") as url:
        yield url


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=random.randrange(1_000_000))
    parser.add_argument("--max-time", type=int, default=600, help="seconds for the whole run")
    parser.add_argument("--postgres", help="server URL, e.g. postgres://postgres@127.0.0.1:5432")
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="motcua-fuzz-") as tmp,
        database(tmp, options.postgres) as database_url,
    ):
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "fuzz-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": f"{tmp}/media",
            "STATIC_ROOT": f"{tmp}/static",
            "SITE_URL": "http://127.0.0.1",
            # Plain HTTP on the loopback: in production TLS ends at the reverse proxy.
            "SECURE_SSL_REDIRECT": "false",
            # The fuzzer is one client sending thousands of requests: limits would only
            # turn its cases into 429s (the limits have their own tests).
            "MOTCUA_API_REQUESTS_TOKEN": "1000000",
            "MOTCUA_API_REQUESTS_ANONYMOUS": "1000000",
            "MOTCUA_LOOKUP_ATTEMPTS": "1000000",
            "MOTCUA_FEEDBACK_LOOKUP_ATTEMPTS": "1000000",
        }
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--no-input", "-v", "0")
        # As a deployment does: pages (such as the CSRF refusal) name hashed static files.
        manage(env, "collectstatic", "--no-input", "-v", "0")
        manage(env, "load_demo", "--force")
        token = manage(
            env, "create_api_token", "--name", "fuzz", "--scope", "write", "--user", "desk"
        ).strip()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "30",
                # The reverse proxy in front owns the request-line limit (0: none here), so
                # the fuzzer's longest query strings reach the application.
                "--limit-request-line",
                "0",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_for(f"{base}/api/v1/openapi.json")
            print(f"schemathesis against {base} (seed {options.seed})", flush=True)
            command = [
                str(BIN / "schemathesis"),
                "run",
                f"{base}/api/v1/openapi.json",
                "--checks",
                ",".join(CHECKS),
                "--max-examples",
                str(options.max_examples),
                "--max-response-time",
                "1",
                "--max-time",
                str(options.max_time),
                "--seed",
                str(options.seed),
                "--header",
                f"Authorization: Bearer {token}",
                "--header",
                "Accept-Language: en",
                # One worker: two would parse schemas in two threads at once, which trips a
                # bug of Python 3.11's ast module ("AST constructor recursion depth").
                "--workers",
                "1",
                "--request-timeout",
                "10",
                "--no-color",
            ]
            return subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
