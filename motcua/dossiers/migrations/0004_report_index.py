"""A covering index that answers the periodic report by itself, on PostgreSQL.

Keyed by the instant a dossier was closed (``NEVER`` while open), then its reception, then
its timeliness (local day of the result against the local day of the appointment), and
carrying every other column the report reads: the report's query ("received before the
end, not closed before the start") becomes one index range read without visiting the
table (index-only scan), and the timeliness it groups by is read from the index instead of
being converted to local days row by row. The expressions must stay identical to
``closed_at()`` and ``timeliness()`` in ``motcua/reports/periodic.py``; the time zone is the
deployment's ``TIME_ZONE`` when this migration runs. See docs/decisions/0005.

Built CONCURRENTLY (writes go on during the build). SQLite scans: nothing to create there.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Coalesce, Sign, TruncDate

NAME = "dossier_report_idx"
NEVER = datetime(9999, 12, 31, tzinfo=UTC)
WITHDRAWN, STOPPED = 7, 8


class DayDifference(models.Func):
    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.IntegerField()


def report_index() -> models.Index:
    zone = ZoneInfo(settings.TIME_ZONE)
    ended = models.When(status__in=[WITHDRAWN, STOPPED], then=models.F("status_changed_at"))
    closed_at = Coalesce(
        "decided_at",
        models.Case(ended, output_field=models.DateTimeField()),
        models.Value(NEVER),
        output_field=models.DateTimeField(),
    )
    timeliness = Sign(
        DayDifference(TruncDate("decided_at", tzinfo=zone), TruncDate("due_at", tzinfo=zone))
    )
    return models.Index(
        closed_at,
        models.F("received_at"),
        timeliness,
        name=NAME,
        include=[
            "agency",
            "procedure_version",
            "status",
            "channel",
            "decided_at",
            "due_at",
            "paused_at",
            "returned_at",
            "status_changed_at",
        ],
    )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    dossier = apps.get_model("dossiers", "Dossier")
    schema_editor.add_index(dossier, report_index(), concurrently=True)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("dossiers", "0003_supply_action")]

    operations = [migrations.RunPython(create_index, drop_index)]
