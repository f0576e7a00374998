"""The periodic report (Biểu 06) for any period, on the terminal or as a file."""

import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organization.models import AdministrativeUnit
from motcua.reports.exports import report_json, report_pdf, report_table, report_xlsx
from motcua.reports.periodic import GROUPINGS, periodic_report
from motcua.reports.periods import days_period

FORMATS = ("table", "json", "xlsx", "pdf")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("“%s” is not a date (YYYY-MM-DD).") % text) from exc


class Command(BaseCommand):
    help = "Print or export the periodic report (received, resolved, in progress) for a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last day (included)")
        parser.add_argument("--unit", help="code of an administrative unit (and those below)")
        parser.add_argument("--by", choices=list(GROUPINGS), default="level")
        parser.add_argument("--format", choices=FORMATS, default="table")
        parser.add_argument("--output", help="file to write (xlsx and pdf need one)")

    def handle(self, *args, **options):
        first, last = _day(options["first"]), _day(options["last"])
        if last < first:
            raise CommandError(_("The last day comes before the first."))
        unit = None
        if options["unit"]:
            unit = AdministrativeUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("No administrative unit has the code “%s”.") % options["unit"])
        period = days_period(first, last)
        report = periodic_report(
            start=period.start, end=period.end, at=timezone.now(), by=options["by"], unit=unit
        )
        self._write(report, options["format"], options["output"])

    def _write(self, report, kind: str, output: str | None) -> None:
        if kind in ("xlsx", "pdf") and not output:
            raise CommandError(_("Give --output FILE for the %s format.") % kind)
        if kind == "json":
            data = json.dumps(report_json(report), ensure_ascii=False, indent=2).encode()
        elif kind == "table":
            data = report_table(report).encode()
        else:
            data = report_xlsx(report) if kind == "xlsx" else report_pdf(report)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stdout.write(_("Written: %s") % output)
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode(), ending="")
