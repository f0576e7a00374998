"""The working-day calendar: due dates and working time, pure arithmetic, no database.

A ``WorkCalendar`` reads instants on a *working clock*: the working time elapsed since
1 January of the first year it covers. The clock stands still outside working hours.
It is kept as a sorted list of working days with the clock reading at the end of each,
so every question is one or two binary searches instead of a walk day by day.

Conventions at the boundaries (each has a test in ``tests/test_calendar.py``):

* sessions are half-open: 07:30 is inside the morning, 11:30 is not; a receipt at 11:30
  exactly, at lunch, after closing or on a day off counts from the next opening;
* a due date is the *earliest* instant at which the time limit has elapsed, so a limit
  that ends exactly at a session's end is due at that end (17:00), not at the next
  opening (07:30 next working day);
* a day of working time is the daily working time of the day counting starts (7.5 h by
  default), so 09:00 + 1 day is 09:00 on the next working day, and 07:30 + 1 day is
  17:00 the same day (the same moment on the working clock as 07:30 the next day);
* with a cut-off, a receipt whose counting would start after the cut-off counts from the
  next working day's opening; a receipt at the cut-off exactly counts the same day;
* calendar days count from the day counting starts (so an after-hours receipt is
  counted as received on the next working day), fractions round up to whole days, and
  the period ends at that day's closing time, rolled to the next working day if needed;
* the same day ends at the closing time of the day counting starts.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.workdays.due import DueDate, SkippedDay
from motcua.workdays.enums import OverrideKind, TimeUnit
from motcua.workdays.sessions import (
    DEFAULT_SESSIONS,
    MICROSECONDS_PER_HOUR,
    Sessions,
    micros,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The `holidays` package's Vietnamese lunar tables cover these years.
FIRST_YEAR, LAST_YEAR = 1901, 2100
WEEKEND = pgettext_lazy("non-working day", "weekend")
ONE_MICROSECOND = timedelta(microseconds=1)
UNITS = frozenset(TimeUnit.values)


class OutsideCalendar(DomainError):
    code = "outside_calendar"
    message = _("The calendar covers the years %(first)s to %(last)s only.")


class DayOverride(NamedTuple):
    day: date
    kind: str  # an OverrideKind value
    reason: str


@lru_cache(maxsize=256)
def _base_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Public holidays and make-up working Saturdays announced by the government."""
    vietnam = holidays.VN(years=year)
    return frozenset(vietnam), frozenset(vietnam.weekend_workdays)


@lru_cache(maxsize=256)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    return dict(holidays.VN(years=year, language=language))


def _holiday_name(day: date) -> str:
    language = "en_US" if (get_language() or "vi").startswith("en") else "vi"
    return _holiday_names(day.year, language)[day]


holiday_name = lazy(_holiday_name, str)


def _elapsed(spans: tuple[tuple[int, int], ...], at: int) -> int:
    """Working microseconds of one day before ``at`` (microseconds since midnight)."""
    done = 0
    for start, end in spans:
        if at <= start:
            break
        done += (at if at < end else end) - start
    return done


def _reached(spans: tuple[tuple[int, int], ...], work: int) -> int:
    """The earliest moment of the day by which ``work`` (> 0) has been done."""
    for start, end in spans:
        if work <= end - start:
            return start + work
        work -= end - start
    raise ValueError(work)


class _OutOfRange(Exception):
    def __init__(self, *, forward: bool) -> None:
        self.forward = forward


class _Index:
    """Working days of whole years: the days, their sessions and clock at each day's end.

    Built once and never changed, so readers on other threads always see a whole index.
    """

    def __init__(self, first_year: int, last_year: int) -> None:
        self.first_year, self.last_year = first_year, last_year
        self.first = date(first_year, 1, 1).toordinal()
        self.last = date(last_year, 12, 31).toordinal()
        self.days: list[int] = []  # ordinals of working days
        self.spans: list[tuple[tuple[int, int], ...]] = []
        self.ends: list[int] = []  # the working clock at the end of each working day
        self.off_days: list[int] = []
        self.off_items: list[SkippedDay] = []  # made once, sliced per question

    def find(self, day: int) -> tuple[int, bool]:
        """Index of the first working day on or after ``day``, and whether it is ``day``."""
        if not self.first <= day <= self.last:
            raise _OutOfRange(forward=day > self.last)
        i = bisect_left(self.days, day)
        return i, i < len(self.days) and self.days[i] == day

    def clock(self, day: int, at: int) -> int:
        i, working = self.find(day)
        before = self.ends[i - 1] if i else 0
        return before + _elapsed(self.spans[i], at) if working else before

    def opening(self, i: int) -> tuple[int, int]:
        if i >= len(self.days):
            raise _OutOfRange(forward=True)
        return self.days[i], self.spans[i][0][0]

    def closing(self, i: int) -> tuple[int, int]:
        if i >= len(self.days):
            raise _OutOfRange(forward=True)
        return self.days[i], self.spans[i][-1][1]

    def next_opening(self, day: int, at: int) -> tuple[int, int]:
        """The first working moment at or after (day, at)."""
        i, working = self.find(day)
        if working:
            for start, end in self.spans[i]:
                if at < end:
                    return day, max(start, at)
            i += 1
        return self.opening(i)

    def moment(self, clock: int) -> tuple[int, int]:
        """The earliest moment at which the working clock reads ``clock``."""
        if clock <= 0:
            if clock < 0:
                raise _OutOfRange(forward=False)
            return self.opening(0)
        i = bisect_left(self.ends, clock)
        if i == len(self.ends):
            raise _OutOfRange(forward=True)
        before = self.ends[i - 1] if i else 0
        return self.days[i], _reached(self.spans[i], clock - before)

    def length(self, i: int) -> int:
        """The working time of the i-th working day."""
        return self.ends[i] - self.ends[i - 1] if i else self.ends[0]

    def skipped(self, first: int, stop: int) -> list[SkippedDay]:
        """Non-working days from ``first`` up to, not including, ``stop``."""
        return self.off_items[bisect_left(self.off_days, first) : bisect_left(self.off_days, stop)]


