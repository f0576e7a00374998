"""Indexes on the reception and pause instants, for the statistics read in mid-day.

A report whose period is not over (this month, the year to date) is read from the
statistics counters at the last midnight, then corrected by the dossiers received,
closed, due or paused since that midnight (``motcua.reports.periodic._midday_changes``):
four range conditions, each served by an index (the closing instant by
``dossier_report_idx``, the appointment by its own index, these two for the others).
Kept out of the model state like ``dossier_report_idx``; built CONCURRENTLY on
PostgreSQL (writes go on during the build). See docs/decisions/0007.
"""

from django.db import migrations

INDEXES = {
    "dossier_received_at_idx": "received_at",
    "dossier_paused_at_idx": "paused_at",
}


def create_indexes(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX {concurrently}IF NOT EXISTS "{name}" '
            f'ON "dossiers_dossier" ("{column}")'
        )


def drop_indexes(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX {concurrently}IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("dossiers", "0005_dossier_import")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
