"""The feedback audit table refuses updates (and, on PostgreSQL, deletes) in the database.

SQLite keeps deletes possible because Django's test flush deletes rows.
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION feedback_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'feedback events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER feedback_event_append_only
    BEFORE UPDATE OR DELETE ON feedback_feedbackevent
    FOR EACH ROW EXECUTE FUNCTION feedback_event_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS feedback_event_append_only ON feedback_feedbackevent;
DROP FUNCTION IF EXISTS feedback_event_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS feedback_event_append_only
BEFORE UPDATE ON feedback_feedbackevent
BEGIN
    SELECT RAISE(ABORT, 'feedback events are append-only (UPDATE refused)');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS feedback_event_append_only;"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(up, down)]
