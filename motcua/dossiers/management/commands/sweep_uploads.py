from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.dossiers.services.sweep import dossier_uploads_sweep


class Command(BaseCommand):
    help = (
        "Delete uploaded dossier files that no record refers to (left by a process stopped "
        "while saving a submission), once they are older than the grace period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-minutes", type=int, default=60)

    def handle(self, *args, older_than_minutes, **options):
        removed = dossier_uploads_sweep(older_than=timedelta(minutes=older_than_minutes))
        self.stdout.write(_("%d file(s) without a record deleted.") % removed)
