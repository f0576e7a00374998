from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers.services.importing import ImportRejected, dossier_import
from motcua.organization.models import AdministrativeUnit
from motcua.reports import rollup

SHOWN = 200  # errors printed; the count says how many there are in all
REBUILD_FROM = 20_000  # dossiers added: beyond, one SQL rebuild beats refreshing in chunks


def refresh_statistics(created: int) -> None:
    """Take the imported dossiers into the statistics counters now rather than later.

    The report is exact either way (it corrects the counters for listed dossiers); a big
    import is taken in by rebuilding the counters in SQL, as after any bulk load.
    """
    if not rollup.is_built():
        return
    if created > REBUILD_FROM:
        rollup.rollup_rebuild()
    else:
        rollup.rollup_refresh()


class Command(BaseCommand):
    help = (
        "Import historical dossiers from a CSV (UTF-8) or Excel (.xlsx) file "
        "(format: docs/import.md). Every row is checked first; nothing is imported if any "
        "row is wrong. Dossiers already stored with the same content are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--unit", help="code of the administrative unit every row's agency must belong to"
        )
        parser.add_argument("--user", help="login of the staff member the import is recorded for")

    def handle(
        self, *args, file: Path, dry_run: bool, unit: str | None, user: str | None, **options
    ):
        if not file.is_file():
            raise CommandError(_("No such file: %s") % file)
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(_("No active account has the login “%s”.") % user)
        found = None
        if unit:
            found = AdministrativeUnit.objects.filter(code=unit).first()
            if found is None:
                raise CommandError(_("No administrative unit has the code “%s”.") % unit)
        try:
            result = dossier_import(
                raw=file.read_bytes(),
                file_name=file.name,
                actor=actor,
                unit=found,
                dry_run=dry_run,
            )
        except ImportRejected as exc:
            self.stderr.write(_("row\tcolumn\tproblem"))
            for error in exc.errors[:SHOWN]:
                self.stderr.write(f"{error.row}\t{error.field}\t{error.reason}")
            raise CommandError(str(exc)) from exc
        if result.created and not dry_run:
            refresh_statistics(result.created)
        counts = {"rows": result.rows, "created": result.created, "existing": result.existing}
        if dry_run:
            message = _(
                "%(rows)s rows checked: %(created)s would be new, %(existing)s are already "
                "stored. Nothing was written (--dry-run)."
            )
        else:
            message = _(
                "%(rows)s rows: %(created)s new dossiers imported, %(existing)s already stored."
            )
        self.stdout.write(message % counts)
