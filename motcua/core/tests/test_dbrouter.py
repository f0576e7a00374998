"""Reports read from the replica when there is one; nothing else does."""

import pytest
from django.db import router

from motcua.core.dbrouter import REPLICA, ReportsToReplica, reading_for_reports
from motcua.dossiers.models import Dossier


def test_without_a_replica_everything_reads_the_primary(settings):
    assert REPLICA not in settings.DATABASES
    with reading_for_reports():
        assert router.db_for_read(Dossier) == "default"


def test_with_a_replica_only_report_reads_go_there(settings, monkeypatch):
    from types import SimpleNamespace

    from motcua.core import dbrouter

    with_replica = {**settings.DATABASES, REPLICA: settings.DATABASES["default"]}
    monkeypatch.setattr(dbrouter, "settings", SimpleNamespace(DATABASES=with_replica))
    routing = ReportsToReplica()
    assert routing.db_for_read(Dossier) is None  # the primary
    with reading_for_reports():
        assert routing.db_for_read(Dossier) == REPLICA
        assert routing.db_for_write(Dossier) is None  # writes never go to a replica
    assert routing.db_for_read(Dossier) is None
    assert routing.allow_migrate(REPLICA, "dossiers") is False
    assert routing.allow_migrate("default", "dossiers") is True


@pytest.mark.django_db
def test_the_periodic_report_reads_inside_the_report_context(monkeypatch):
    from django.utils import timezone

    from motcua.core import dbrouter
    from motcua.reports.periodic import periodic_report

    seen = []
    original = dbrouter.ReportsToReplica.db_for_read

    def spy(self, model, **hints):
        seen.append(dbrouter._for_reports.get())
        return original(self, model, **hints)

    monkeypatch.setattr(dbrouter.ReportsToReplica, "db_for_read", spy)
    now = timezone.now()
    periodic_report(start=now.replace(month=1, day=1), end=now, at=now, by="agency")
    assert seen and all(seen)
