"""Bare Django: no middleware, no apps, one JSON view — the baseline of the HTTP benches."""

SECRET_KEY = "bench-minimal-" * 4
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.hello.minimal_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
