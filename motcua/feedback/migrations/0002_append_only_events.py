"""The feedback audit table refuses updates (and, on PostgreSQL, deletes) in the database."""

from django.db import migrations

from motcua.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [
        append_only(
            table="feedback_feedbackevent", name="feedback_event_append_only", what="feedback events"
        )
    ]
