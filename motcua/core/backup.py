"""Back up and restore the whole installation: the database and the uploaded files.

One archive (``.tar.gz``) holds ``database.dump`` (PostgreSQL, ``pg_dump -Fc``) or
``database.sqlite3`` (SQLite, its online backup API: consistent while the site runs),
``media/`` (the uploaded files, when they are on the local file system) and
``manifest.json``: when, from which database, the row count of every table and a
fingerprint of the audit key (never the key).

A restore refuses a database that already holds dossiers unless told to replace it,
refuses an archive made with another audit key (its chains would not verify), then checks
that every table holds the rows the manifest says.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(DomainError):
    code = "backup_error"
    message = _("Backup or restore refused: %(reason)s")


def _audit_fingerprint() -> str:
    return hashlib.sha256(f"motcua-audit:{settings.MOTCUA_AUDIT_KEY}".encode()).hexdigest()


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows in every table of the installed models (managed ones)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.using(alias).count()
    return dict(sorted(counts.items()))


def _libpq_env(database: dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump / pg_restore, the password in the environment."""
    args = ["--dbname", database["NAME"]]
    if database.get("HOST"):
        args += ["--host", database["HOST"]]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(reason=f"{command[0]}: {done.stderr.strip()[-500:]}")


def _media_storage() -> FileSystemStorage | None:
    return default_storage if isinstance(default_storage, FileSystemStorage) else None


def backup_create(*, output: Path, alias: str = "default") -> dict:
    """Write the archive to ``output`` (written beside it first, then moved into place)."""
    connection = connections[alias]
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="motcua-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "postgresql":
            args, env = _libpq_env(connection.settings_dict)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(work / "database.dump"),
                    *args,
                ],
                env,
            )
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(work / "database.sqlite3") as target:
                connection.connection.backup(target)
            target.close()
        else:
            raise BackupError(reason=f"no backup for the {connection.vendor} database")
        storage = _media_storage()
        files = 0
        if storage is not None and Path(storage.location).is_dir():
            shutil.copytree(storage.location, work / "media", symlinks=False)
            files = sum(len(names) for _, _, names in os.walk(work / "media"))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "tables": table_counts(alias),
            "media_files": files,
            "media_included": storage is not None,
            "audit_key_sha256": _audit_fingerprint(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for entry in sorted(work.iterdir()):
                archive.add(entry, arcname=entry.name)
        partial.replace(output)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError(reason=str(_("the file is not a Một Cửa backup.")))
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(reason=str(_("this backup format is not known.")))
    return manifest


def backup_restore(*, archive_path: Path, alias: str = "default", replace: bool = False) -> dict:
    """Restore the archive into the configured database and media folder."""
    connection = connections[alias]
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(archive)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                reason=str(_("the backup is of a %(backup)s database, this one is %(here)s."))
                % {"backup": manifest["vendor"], "here": connection.vendor}
            )
        if manifest["audit_key_sha256"] != _audit_fingerprint():
            raise BackupError(
                reason=str(
                    _("it was made with another MOTCUA_AUDIT_KEY: set the key it was made with.")
                )
            )
        if not replace and _holds_dossiers(alias):
            raise BackupError(
                reason=str(_("this database already holds dossiers; confirm replacing them."))
            )
        archive.extractall(tmp, filter="data")  # no absolute paths, links or devices
        work = Path(tmp)
        connections.close_all()
        if connection.vendor == "postgresql":
            args, env = _libpq_env(connection.settings_dict)
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(work / "database.dump"),
                ],
                env,
            )
        else:
            connection.ensure_connection()
            with sqlite3.connect(work / "database.sqlite3") as source:
                source.backup(connection.connection)
            source.close()
        storage = _media_storage()
        if (work / "media").is_dir() and storage is not None:
            shutil.copytree(work / "media", storage.location, dirs_exist_ok=True)
    found = table_counts(alias)
    differences = {
        table: (count, found.get(table))
        for table, count in manifest["tables"].items()
        if found.get(table) != count
    }
    if differences:
        raise BackupError(reason=f"rows differ after the restore: {differences}")
    return manifest


def _holds_dossiers(alias: str) -> bool:
    from motcua.dossiers.models import Dossier

    try:
        return Dossier.objects.using(alias).exists()
    except Exception:  # noqa: BLE001 - an empty database without tables holds nothing
        return False


def default_archive_name() -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - a local file name
    return Path(settings.VAR_DIR) / "backups" / f"motcua-{stamp}.tar.gz"
