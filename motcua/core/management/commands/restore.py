"""Restore an archive made by ``backup``: the database, then the uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.core.backup import backup_restore
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database and media folder, then check "
        "every table's row count against the archive's manifest. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a database that already holds dossiers",
        )

    def handle(self, *args, archive, replace, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No archive at {path}.")
        try:
            manifest = backup_restore(archive_path=path, replace=replace)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Restored {path} (made {manifest['created_at']}): {rows:,} rows, "
            f"{manifest['media_files']:,} uploaded files; row counts match. "
            "Run verify_audit to check the audit chains."
        )
