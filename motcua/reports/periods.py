"""Report periods: half-open intervals [start, end) of aware instants on the local clock."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


def year_period(year: int) -> Period:
    """1 January 00:00 to the next 1 January 00:00, in the deployment's time zone."""
    tz = timezone.get_default_timezone()
    return Period(datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz))


def days_period(first: date, last: date) -> Period:
    """From the start of ``first`` to the end of ``last`` (both days included)."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(first, time(0), tzinfo=tz)
    return Period(start, datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz))
