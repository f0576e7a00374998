"""What the fault scenarios share: the figures they count, loud checks, the environment of
a production-like process, and the small world (a district desk and a procedure offered
online) every scenario submits to."""

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PropertyViolated(AssertionError):
    """A property a scenario guarantees did not hold."""


@dataclass
class Figures:
    """The counts printed at the end of ``make test-faults``."""

    requests: int = 0
    faults: int = 0
    acknowledged: int = 0
    lost: int = 0
    duplicates: int = 0
    chains: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, **counts: int) -> None:
        for name, value in counts.items():
            setattr(self, name, getattr(self, name) + value)

    def report(self) -> str:
        lines = [
            f"requests tried            {self.requests}",
            f"faults injected           {self.faults}",
            f"acknowledged submissions  {self.acknowledged}",
            f"records lost              {self.lost}",
            f"duplicates                {self.duplicates}",
            f"audit chains verified     {self.chains}",
        ]
        return "\n".join(lines + [f"  {note}" for note in self.notes])


def check(condition: bool, what: str) -> None:
    """Print the property; stop the run at once, loudly, when it does not hold."""
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        raise PropertyViolated(what)


def production_env(database: str, tmp: str, **extra: str) -> dict:
    """Environment of a production process (DEBUG off) on ``database``; files under ``tmp``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "false",
        "SECRET_KEY": "faults-" + os.urandom(16).hex(),
        "MOTCUA_AUDIT_KEY": "faults-audit-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": f"{tmp}/mail",
        "MEDIA_ROOT": f"{tmp}/media",
        "STATIC_ROOT": f"{tmp}/static",
        "SECURE_SSL_REDIRECT": "false",
        "MOTCUA_API_REQUESTS_TOKEN": "1000000000",
        "MOTCUA_API_REQUESTS_ANONYMOUS": "1000000000",
        "MOTCUA_LOOKUP_ATTEMPTS": "1000000000",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def wait_until(predicate, *, seconds: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()
