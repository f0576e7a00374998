from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog import interchange, spreadsheet
from motcua.catalog.services import ImportRejected, catalog_import
from motcua.core.progress import ProgressBar


def read_document(path: Path) -> interchange.Document:
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    raw = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        return spreadsheet.parse_xlsx(raw)
    return interchange.parse_json(raw)


class Command(BaseCommand):
    help = (
        "Import procedures from a JSON or Excel (.xlsx) file in the export format. "
        "Nothing is imported if any row is wrong; every wrong row is reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        document = read_document(file)
        progress = ProgressBar(len(document.procedures), label="import", stream=self.stderr._out)
        try:
            report = catalog_import(document=document, progress=progress)
        except ImportRejected as exc:
            self.stderr.write(str(exc))
            self.stderr.write("row\tfield\treason")
            for error in exc.errors:
                self.stderr.write(f"{error.row}\t{error.field}\t{error.reason}")
            raise CommandError("Nothing was imported.") from exc
        self.stdout.write(
            f"{len(report.created)} created, {len(report.revised)} revised, "
            f"{len(report.unchanged)} unchanged."
        )
