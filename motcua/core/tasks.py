"""Enqueueing work that must follow a change, and only a committed one."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction


def queue_in_database() -> bool:
    """Whether tasks are rows of this database (``django_tasks_db``)."""
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def after_commit(enqueue: Callable[[], None]) -> None:
    """Enqueue once the change is committed, and never for a change rolled back.

    With the queue in this database the task is written now, inside the transaction: it
    is committed with the change or not at all, so a process killed between the commit and
    an after-commit callback cannot lose it. Any other queue (the immediate backend of
    the embedded default, a Redis queue) is fed after the commit.
    """
    if queue_in_database():
        enqueue()
    else:
        transaction.on_commit(enqueue)
