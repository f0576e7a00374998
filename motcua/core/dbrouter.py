"""Send the reads of reports to a read replica, when the deployment has one.

Reports and the dashboard read many rows and may be a few seconds behind; everything else
reads and writes the primary. Code that reads for a report runs inside
``reading_for_reports()``; with ``DATABASE_REPLICA_URL`` set (alias ``replica``) those
reads go there. Without a replica nothing changes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_for_reports: ContextVar[bool] = ContextVar("motcua_reading_for_reports", default=False)


@contextmanager
def reading_for_reports() -> Iterator[None]:
    token = _for_reports.set(True)
    try:
        yield
    finally:
        _for_reports.reset(token)


class ReportsToReplica:
    def db_for_read(self, model, **hints) -> str | None:
        if _for_reports.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return db != REPLICA  # a replica follows the primary; it is never migrated itself
