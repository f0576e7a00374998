"""The product's settings, with /bench-hello added (security stack included)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.hello.urls"
