"""Properties of the calendar that must hold for every receipt time and time limit."""

import tempfile
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from motcua.workdays.calendar import VIETNAM, WorkCalendar
from motcua.workdays.enums import TimeUnit

# Hypothesis caches constants (at collection) and examples under ./.hypothesis; keep the
# checkout clean. This must run at import: the cache is written before any fixture.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "motcua-hypothesis")

CALENDAR = WorkCalendar(years=(2024, 2028))
DAY = 27_000_000_000  # 7.5 hours in microseconds: the default working day

# No deadline: the machine is shared and the first examples may build the index.
PROPERTY = settings(max_examples=300, deadline=None, database=None)

moments = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001 (the zone is given by ``timezones``)
    max_value=datetime(2027, 12, 31, 23, 59),  # noqa: DTZ001
    timezones=st.just(VIETNAM),
)
amounts = st.decimals(min_value=0, max_value=40, places=2)
units = st.sampled_from(TimeUnit.values)
cutoffs = st.none() | st.times(min_value=time(7, 30), max_value=time(17))


def inside_working_hours(moment: datetime) -> bool:
    sessions = CALENDAR.sessions_on(moment.date())
    return sessions is not None and any(a <= moment.time() <= b for a, b in sessions.spans)


@PROPERTY
@given(received=moments, amount=amounts, unit=units, cutoff=cutoffs)
def test_due_date_is_always_inside_working_hours(received, amount, unit, cutoff):
    result = CALENDAR.due_at(received, amount, unit, cutoff=cutoff)

    assert inside_working_hours(result.due_at)
    assert inside_working_hours(result.starts_at)
    assert result.received_at <= result.starts_at <= result.due_at


@PROPERTY
@given(start=moments.map(CALENDAR.next_opening), days=amounts)
def test_n_working_days_are_n_times_the_daily_working_time(start, days):
    # ``next_opening`` keeps a moment inside working hours and moves any other into them.
    result = CALENDAR.due_at(start, days, TimeUnit.WORKING_DAYS)

    expected = timedelta(microseconds=int(days * DAY))
    assert CALENDAR.working_time_between(start, result.due_at) == expected


@PROPERTY
@given(received=moments, a=amounts, b=amounts, unit=units, cutoff=cutoffs)
def test_due_date_never_comes_earlier_for_a_longer_limit(received, a, b, unit, cutoff):
    shorter, longer = sorted([a, b])

    first = CALENDAR.due_at(received, shorter, unit, cutoff=cutoff)
    second = CALENDAR.due_at(received, longer, unit, cutoff=cutoff)

    assert first.due_at <= second.due_at


@PROPERTY
@given(start=moments, work=st.integers(min_value=-60 * DAY, max_value=60 * DAY))
def test_adding_then_measuring_working_time_round_trips(start, work):
    delta = timedelta(microseconds=work)

    assert CALENDAR.working_time_between(start, CALENDAR.add_working_time(start, delta)) == delta


@PROPERTY
@given(a=moments, b=moments, c=moments)
def test_working_time_between_adds_up(a, b, c):
    between = CALENDAR.working_time_between

    assert between(a, b) + between(b, c) == between(a, c)
    assert between(a, b) == -between(b, a)


@PROPERTY
@given(received=moments, days=st.integers(min_value=1, max_value=30))
def test_working_days_skip_exactly_the_non_working_days_between(received, days):
    result = CALENDAR.due_at(received, Decimal(days), TimeUnit.WORKING_DAYS)

    span = (result.due_at.date() - received.date()).days
    every_day = [received.date() + timedelta(days=k) for k in range(span)]
    assert [s.day for s in result.skipped] == [
        day for day in every_day if not CALENDAR.is_working_day(day)
    ]
