"""Back up the database and the uploaded files into one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.core.backup import backup_create, default_archive_name
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump, or SQLite's online backup) and the uploaded files to "
        "one .tar.gz archive with a manifest of row counts. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="archive to write (default var/backups/…)")

    def handle(self, *args, output, **options):
        path = Path(output) if output else default_archive_name()
        try:
            manifest = backup_create(output=path)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{path} — {manifest['vendor']}, {rows:,} rows in {len(manifest['tables'])} tables, "
            f"{manifest['media_files']:,} uploaded files"
        )
