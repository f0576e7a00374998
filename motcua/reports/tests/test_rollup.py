"""The report read from the rollup gives the numbers of the report counted over the rows.

Random dossier rows (any order of their instants, instants at and around midnight), random
periods of whole days, random moments ``at`` (after the period, inside it at midnight or in
the middle of a day, before it), every grouping and unit scope: the rollup report equals
``periodic_report_raw`` after a full build, after changes not yet taken in (transfers,
new appointments, pauses, decisions), and after the incremental refresh, whose counters
are then those a full build makes.
"""

import copy
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_late_notice, dossier_transfer
from motcua.dossiers.tests.factories import (
    assigned,
    at_signing,
    build_world,
    decided,
    received,
    vn,
)
from motcua.reports.models import RollupChange, RollupDay, RollupFact, RollupMonth
from motcua.reports.periodic import GROUPINGS, periodic_report, periodic_report_raw
from motcua.reports.rollup import COUNTERS, rollup_rebuild, rollup_refresh

pytestmark = pytest.mark.django_db

S = DossierStatus
FIRST = vn(2025, 12, 28, 0)
DAYS = 100
# Period ends that are firsts of months and of years: read from the coarser counters.
FIRSTS = [
    vn(2025, 1, 1, 0),
    vn(2026, 1, 1, 0),
    vn(2026, 2, 1, 0),
    vn(2026, 3, 1, 0),
    vn(2026, 4, 1, 0),
    vn(2027, 1, 1, 0),
]
# Offsets inside a day: midnight itself, just after, working hours, just before the next.
OFFSETS = [
    timedelta(0),
    timedelta(microseconds=1),
    timedelta(hours=9),
    timedelta(hours=16, minutes=30),
    timedelta(days=1, microseconds=-1),
]
STATUSES = [
    S.RECEIVED,
    S.PROCESSING,
    S.SUPPLEMENT,
    S.FINANCIAL,
    S.WITHDRAWN,
    S.STOPPED,
    S.PROCESSED,
    S.RETURNED,
    S.SUBMITTED,
    S.REFUSED,
]


def instants(null: bool = True):
    moment = st.builds(
        lambda day, offset: FIRST + timedelta(days=day) + offset,
        st.integers(0, DAYS),
        st.sampled_from(OFFSETS),
    )
    return st.one_of(st.none(), moment) if null else moment


rows = st.fixed_dictionaries(
    {
        "agency": st.integers(0, 2),
        "channel": st.sampled_from(["online", "desk", "post"]),
        "status": st.sampled_from(STATUSES),
        "received_at": instants(),
        "due_at": instants(),
        "paused_at": instants(),
        "decided_at": instants(),
        "returned_at": instants(),
        "status_changed_at": instants(null=False),
    }
)


def periods():
    def period(first, length, ends, at_day, at_offset, after):
        start = FIRST + timedelta(days=first)
        end = start + timedelta(days=length)
        if ends:
            start, end = sorted(ends)
        at = FIRST + timedelta(days=at_day) + at_offset
        return start, end, (max(end, at) if after else at)

    return st.builds(
        period,
        st.integers(-2, DAYS),
        st.integers(1, 35),
        st.one_of(
            st.none(), st.lists(st.sampled_from(FIRSTS), min_size=2, max_size=2, unique=True)
        ),
        st.integers(-2, DAYS + 2),
        st.sampled_from(OFFSETS),
        st.booleans(),
    )


def _make(world, template: Dossier, specs: list[dict]) -> list[Dossier]:
    agencies = [world.agency, world.other_agency, world.committee]
    made = []
    for n, spec in enumerate(specs):
        row = copy.copy(template)
        row.pk = None
        row._state = copy.copy(template._state)
        row._state.adding = True
        row.code = f"R-{n}-{template.pk}"
        row.idempotency_key = None
        row.agency = agencies[spec["agency"]]
        for name in (
            "channel",
            "status",
            "received_at",
            "due_at",
            "paused_at",
            "decided_at",
            "returned_at",
            "status_changed_at",
        ):
            setattr(row, name, spec[name])
        made.append(row)
    return Dossier.objects.bulk_create(made)


def _same(world, start, end, at) -> None:
    units = [None, world.agency.unit, world.other_agency.unit]
    for by in GROUPINGS:
        for unit in units:
            wanted = periodic_report_raw(start=start, end=end, at=at, by=by, unit=unit)
            found = periodic_report(start=start, end=end, at=at, by=by, unit=unit)
            assert found.total.as_dict() == wanted.total.as_dict(), (by, unit, start, end, at)
            assert [
                (g.tier, g.counts.as_dict(), [(r.key, r.counts.as_dict()) for r in g.rows])
                for g in found.groups
            ] == [
                (g.tier, g.counts.as_dict(), [(r.key, r.counts.as_dict()) for r in g.rows])
                for g in wanted.groups
            ], (by, unit, start, end, at)


