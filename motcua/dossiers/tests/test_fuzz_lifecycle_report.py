"""The random walks of ``test_state_machine`` with the statistics watched at every step.

Whatever the services did (or refused), for every agency and for the whole district:

- the report read from the rollup equals the report counted over the dossier rows;
- what was received is accounted for once: resolved (early + on time + late) + still in
  progress (within time + overdue) + withdrawn + stopped;
- the received column equals a plain count of the rows received in the period.
"""

from datetime import timedelta

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, settings
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import MONDAY, build_world, citizen
from motcua.dossiers.tests.test_state_machine import DossierMachine
from motcua.reports import periodic
from motcua.reports.periodic import periodic_report, periodic_report_raw
from motcua.reports.rollup import rollup_rebuild, rollup_refresh


class ReportedMachine(DossierMachine):
    def __init__(self):
        super().__init__()
        rollup_rebuild()  # inside the walk's savepoint: gone with it

    @rule()
    def refresh_the_statistics(self):
        """The short task that takes changed dossiers into the rollup."""
        rollup_refresh()

    @invariant()
    def the_report_balances_and_equals_the_rows(self):
        # Whole local days, so the report reads the rollup (and the changes not yet in it).
        start = MONDAY.replace(hour=0) - timedelta(days=1)
        end = self.now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=2)
        at = self.now + timedelta(minutes=1)
        found = periodic_report(start=start, end=end, at=at, by="agency")
        wanted = periodic_report_raw(start=start, end=end, at=at, by="agency")
        assert _table(found) == _table(wanted)
        received = dict(
            Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
            .values_list("agency_id")
            .annotate(n=Count("pk"))
        )
        rows = {row.key: row.counts for group in found.groups for row in group.rows}
        assert {key: c.received for key, c in rows.items() if c.received} == received
        for counts in [*rows.values(), found.total]:
            assert counts.carried_over == 0
            assert counts.resolved == counts.early + counts.on_time + counts.late
            assert counts.received == (
                counts.resolved + counts.in_progress + counts.withdrawn + counts.stopped
            )

    def teardown(self):
        try:
            super().teardown()
        finally:
            periodic._BUILT.discard("default")  # the rollup went with the savepoint


def _table(report) -> list:
    rows = [(row.key, row.counts.as_dict()) for group in report.groups for row in group.rows]
    return [*sorted(rows, key=str), report.total.as_dict()]


@pytest.mark.django_db
def test_random_walks_keep_the_report_equal_to_the_rows_and_balanced():
    ReportedMachine.world, ReportedMachine.owner = build_world(), citizen()
    run_state_machine_as_test(
        ReportedMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
