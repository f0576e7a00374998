"""Start Một Cửa as production runs it, on this machine, and use it: ``make prod-check``.

Production settings (DEBUG off, HTTPS behind a proxy, collected and compressed static
files), a new PostgreSQL database (dropped at the end) also used as a stand-in read
replica, Redis for the cache, sessions and rate-limit counters, the database task queue
with its worker, and gunicorn with config/gunicorn.py. Then, through HTTP only: the health
probe, public pages with their static files, a staff login, an online submission through
the API, the e-mail the task worker sends for it, the public lookup, the report through
the replica route, and the rate-limit counters in Redis. Exits non-zero on any failure.

    python tests/prod/check.py [--postgres postgres://postgres@127.0.0.1:5432] [--redis redis://127.0.0.1:6379/15]
"""

import argparse
import base64
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.harness import (  # noqa: E402
    desk_unit_code,
    free_port,
    manage,
    production_env,
    throwaway_postgres,
)

BIN = Path(sys.executable).parent
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """The browser speaks HTTPS to the proxy, which speaks HTTP here: Secure cookies go."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Site:
    """A browser-like client: cookies, and the headers the reverse proxy would add."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar(BehindTheProxy())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path, *, data=None, headers=None, method=None):
        headers = {"X-Forwarded-Proto": "https", "X-Real-IP": "203.0.113.7", **(headers or {})}
        request = urllib.request.Request(  # noqa: S310 - our own server
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(condition: bool, what: str) -> None:
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        raise SystemExit(1)


def wait_for(site: Site, path: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _, _ = site.request(path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer {path}")


def smoke(site: Site, token: str, mail_dir: Path, env: dict) -> None:
    status, headers, body = site.request("/healthz")
    check(status == 200 and json.loads(body)["status"] == "ok", "health probe: database and cache")

    status, headers, body = site.request("/")
    check(status == 200 and "Thủ tục hành chính".encode() in body, "home page (Vietnamese)")
    check("max-age=31536000" in headers.get("Strict-Transport-Security", ""), "HSTS header")
    policy = headers.get("Content-Security-Policy", "")
    check(
        "script-src 'self' 'nonce-" in policy and "unsafe" not in policy,
        "Content-Security-Policy with a nonce, nothing unsafe",
    )
    css = re.search(rb'href="(/static/[^"]+\.css)"', body)
    check(css is not None and b"." in css.group(1), "static CSS with a hashed name")
    status, headers, _ = site.request(css.group(1).decode(), headers={"Accept-Encoding": "gzip"})
    check(
        status == 200 and headers.get("Content-Encoding") in ("gzip", "br"),
        "static CSS served compressed by WhiteNoise",
    )
    check("immutable" in headers.get("Cache-Control", ""), "static files cached for good")

    status, _, body = site.request("/thu-tuc/?q=dang+ky+khai+sinh")
    check(status == 200 and "Đăng ký khai sinh".encode() in body, "catalogue search")

    status, _, body = site.request("/accounts/login/")
    check(status == 200, "login page")
    token_field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token_field.decode(),
            "username": "desk",
            "password": "demo-motcua",
        }
    ).encode()
    status, headers, _ = site.request(
        "/accounts/login/",
        data=form,
        headers={"Referer": site.base + "/accounts/login/", "Origin": site.base},
    )
    check(status == 302, "staff login")
    check(
        site.cookie("__Host-sessionid") != "", "session cookie set (Secure, from Redis + database)"
    )
    status, _, body = site.request("/staff/")
    check(status == 200, "staff home after login")

    api = Site(site.base)
    status, _, body = api.request("/api/v1/procedures?level=district&online_level=partial")
    procedures = json.loads(body)["items"]
    check(status == 200 and procedures, "API catalogue")
    desk_unit = env["_desk_unit"]
    chosen = agency = None
    for item in procedures:
        _, _, body = api.request(f"/api/v1/procedures/{item['code']}")
        detail = json.loads(body)
        here = [a for a in detail["agencies"] if a["unit"]["code"] == desk_unit]
        if here:
            chosen, agency = detail, here[0]
            break
    check(chosen is not None, f"a procedure offered online by the desk's unit {desk_unit!r}")
    application = {
        "procedure": chosen["code"],
        "agency": agency["identifier"],
        "applicant": {
            "name": "Ma Thị Hoa",
            "id_number": "008195001122",
            "phone": "0912345678",
            "email": "hoa@example.org",
        },
        "documents": [
            {
                "component_id": c["id"],
                "name": "giay-to.pdf",
                "content_base64": base64.b64encode(PDF).decode(),
            }
            for c in chosen["components"]
            if c["required"] and not c["condition"]
        ],
        "consent": True,
    }
    headers = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": "prod-check-0001",
        "Content-Type": "application/json",
    }
    status, _, body = api.request(
        "/api/v1/dossiers", data=json.dumps(application).encode(), headers=headers
    )
    sent = json.loads(body)
    check(status == 201, f"online submission through the API ({sent.get('code')})")

    deadline = time.monotonic() + 30
    mails = []
    while time.monotonic() < deadline and not mails:
        mails = [p for p in mail_dir.glob("*") if sent["code"].encode() in p.read_bytes()]
        time.sleep(0.5)
    check(bool(mails), "the task worker sent the applicant's e-mail")

    query = urllib.parse.urlencode({"secret": sent["lookup_secret"]})
    status, _, body = api.request(f"/api/v1/lookup/{sent['code']}?{query}")
    check(status == 200 and json.loads(body)["status"] == 1, "public lookup")

    status, _, body = api.request(
        "/api/v1/reports/periodic?from=2026-01-01&to=2026-12-31&by=level",
        headers={"Authorization": f"Bearer {token}"},
    )
    check(status == 200 and "total" in json.loads(body), "periodic report (replica route)")

    keys = subprocess.run(  # noqa: S603
        ["redis-cli", "-u", env["REDIS_URL"], "--scan", "--pattern", "*rl:api*"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    check(bool(keys), "rate-limit counters are in Redis (shared by every web node)")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    options = parser.parse_args()
    processes: list[subprocess.Popen] = []
    try:
        with (
            tempfile.TemporaryDirectory(prefix="motcua-prod-") as tmp,
            throwaway_postgres(options.postgres, "motcua_prodcheck") as database,
        ):
            port = free_port()
            env = production_env(
                CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
                SITE_URL=f"http://127.0.0.1:{port}",
                DATABASE_URL=database,
                DATABASE_REPLICA_URL=database,
                REDIS_URL=options.redis,
                TASKS_BACKEND="django_tasks_db.DatabaseBackend",
                EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                EMAIL_FILE_PATH=f"{tmp}/mail",
                STATIC_ROOT=f"{tmp}/static",
                MEDIA_ROOT=f"{tmp}/media",
                GUNICORN_BIND=f"127.0.0.1:{port}",
                WEB_CONCURRENCY="2",
                GUNICORN_ACCESS_LOG=f"{tmp}/access.log",
            )
            subprocess.run(["redis-cli", "-u", options.redis, "FLUSHDB"], check=True)  # noqa: S603,S607
            manage(env, "migrate", "--no-input", "-v", "0")
            deploy = manage(env, "check", "--deploy", "--fail-level", "WARNING")
            check("no issues" in deploy, "manage.py check --deploy: no warnings")
            manage(env, "collectstatic", "--no-input", "-v", "0")
            manage(env, "load_demo", "--force")
            token = manage(env, "create_api_token", "--name", "prod-check", "--scope", "write")
            token = token.strip().splitlines()[-1]
            env["_desk_unit"] = desk_unit_code(env)
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.py"), "config.wsgi"],
                    env=env,
                    cwd=ROOT,
                )
            )
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.2"],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                )
            )
            try:
                site = Site(f"http://127.0.0.1:{port}")
                wait_for(site, "/healthz")
                os.makedirs(f"{tmp}/mail", exist_ok=True)
                smoke(site, token, Path(f"{tmp}/mail"), env)
            finally:  # stop them while their database still exists
                stop(processes)
    finally:
        stop(processes)
        subprocess.run(["redis-cli", "-u", options.redis, "FLUSHDB"], check=False)  # noqa: S603,S607
    print("prod-check: the production setup works on this machine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
