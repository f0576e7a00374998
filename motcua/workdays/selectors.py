from datetime import date

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from motcua.workdays.calendar import DayOverride, WorkCalendar
from motcua.workdays.models import CalendarOverride, WorkingHours
from motcua.workdays.sessions import Sessions

# unit id (None: no unit) and time zone name -> (version stamp, calendar). Building a
# calendar costs milliseconds; checking the stamp costs two small aggregate queries.
_calendars: dict[tuple[int | None, str], tuple[tuple, WorkCalendar]] = {}


def calendar_for_unit(*, unit_id: int | None) -> WorkCalendar:
    """The calendar of a unit: its own working hours and overrides, then the defaults.

    Cached in the process and rebuilt as soon as a row that applies to the unit is
    added, changed or removed. Get it once per request or job, not once per dossier.
    """
    scope = Q(unit__isnull=True) if unit_id is None else Q(unit_id=unit_id) | Q(unit__isnull=True)
    hours = WorkingHours.objects.filter(scope)
    overrides = CalendarOverride.objects.filter(scope)
    tz = timezone.get_default_timezone()
    key = (unit_id, str(tz))
    stamp = (_stamp(hours), _stamp(overrides))
    cached = _calendars.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    calendar = WorkCalendar(
        tz=tz, hours=_hours_timeline(list(hours)), overrides=_overrides(list(overrides))
    )
    _calendars[key] = (stamp, calendar)
    return calendar


def calendar_cache_clear() -> None:
    """Forget this process's calendars; writes through the services call it at once."""
    _calendars.clear()


def _stamp(rows: QuerySet) -> tuple:
    # The count catches deletions, the newest id additions, the latest update edits.
    found = rows.order_by().aggregate(count=Count("pk"), newest=Max("pk"), last=Max("updated_at"))
    return found["count"], found["newest"], found["last"]


def _hours_timeline(rows: list[WorkingHours]) -> list[tuple[date, Sessions]]:
    """(from, sessions) at every change: a unit's own rows win over the default rows."""
    rows = sorted(rows, key=lambda row: row.effective_from)
    own = [(r.effective_from, r.sessions()) for r in rows if r.unit_id is not None]
    default = [(r.effective_from, r.sessions()) for r in rows if r.unit_id is None]
    changes = sorted({since for since, _ in own} | {since for since, _ in default})
    timeline = []
    for since in changes:
        sessions = _in_force(own, since) or _in_force(default, since)
        timeline.append((since, sessions))
    return timeline


def _in_force(rows: list[tuple[date, Sessions]], day: date) -> Sessions | None:
    applying = [sessions for since, sessions in rows if since <= day]
    return applying[-1] if applying else None


def _overrides(rows: list[CalendarOverride]) -> list[DayOverride]:
    """A unit's own override of a date wins over the one for every unit."""
    by_day = {r.date: r for r in rows if r.unit_id is None}
    by_day.update({r.date: r for r in rows if r.unit_id is not None})
    return [DayOverride(day, row.kind, row.reason) for day, row in sorted(by_day.items())]
