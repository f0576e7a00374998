from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each officer their dossiers due within N working hours and the overdue ones, "
        "and each agency head a summary. Run it from the deployment's scheduler; a second "
        "run on the same day sends nothing again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--within-hours", type=int, default=8)

    def handle(self, *args, within_hours: int, **options):
        if within_hours < 1:
            raise CommandError("--within-hours must be at least 1.")
        sent = reminders_send(within_hours=within_hours)
        self.stdout.write(f"{sent} reminder(s) sent.")
