from collections import Counter

import pytest
from django.db.models import F

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import build_world, received, vn
from motcua.dossiers.timing import calendar_for, classify
from motcua.reports.enums import Tier
from motcua.reports.periods import year_period
from motcua.reports.selectors import Counts, resolution_stats
from motcua.reports.tests.scenarios import (
    AT,
    commune_processing,
    commune_resolved,
    move_to_a_commune,
    paused,
    processing,
    resolved,
    withdrawn,
)

pytestmark = pytest.mark.django_db
YEAR = year_period(2026)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def varied(world):
    """Every situation of the report, in two agencies at two levels."""
    resolved(world, decided_at=vn(2026, 3, 3))  # early
    resolved(world, decided_at=vn(2026, 3, 5, 16))  # on the due day: on time
    resolved(world, decided_at=vn(2026, 3, 6))  # late
    resolved(world, received_at=vn(2025, 12, 29), decided_at=vn(2026, 1, 5))  # late, last year
    resolved(world, received_at=vn(2025, 11, 3), decided_at=vn(2025, 11, 4))  # not this year
    received(world, at=vn(2026, 3, 9))  # open, due 12 March: within time
    processing(world)  # open, due 5 March: overdue
    paused(world, at=vn(2026, 3, 3))  # waiting for the citizen: the clock stands still
    withdrawn(world)  # received, never resolved
    commune = move_to_a_commune(world)
    commune_resolved(world, commune, decided_at=vn(2026, 3, 4))  # commune: early
    commune_processing(world, commune, at=vn(2026, 3, 9))  # commune: within time
    return world


def _by_classify(world) -> dict[int, Counter]:
    """What ``classify`` says of each dossier, counted per agency the way the report counts."""
    found: dict[int, Counter] = {}
    for dossier in Dossier.objects.select_related("desk"):
        counter = found.setdefault(dossier.agency_id, Counter())
        if dossier.received_at and YEAR.start <= dossier.received_at < YEAR.end:
            counter["received"] += 1
        resolved_now = dossier.decided_at and YEAR.start <= dossier.decided_at < YEAR.end
        if resolved_now:
            counter["resolved"] += 1
        if resolved_now or dossier.decided_at is None:
            timeliness = classify(dossier, at=AT, calendar=calendar_for(dossier))
            if timeliness:
                counter[timeliness.value] += 1
    return found


def _as_counter(counts: Counts) -> Counter:
    return Counter({k: v for k, v in vars(counts).items() if v})


def test_resolution_stats_agrees_with_classify_for_every_agency(varied):
    stats = resolution_stats(start=YEAR.start, end=YEAR.end, at=AT)

    rows = {row.agency.pk: row.counts for tier in stats.tiers for row in tier.rows}
    expected = _by_classify(varied)
    assert {pk: _as_counter(c) for pk, c in rows.items()} == {
        pk: c for pk, c in expected.items() if c
    }


def test_resolution_stats_counts_each_situation_by_hand(varied):
    stats = resolution_stats(start=YEAR.start, end=YEAR.end, at=AT)

    district, commune = stats.tiers
    assert (district.tier, commune.tier) == (Tier.DISTRICT, Tier.COMMUNE)
    assert [row.agency for row in district.rows] == [varied.agency]
    assert [row.agency for row in commune.rows] == [varied.other_agency]
    assert district.counts == Counts(
        received=7, resolved=4, early=1, on_time=1, late=2, within_time=2, overdue=1
    )
    assert commune.counts == Counts(
        received=2, resolved=1, early=1, on_time=0, late=0, within_time=1, overdue=0
    )
    assert stats.total == Counts(
        received=9, resolved=5, early=2, on_time=1, late=2, within_time=3, overdue=1
    )


def test_on_time_rate_is_early_and_on_time_out_of_resolved():
    counts = Counts(resolved=3, early=1, on_time=1, late=1)

    assert str(counts.on_time_percent) == "66.7"
    assert Counts(resolved=4, early=4).on_time_percent == 100
    assert Counts(received=5, within_time=5).on_time_rate is None


def test_resolution_stats_in_progress_uses_the_reference_moment(world):
    processing(world)  # due Thursday 5 March at 09:00

    before = resolution_stats(start=YEAR.start, end=YEAR.end, at=vn(2026, 3, 5, 9))
    after = resolution_stats(start=YEAR.start, end=YEAR.end, at=vn(2026, 3, 5, 9, 1))

    assert (before.total.within_time, before.total.overdue) == (1, 0)
    assert (after.total.within_time, after.total.overdue) == (0, 1)


def test_resolution_stats_keeps_the_units_tree_asked_for(varied):
    commune = varied.other_agency.unit

    stats = resolution_stats(start=YEAR.start, end=YEAR.end, at=AT, unit=commune)

    assert [tier.tier for tier in stats.tiers] == [Tier.COMMUNE]
    assert stats.total.received == 2


def test_resolution_stats_of_an_empty_period_has_no_rows(varied):
    empty = year_period(2024)

    stats = resolution_stats(start=empty.start, end=empty.end, at=AT)

    assert (stats.tiers, stats.total) == ([], Counts())


def test_resolution_stats_query_count_does_not_grow_with_dossiers(
    world, django_assert_max_num_queries
):
    for day in (2, 3, 4):
        resolved(world, received_at=vn(2026, 3, day), decided_at=vn(2026, 3, day + 1))
        processing(world, at=vn(2026, 3, day))

    # dossiers, agencies with their units, and one calendar (two small aggregates)
    with django_assert_max_num_queries(4):
        resolution_stats(start=YEAR.start, end=YEAR.end, at=AT)


def test_resolution_stats_builds_one_calendar_per_receiving_unit(
    varied, django_assert_max_num_queries
):
    desks = set(Dossier.objects.values_list(F("desk__unit_id"), flat=True))
    assert len(desks) == 2  # the district's desk and the commune's

    with django_assert_max_num_queries(2 + 2 * len(desks)):
        resolution_stats(start=YEAR.start, end=YEAR.end, at=AT)
