"""Report files prepared in the background: requested, run by a task, downloaded once ready.

The periodic report is one query, but a province-wide report by procedure, rendered to PDF,
takes long enough that the page should not wait for it.
"""

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from motcua.accounts.models import User
from motcua.organization.models import AdministrativeUnit
from motcua.reports.exports import report_pdf, report_xlsx
from motcua.reports.models import ExportState, ReportExport
from motcua.reports.periodic import periodic_report
from motcua.reports.periods import days_period

log = logging.getLogger(__name__)
WRITERS = {"xlsx": report_xlsx, "pdf": report_pdf}


@transaction.atomic
def report_export_request(
    *, user: User, first: date, last: date, by: str, unit: AdministrativeUnit, file_format: str
) -> ReportExport:
    if file_format not in WRITERS:
        raise ValueError(file_format)
    export = ReportExport.objects.create(
        requested_by=user,
        file_format=file_format,
        parameters={"from": first.isoformat(), "to": last.isoformat(), "by": by, "unit": unit.pk},
    )
    transaction.on_commit(lambda: report_export_run.enqueue(export.pk))
    return export


def _step(export: ReportExport, **changes) -> None:
    ReportExport.objects.filter(pk=export.pk).update(**changes)


@task()
def report_export_run(export_id: int) -> None:
    export = ReportExport.objects.get(pk=export_id)
    _step(export, state=ExportState.RUNNING, progress=10)
    try:
        data = export.parameters
        period = days_period(date.fromisoformat(data["from"]), date.fromisoformat(data["to"]))
        report = periodic_report(
            start=period.start,
            end=period.end,
            at=timezone.now(),
            by=data["by"],
            unit=AdministrativeUnit.objects.get(pk=data["unit"]),
        )
        _step(export, progress=60)
        content = WRITERS[export.file_format](report)
        name = f"bao-cao-{data['from']}-{data['to']}.{export.file_format}"
        export.file.save(name, ContentFile(content), save=False)
        _step(
            export,
            file=export.file.name,
            state=ExportState.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
    except Exception as exc:  # the person sees that it failed; the log keeps why
        log.exception("report export %s failed", export_id)
        _step(
            export, state=ExportState.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
