"""Moments on a unit's working clock, drawn at random: the simulation's sense of time.

Pure arithmetic over ``WorkCalendar`` (no database): staff act inside working hours, so
every moment here is placed in working time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from random import Random

from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.enums import TimeUnit

MINUTE = timedelta(minutes=1)


@dataclass
class Year:
    number: int
    start: datetime
    decide_by: datetime  # every dossier is decided before this moment
    end: datetime  # results are returned before this moment, or wait for the next year


def year_bounds(year: int, tz) -> Year:
    """The local year, and its last day, on which nothing is decided any more."""
    return Year(
        number=year,
        start=datetime(year, 1, 1, tzinfo=tz),
        decide_by=datetime(year, 12, 31, tzinfo=tz),
        end=datetime(year + 1, 1, 1, tzinfo=tz),
    )


def working_days(calendar: WorkCalendar, year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def midnight(calendar: WorkCalendar, day: date) -> datetime:
    return datetime.combine(day, time(), calendar.tz)


def opening(calendar: WorkCalendar, day: date) -> datetime:
    """The first working moment on or after ``day``."""
    return calendar.next_opening(midnight(calendar, day))


def closing(calendar: WorkCalendar, moment: datetime) -> datetime:
    """The end of the working day that ``moment`` counts in."""
    return calendar.due_at(moment, 0, TimeUnit.SAME_DAY).due_at


def local_day(calendar: WorkCalendar, moment: datetime) -> date:
    return moment.astimezone(calendar.tz).date()


def next_day_opening(calendar: WorkCalendar, moment: datetime) -> datetime:
    """The opening of the first working day after the day of ``moment``."""
    return opening(calendar, local_day(calendar, moment) + timedelta(days=1))


def between(
    calendar: WorkCalendar, rng: Random, start: datetime, end: datetime, low=0.0, high=1.0
) -> datetime:
    """A moment at a random share (``low``–``high``) of the working time from start to end."""
    span = calendar.working_time_between(start, end)
    if span <= timedelta(0):
        return start
    return calendar.add_working_time(start, span * rng.uniform(low, high))


def later(calendar: WorkCalendar, rng: Random, start: datetime, low: int, high: int) -> datetime:
    """``low`` to ``high`` working minutes after ``start``."""
    return calendar.add_working_time(start, MINUTE * rng.randint(low, high))


def moment_on(calendar: WorkCalendar, rng: Random, day: date) -> datetime:
    """A random minute inside the working hours of the working day ``day``."""
    start = opening(calendar, day)
    return between(calendar, rng, start, closing(calendar, start), 0.0, 0.97)
