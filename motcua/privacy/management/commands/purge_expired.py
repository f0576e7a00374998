from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import DomainError
from motcua.privacy.services import purge_expired


class Command(BaseCommand):
    help = (
        "Remove personal data past its retention period (MOTCUA_RETAIN_* settings, "
        "docs/privacy.md). Run it daily from the deployment's scheduler; a second run "
        "removes nothing more. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, remove nothing.")

    def handle(self, *args, dry_run: bool, **options):
        try:
            counts = purge_expired(dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        verb = "would be removed" if dry_run else "removed"
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} {verb}")
