"""Uploaded files that no row names, swept away after a grace period.

A file is written to storage before its row is inserted, in the same transaction as the
rest of the submission, so a committed row always has its file. A process killed between
the two (a web worker SIGKILLed, a machine losing power) leaves the file without a row:
nothing refers to it and nobody can read it, but it holds a person's papers. Dossier
files and feedback attachments are swept alike. The deployment's scheduler runs
``manage.py sweep_uploads`` now and then; files younger than the grace period are left
alone, since their transaction may still be running.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone

from motcua.dossiers.models import DossierFile

BATCH = 500


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def uploads_sweep(
    model: type[models.Model],
    *,
    folder: str,
    parent: str,
    older_than: timedelta = timedelta(hours=1),
    now=None,
) -> int:
    """Delete files under ``folder/<parent id>/`` that no row of ``model`` names, older
    than ``older_than``; how many. ``model`` has a ``file`` field and a ``parent`` key."""
    storage = model._meta.get_field("file").storage
    cutoff = (now or timezone.now()) - older_than
    if not storage.exists(folder):
        return 0
    removed = 0
    folders, _files = storage.listdir(folder)
    for chunk in _chunks(sorted(folders), BATCH):
        ids = [int(name) for name in chunk if name.isdigit()]
        rows = model.objects.filter(**{f"{parent}_id__in": ids})
        known = set(rows.values_list("file", flat=True))
        for sub in chunk:
            for name in storage.listdir(f"{folder}/{sub}")[1]:
                path = f"{folder}/{sub}/{name}"
                if path not in known and storage.get_modified_time(path) < cutoff:
                    storage.delete(path)
                    removed += 1
    return removed


def dossier_uploads_sweep(*, older_than: timedelta = timedelta(hours=1), now=None) -> int:
    """Delete stored dossier files without their row, older than ``older_than``; how many."""
    return uploads_sweep(
        DossierFile, folder="dossiers", parent="dossier", older_than=older_than, now=now
    )
