"""Report periods: half-open intervals [start, end) of aware instants on the local clock."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


def year_period(year: int) -> Period:
    """1 January 00:00 to the next 1 January 00:00, in the deployment's time zone."""
    tz = timezone.get_default_timezone()
    return Period(datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz))
