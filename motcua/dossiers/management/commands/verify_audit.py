import os

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.audit import audit_verify


class Command(BaseCommand):
    help = "Check every dossier's audit chain; report the first broken link of each dossier."

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(os.cpu_count() or 1, 4),
            help="processes checking ranges of dossiers side by side (PostgreSQL; default: "
            "the number of cores, at most 4)",
        )

    def handle(self, *args, jobs, **options):
        broken = 0
        for link in audit_verify(jobs=max(1, jobs)):
            broken += 1
            self.stdout.write(f"BROKEN {link}")
        if broken:
            raise CommandError(f"{broken} dossier(s) have a broken audit trail.")
        self.stdout.write("Audit trail intact.")
