import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.catalog import interchange, spreadsheet
from motcua.catalog.selectors import catalog_export


class Command(BaseCommand):
    help = "Export every published procedure with its offerings as JSON or Excel (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, nargs="?", help="Output file; JSON to stdout if omitted."
        )
        parser.add_argument(
            "--format", choices=["json", "xlsx"], help="Default: from the file name."
        )

    def handle(self, *args, file: Path | None, format: str | None, **options):
        fields, procedures = catalog_export()
        document = interchange.Document(fields, procedures)
        kind = format or ("xlsx" if file and file.suffix.lower() == ".xlsx" else "json")
        data = (
            spreadsheet.dump_xlsx(document)
            if kind == "xlsx"
            else interchange.dump_json(document).encode()
        )
        if file is None:
            sys.stdout.buffer.write(data)
            return
        file.write_bytes(data)
        self.stderr.write(f"{len(procedures)} procedures written to {file}")
