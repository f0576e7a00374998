"""The working sessions of a day (e.g. 07:30–11:30 and 13:30–17:00)."""

from dataclasses import dataclass
from datetime import time

from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError

MICROSECONDS_PER_HOUR = 3_600_000_000


class InvalidSessions(DomainError):
    code = "invalid_sessions"
    message = _("The working sessions must be in order and must not overlap: %(sessions)s.")


class SessionIncomplete(InvalidSessions):
    code = "session_incomplete"
    message = _("Give both the opening and the closing time of the afternoon, or neither.")


def micros(at: time) -> int:
    """Microseconds since midnight: the calendar counts in whole microseconds, exactly."""
    return ((at.hour * 60 + at.minute) * 60 + at.second) * 1_000_000 + at.microsecond


@dataclass(frozen=True)
class Sessions:
    """Ordered, non-overlapping [opening, closing) periods of one working day."""

    spans: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        bounds = [moment for span in self.spans for moment in span]
        opens_before_close = all(start < end for start, end in self.spans)
        # A session may open exactly when the previous one closes, but not before.
        in_order = all(bounds[k] <= bounds[k + 1] for k in range(len(bounds) - 1))
        if not self.spans or not opens_before_close or not in_order:
            raise InvalidSessions(sessions=str(self))

    def __str__(self) -> str:
        return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in self.spans)

    @property
    def micro_spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((micros(start), micros(end)) for start, end in self.spans)

    @property
    def opening(self) -> time:
        return self.spans[0][0]

    @property
    def closing(self) -> time:
        return self.spans[-1][1]

    @property
    def length_hours(self) -> float:
        """The daily working time in hours, for display (7.5 for the default)."""
        return sum(end - start for start, end in self.micro_spans) / MICROSECONDS_PER_HOUR


def sessions_from_times(
    *,
    morning_start: time,
    morning_end: time,
    afternoon_start: time | None,
    afternoon_end: time | None,
) -> Sessions:
    """The sessions of a unit that works a morning and, usually, an afternoon."""
    if (afternoon_start is None) != (afternoon_end is None):
        raise SessionIncomplete()
    spans = [(morning_start, morning_end)]
    if afternoon_start is not None and afternoon_end is not None:
        spans.append((afternoon_start, afternoon_end))
    return Sessions(tuple(spans))


DEFAULT_SESSIONS = Sessions(((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))))
