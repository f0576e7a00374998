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
