"""Bring the statistics counters up to date with the dossiers changed since the last run."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.reports.rollup import rollup_rebuild, rollup_refresh


class Command(BaseCommand):
    help = (
        "Take the changed dossiers into the statistics counters (run every minute), or "
        "rebuild the counters from every dossier (--full)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="recompute everything (after a bulk load or a change of TIME_ZONE)",
        )
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="keep running, refreshing every SECONDS seconds",
        )

    def handle(self, *args, full: bool = False, every: int | None = None, **options):
        if full:
            started = time.monotonic()
            made = rollup_rebuild()
            self.stdout.write(
                _("Statistics rebuilt from %(count)s dossiers in %(seconds)s s.")
                % {"count": made, "seconds": round(time.monotonic() - started, 1)}
            )
            return
        while True:
            taken = rollup_refresh()
            if taken or not every:
                self.stdout.write(
                    _("Statistics refreshed: %(count)s changes taken in.") % {"count": taken}
                )
            if not every:
                return
            time.sleep(every)
