from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.audit import audit_verify


class Command(BaseCommand):
    help = "Check every dossier's audit chain; report the first broken link of each dossier."

    def handle(self, *args, **options):
        broken = 0
        for link in audit_verify():
            broken += 1
            self.stdout.write(f"BROKEN {link}")
        if broken:
            raise CommandError(f"{broken} dossier(s) have a broken audit trail.")
        self.stdout.write("Audit trail intact.")
