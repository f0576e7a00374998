"""A database trigger that makes an audit table append-only, as a migration operation.

PostgreSQL refuses updates and deletes; SQLite refuses updates only, because Django's test
flush deletes rows. A database superuser can still drop the trigger: the hash chains of
the audit rows are what detects that.
"""

from django.db import migrations


def append_only(*, table: str, name: str, what: str) -> migrations.RunPython:
    """The trigger ``name`` on ``table``; its error says "<what> are append-only"."""
    pg_up = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{what} are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name}
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    pg_down = f"DROP TRIGGER IF EXISTS {name} ON {table};\nDROP FUNCTION IF EXISTS {name}();"
    sqlite_up = f"""
CREATE TRIGGER IF NOT EXISTS {name}
BEFORE UPDATE ON {table}
BEGIN
    SELECT RAISE(ABORT, '{what} are append-only (UPDATE refused)');
END;
"""
    sqlite_down = f"DROP TRIGGER IF EXISTS {name};"

    def run(sql: dict[str, str]):
        def step(apps, schema_editor):
            found = sql.get(schema_editor.connection.vendor)
            if found:
                schema_editor.execute(found, params=None)

        return step

    return migrations.RunPython(
        run({"postgresql": pg_up, "sqlite": sqlite_up}),
        run({"postgresql": pg_down, "sqlite": sqlite_down}),
    )