class WorkCalendar:
    """Working days and hours of one unit, from the national calendar and its overrides.

    ``hours`` is a timeline of (effective from, sessions); days before its first entry
    use the built-in default. ``overrides`` win over the national calendar.
    """

    def __init__(
        self,
        *,
        tz: tzinfo = VIETNAM,
        hours: Sequence[tuple[date, Sessions]] = (),
        overrides: Iterable[DayOverride] = (),
        years: tuple[int, int] | None = None,
    ) -> None:
        self.tz = tz
        timeline = sorted(hours, key=lambda entry: entry[0])
        self._hours_from = [since for since, _ in timeline]
        self._hours = [sessions for _, sessions in timeline]
        self._overrides = {override.day: override for override in overrides}
        self._index: _Index | None = self._build(*years) if years else None

    # Questions about days ------------------------------------------------------------

    def sessions_on(self, day: date) -> Sessions | None:
        """The sessions worked on ``day``; None when it is not a working day."""
        return self._sessions_for(day) if self.is_working_day(day) else None

    def is_working_day(self, day: date) -> bool:
        ordinal = day.toordinal()
        return self._run(ordinal, lambda ix: ix.find(ordinal)[1])

    def next_opening(self, at: datetime) -> datetime:
        """``at`` itself when inside working hours, otherwise the next opening time."""
        day, moment = self._split(at)
        return self._join(*self._run(day, lambda ix: ix.next_opening(day, moment)))

    # Working time --------------------------------------------------------------------

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end``; negative when ``end`` comes first."""
        a, b = self._split(start), self._split(end)
        clocks = self._run(a[0], lambda ix: (ix.clock(*a), ix.clock(*b)))
        return timedelta(microseconds=clocks[1] - clocks[0])

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """The earliest moment by which ``delta`` of working time has passed since ``start``.

        Negative ``delta`` goes back in time the same way (e.g. "one working day before").
        """
        work = delta // ONE_MICROSECOND
        if work == 0:
            return start.astimezone(self.tz)
        day, moment = self._split(start)
        return self._join(*self._run(day, lambda ix: ix.moment(ix.clock(day, moment) + work)))

    def shift_for_pause(
        self, due_at: datetime, paused_from: datetime, resumed_at: datetime
    ) -> datetime:
        """The "shift" pause policy: move the due date by the paused working time."""
        if resumed_at < paused_from:
            raise ValueError("A pause cannot end before it starts.")
        return self.add_working_time(due_at, self.working_time_between(paused_from, resumed_at))

    def restart_after_pause(
        self, resumed_at: datetime, amount: Decimal | int, unit: str, *, cutoff: time | None = None
    ) -> DueDate:
        """The "restart" pause policy: the full time again, from the resumption."""
        return self.due_at(resumed_at, amount, unit, cutoff=cutoff)

    # Due dates -----------------------------------------------------------------------

    def due_at(
        self, received_at: datetime, amount: Decimal | int, unit: str, *, cutoff: time | None = None
    ) -> DueDate:
        """When a dossier received at ``received_at`` with this time limit is due."""
        amount = _checked_amount(amount)
        if unit not in UNITS:
            raise ValueError(f"Unknown time unit: {unit!r}")
        day, moment = self._split(received_at)
        limit = None if cutoff is None else micros(cutoff)
        start, due, skipped, after_cutoff = self._run(
            day, lambda ix: _count(ix, day, moment, amount, unit, limit)
        )
        return DueDate(
            received_at=received_at.astimezone(self.tz),
            starts_at=self._join(*start),
            due_at=self._join(*due),
            amount=amount,
            unit=unit,
            skipped=tuple(skipped),
            after_cutoff=after_cutoff,
        )

    # The index -----------------------------------------------------------------------

    def _run(self, day: int, question):
        """Answer ``question(index)``, growing the index until it covers the answer."""
        ix = self._covering(day)
        while True:
            try:
                return question(ix)
            except _OutOfRange as exc:
                ix = self._grow(ix, forward=exc.forward)

    def _covering(self, day: int) -> _Index:
        ix = self._index
        if ix is not None and ix.first <= day <= ix.last:
            return ix
        year = date.fromordinal(day).year
        if ix is None:
            return self._swap(year - 1, year + 1, current=None)
        return self._swap(min(ix.first_year, year), max(ix.last_year, year), current=ix)

    def _grow(self, ix: _Index, *, forward: bool) -> _Index:
        # Doubling the span keeps the number of rebuilds logarithmic in the range used.
        span = ix.last_year - ix.first_year + 1
        if forward:
            return self._swap(ix.first_year, ix.last_year + span, current=ix)
        return self._swap(ix.first_year - span, ix.last_year, current=ix)

    def _swap(self, first_year: int, last_year: int, *, current: _Index | None) -> _Index:
        """Build a wider index and publish it; the old one stays valid for its readers."""
        first_year, last_year = max(first_year, FIRST_YEAR), min(last_year, LAST_YEAR)
        if current is not None and (first_year, last_year) == (
            current.first_year,
            current.last_year,
        ):
            raise OutsideCalendar(first=FIRST_YEAR, last=LAST_YEAR)  # cannot grow further
        self._index = self._build(first_year, last_year)
        return self._index

    def _build(self, first_year: int, last_year: int) -> _Index:
        if not FIRST_YEAR <= first_year <= last_year <= LAST_YEAR:
            raise OutsideCalendar(first=FIRST_YEAR, last=LAST_YEAR)
        ix = _Index(first_year, last_year)
        # A swap may bring a Saturday of one year into work for a holiday of the next.
        years = range(max(first_year - 1, FIRST_YEAR), min(last_year + 1, LAST_YEAR) + 1)
        days_off = frozenset().union(*(_base_year(year)[0] for year in years))
        workdays = frozenset().union(*(_base_year(year)[1] for year in years))
        clock = 0
        for ordinal in range(ix.first, ix.last + 1):
            day = date.fromordinal(ordinal)
            reason = self._reason_off(day, days_off, workdays)
            if reason is None:
                spans = self._sessions_for(day).micro_spans
                clock += _length(spans)
                ix.days.append(ordinal)
                ix.spans.append(spans)
                ix.ends.append(clock)
            else:
                ix.off_days.append(ordinal)
                ix.off_items.append(SkippedDay(day, reason))
        return ix

    def _reason_off(self, day: date, days_off: frozenset, workdays: frozenset) -> str | None:
        """Why ``day`` is not worked, or None when it is a working day."""
        override = self._overrides.get(day)
        if override is not None:
            return None if override.kind == OverrideKind.WORKING_DAY else override.reason
        if day in days_off:
            return holiday_name(day)
        if day.weekday() >= 5 and day not in workdays:
            return WEEKEND
        return None

    def _sessions_for(self, day: date) -> Sessions:
        k = bisect_right(self._hours_from, day) - 1
        return self._hours[k] if k >= 0 else DEFAULT_SESSIONS

    def _split(self, at: datetime) -> tuple[int, int]:
        if at.utcoffset() is None:
            raise ValueError("The calendar needs an aware datetime.")
        local = at.astimezone(self.tz)
        return local.toordinal(), micros(local.time())

    def _join(self, day: int, at: int) -> datetime:
        # Wall-clock arithmetic: exact in zones without daylight saving, like Vietnam's.
        midnight = datetime.combine(date.fromordinal(day), time(), self.tz)
        return midnight + timedelta(microseconds=at)


def _checked_amount(amount: Decimal | int) -> Decimal:
    if not isinstance(amount, Decimal | int) or isinstance(amount, bool):
        raise TypeError("A time limit is a Decimal or an int.")
    amount = Decimal(amount)
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"A time limit cannot be {amount}.")
    return amount


def _count(ix: _Index, day: int, at: int, amount: Decimal, unit: str, cutoff: int | None):
    """Start, due moment, skipped days and whether the cut-off moved the start."""
    start = ix.next_opening(day, at)
    after_cutoff = cutoff is not None and start[1] > cutoff
    if after_cutoff:
        start = ix.opening(ix.find(start[0])[0] + 1)
    if unit == TimeUnit.CALENDAR_DAYS:
        # Civil Code art. 147–148: the first day is not counted; a period ends at the end
        # of its last day, and a last day off moves it to the next working day's close.
        last = start[0] + int(amount.to_integral_value(ROUND_CEILING))
        due = ix.closing(ix.find(last)[0])
        return start, due, ix.skipped(day, start[0]) + ix.skipped(last, due[0]), after_cutoff
    if unit == TimeUnit.SAME_DAY:
        due = ix.closing(ix.find(start[0])[0])
    elif amount == 0:
        due = start
    else:
        i = ix.find(start[0])[0]
        per = MICROSECONDS_PER_HOUR if unit == TimeUnit.WORKING_HOURS else ix.length(i)
        work = int((amount * per).to_integral_value(ROUND_HALF_UP))
        due = ix.moment(ix.clock(*start) + work)
    return start, due, ix.skipped(day, due[0]), after_cutoff


def _length(spans: tuple[tuple[int, int], ...]) -> int:
    return sum(end - start for start, end in spans)
