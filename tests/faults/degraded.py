"""Scenario 4: degraded modes. No task worker, a mail server refusing, a read-only database:
submissions are accepted (or clearly refused with 503), the lookup still works, nothing
the citizen sees is a server error, no notification is lost."""

import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import psycopg

from tests.faults.common import ROOT, check
from tests.faults.server import Gunicorn, Tally, submit_until_answered
from tests.harness import free_port

TASKS = "django_tasks_database_dbtaskresult"
NOTIFY = "motcua.dossiers.notifications.notify_applicant"


def _tasks(database: str, dossier_code: str) -> list[tuple[str, str]]:
    """(status, exception class) of the notification tasks of one dossier."""
    with psycopg.connect(database) as connection:
        return connection.execute(
            f"SELECT t.status, t.exception_class_path FROM {TASKS} t "  # noqa: S608
            "JOIN dossiers_dossier d ON (t.args_kwargs->'args'->>0)::bigint = d.id "
            "WHERE t.task_path = %s AND d.code = %s",
            [NOTIFY, dossier_code],
        ).fetchall()


def _worker(env: dict) -> None:
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    check(
        done.returncode == 0, f"the task worker ran {done.stderr[-300:] if done.returncode else ''}"
    )


def _lookup(server: Gunicorn, tally: Tally, key: str) -> None:
    code, secret = tally.acknowledged[key], tally.secrets[key]
    query = urllib.parse.urlencode({"secret": secret})
    status, _, body = server.request("GET", f"/api/v1/lookup/{code}?{query}")
    check(status == 200 and json.loads(body)["code"] == code, "the API lookup still works")
    query = urllib.parse.urlencode({"code": code, "secret": secret})
    status, headers, body = server.request("GET", f"/tra-cuu/?{query}")
    check(status == 302, f"the portal lookup finds the dossier ({status})")
    cookie = "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie") or [])
    status, _, body = server.request("GET", headers["Location"], headers={"Cookie": cookie})
    check(status == 200 and code.encode() in body, f"the portal shows its status ({status})")


def _submit(server: Gunicorn, setup: dict, key: str, tally: Tally) -> str:
    submit_until_answered(server, setup["token"], setup["body"], key, tally, patience=30)
    check(key in tally.acknowledged and not tally.unexpected, f"submission {key} accepted")
    return tally.acknowledged[key]


def no_task_worker(server, env, setup, tally, database) -> None:
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(f"DELETE FROM {TASKS}")  # the earlier scenarios' notifications  # noqa: S608
    code = _submit(server, setup, "no-worker-1", tally)
    _lookup(server, tally, "no-worker-1")
    check(_tasks(database, code) == [("READY", "")], "its notification waits in the queue")
    _worker(env)
    mails = [p for p in Path(env["EMAIL_FILE_PATH"]).glob("*") if code.encode() in p.read_bytes()]
    tasks = _tasks(database, code)
    sent = bool(mails) and tasks[0][0] == "SUCCESSFUL"
    check(sent, f"a task worker started later sends it {'' if sent else (tasks, len(mails))}")


def mail_refused(server, env, setup, tally, database) -> None:
    code = _submit(server, setup, "no-mail-1", tally)
    smtp = {
        **env,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),  # nothing listens there
    }
    _worker(smtp)
    status, exception = _tasks(database, code)[0]
    check(
        status == "FAILED" and exception.endswith("ConnectionRefusedError"),
        f"mail server refusing: the notification is recorded as failed ({exception}), not lost",
    )


def read_only(env, tmp, setup, tally, database) -> None:
    # Altered from the maintenance database: a session on a read-only one cannot undo it.
    server_url, name = database.rsplit("/", 1)
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    try:
        with Gunicorn(env, Path(tmp) / "gunicorn-readonly.log", workers=2) as server:
            headers = {
                "Authorization": f"Bearer {setup['token']}",
                "Idempotency-Key": "read-only-1",
                "Content-Type": "application/json",
            }
            status, _, body = server.request("POST", "/api/v1/dossiers", setup["body"], headers)
            answer = json.loads(body) if body.startswith(b"{") else {}
            check(
                status == 503 and answer.get("code") == "unavailable",
                f"read-only database: the submission is refused with 503 "
                f"“{answer.get('message', body[:120])}”",
            )
            _lookup(server, tally, "no-worker-1")
            status, _, body = server.request("GET", "/")
            check(status == 200, "the home page still works")
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
            connection.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')


def degraded_modes(env: dict, tmp: str, setup: dict, figures, database: str) -> None:
    print("\n4. degraded modes: no task worker, mail server refusing, read-only database")
    tally = Tally()
    with Gunicorn(env, Path(tmp) / "gunicorn-degraded.log", workers=2) as server:
        no_task_worker(server, env, setup, tally, database)
        mail_refused(server, env, setup, tally, database)
    read_only(env, tmp, setup, tally, database)
    figures.add(requests=tally.requests + 7, faults=3, acknowledged=len(tally.acknowledged))
