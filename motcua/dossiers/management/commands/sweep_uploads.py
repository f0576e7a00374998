from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.dossiers.services.sweep import dossier_uploads_sweep
from motcua.feedback.services.sweep import feedback_uploads_sweep


class Command(BaseCommand):
    help = (
        "Delete uploaded dossier files and feedback attachments that no record refers to "
        "(left by a process stopped while saving them), once they are older than the grace "
        "period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-minutes", type=int, default=60)

    def handle(self, *args, older_than_minutes, **options):
        older_than = timedelta(minutes=older_than_minutes)
        removed = dossier_uploads_sweep(older_than=older_than)
        removed += feedback_uploads_sweep(older_than=older_than)
        self.stdout.write(_("%d file(s) without a record deleted.") % removed)