def _counters(model) -> set:
    return set(
        model.objects.values_list("agency_id", "procedure_version_id", "day", "since", *COUNTERS)
    )


@given(
    specs=st.lists(rows, min_size=1, max_size=25),
    changes=st.lists(st.tuples(st.integers(0, 24), rows), max_size=6),
    asked=st.lists(periods(), min_size=1, max_size=3),
)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_rollup_equals_rows_after_build_change_and_refresh(
    world_and_template, specs, changes, asked
):
    world, template = world_and_template
    Dossier.objects.exclude(pk=template.pk).delete()
    made = _make(world, template, specs)
    rollup_rebuild()
    for start, end, at in asked:
        _same(world, start, end, at)
    # Changes not yet taken in: the report corrects the counters for them.
    agencies = [world.agency, world.other_agency, world.committee]
    for index, spec in changes:
        row = made[index % len(made)]
        Dossier.objects.filter(pk=row.pk).update(
            agency=agencies[spec["agency"]],
            **{k: v for k, v in spec.items() if k != "agency"},
        )
        RollupChange.objects.create(dossier_id=row.pk)
    for start, end, at in asked:
        _same(world, start, end, at)
    rollup_refresh(batch=3)
    assert not RollupChange.objects.exists()
    for start, end, at in asked:
        _same(world, start, end, at)
    days, months, facts = _counters(RollupDay), _counters(RollupMonth), RollupFact.objects.count()
    rollup_rebuild()
    assert (_counters(RollupDay), _counters(RollupMonth)) == (days, months)
    assert RollupFact.objects.count() == facts


@pytest.fixture
def world_and_template():
    world = build_world()
    return world, received(world, at=vn(2026, 3, 2, 9))


def test_changes_through_the_services_count_before_any_refresh():
    """Transfers and late notices move a dossier's counts at once (the transition writer
    lists the change); the refresh then holds them in the counters."""
    world = build_world()
    rollup_rebuild()
    start, end = vn(2026, 3, 1, 0), vn(2026, 4, 1, 0)
    decided(world, at=vn(2026, 3, 2, 9))
    moved = assigned(world, at=vn(2026, 3, 2, 9))
    dossier_transfer(dossier=moved, actor=world.officer, to=world.other_agency, note="Liên thông")
    noticed = at_signing(world, at=vn(2026, 3, 3, 9))
    dossier_late_notice(
        dossier=noticed,
        actor=world.head,
        reason="Cần xác minh thêm",
        new_due_at=vn(2026, 3, 20, 16),
        at=vn(2026, 3, 4, 9),
    )
    assert RollupChange.objects.exists()
    for at in (vn(2026, 3, 10, 14), vn(2026, 4, 15, 9)):
        _same(world, start, end, at)
    assert rollup_refresh() > 0
    assert not RollupChange.objects.exists()
    for at in (vn(2026, 3, 10, 14), vn(2026, 4, 15, 9)):
        _same(world, start, end, at)
    assert periodic_report(start=start, end=end, at=vn(2026, 4, 15, 9)).total.resolved == 1


def test_the_report_reads_counters_not_rows():
    world = build_world()
    for day in (2, 3, 4):
        decided(world, at=vn(2026, 3, day, 9))
    rollup_refresh()
    start, end = vn(2026, 1, 1, 0), vn(2027, 1, 1, 0)
    with CaptureQueriesContext(connection) as captured:
        report = periodic_report(start=start, end=end, at=vn(2027, 1, 2, 9))
    assert report.total.resolved == 3
    aggregates = [q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"]]
    assert all(
        "dossiers_dossier" not in sql.split("GROUP BY")[0].split("FROM", 1)[1]
        for sql in aggregates
        if "reports_rollupday" in sql
    )
    assert any("reports_rollupmonth" in sql for sql in aggregates)


def test_a_period_not_of_whole_days_is_counted_over_the_rows():
    world = build_world()
    decided(world, at=vn(2026, 3, 2, 9))
    start, end = vn(2026, 3, 2, 8), vn(2026, 3, 30, 12)
    wanted = periodic_report_raw(start=start, end=end, at=vn(2026, 4, 1, 9))
    found = periodic_report(start=start, end=end, at=vn(2026, 4, 1, 9))
    assert found.total.as_dict() == wanted.total.as_dict()
    assert found.total.received == 1
