import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def start_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter, as a server process would at start-up."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_refuse_production_without_secret_key():
    result = start_settings(DEBUG="false", ALLOWED_HOSTS="motcua.example.vn")

    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_production_without_allowed_hosts():
    result = start_settings(DEBUG="false", SECRET_KEY="x" * 50)

    assert result.returncode == 1
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_settings_start_in_production_with_both():
    result = start_settings(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="motcua.example.vn")

    assert result.returncode == 0, result.stderr


def test_settings_refuse_a_debug_value_that_is_not_a_boolean():
    result = start_settings(DEBUG="maybe")

    assert result.returncode == 1
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize(
    ("name", "default"),
    [("TIME_ZONE", "Asia/Ho_Chi_Minh"), ("LANGUAGE_CODE", "vi")],
)
def test_settings_defaults(name, default):
    from django.conf import settings

    assert getattr(settings, name) == default


def csp_settings(**env: str) -> dict[str, dict]:
    """The two Content-Security-Policy settings of a process started with ``env``."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings as s;"
            "print(json.dumps([s.SECURE_CSP, s.SECURE_CSP_REPORT_ONLY]))",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    enforced, report_only = json.loads(result.stdout.strip().splitlines()[-1])
    return {"enforced": enforced, "report_only": report_only}


def test_settings_csp_reports_to_the_uri_given():
    policies = csp_settings(MOTCUA_CSP_REPORT_URI="https://csp.example.vn/report")

    assert policies["enforced"]["report-uri"] == "https://csp.example.vn/report"
    assert policies["enforced"]["script-src"] == ["'self'", "<CSP_NONCE_SENTINEL>"]
    assert policies["report_only"] == {}


def test_settings_csp_enforced_without_a_report_uri_by_default():
    policies = csp_settings()

    assert policies["enforced"]["report-uri"] == ""
    assert policies["report_only"] == {}


def test_settings_csp_report_only_mode_moves_the_policy():
    policies = csp_settings(MOTCUA_CSP_REPORT_ONLY="true")

    assert policies["enforced"] == {}
    assert policies["report_only"]["default-src"] == ["'self'"]


def test_settings_production_cookies_are_secure_http_only_and_same_site():
    """Session and CSRF cookies travel only over HTTPS; the session cookie is out of
    scripts' reach; neither is sent with requests from other sites' pages."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings as s;"
            "print(json.dumps([s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
            " s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE]))",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "motcua.example.vn",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    flags = json.loads(result.stdout.strip().splitlines()[-1])

    assert flags == [True, True, "Lax", True, "Lax"]
