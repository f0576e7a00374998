"""The audit table refuses updates (and, on PostgreSQL, deletes) at the database level.

A database superuser can still drop the trigger; ``verify_audit`` then names the first
altered row.
"""

from django.db import migrations

from motcua.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [
        append_only(
            table="dossiers_dossierevent", name="dossiers_event_append_only", what="dossier events"
        )
    ]
