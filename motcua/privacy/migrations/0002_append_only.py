"""Both privacy tables refuse updates at the database level, like the dossier audit trail.

Privacy events also refuse deletes (``core.append_only``). The access log must be purged
after its retention period, so on PostgreSQL its trigger refuses the delete of any row
younger than 365 days (Decree 53/2022 keeps system logs at least 12 months) and lets the
purge remove older ones; the retention setting can lengthen that, never shorten it.
"""

from django.db import migrations

from motcua.core.append_only import append_only

PG_UP = """
CREATE OR REPLACE FUNCTION privacy_access_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < now() - interval '365 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'personal data accesses are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_access_log_guard
    BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_guard();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS privacy_access_log_guard ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS privacy_access_log_guard();
"""
SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS privacy_access_log_guard
BEFORE UPDATE ON privacy_accesslogentry
BEGIN
    SELECT RAISE(ABORT, 'personal data accesses are append-only (UPDATE refused)');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS privacy_access_log_guard;"


def _run(sql: dict[str, str]):
    def step(apps, schema_editor):
        found = sql.get(schema_editor.connection.vendor)
        if found:
            schema_editor.execute(found, params=None)

    return step


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        append_only(
            table="privacy_privacyevent",
            name="privacy_event_append_only",
            what="personal data events",
        ),
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
