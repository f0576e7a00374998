"""Time limits of a dossier: which limit applies, the plan per step, where it stands now.

All arithmetic is the calendar's (``motcua.workdays``); this module only decides which
limit and which unit's calendar apply, and compares instants.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from motcua.catalog.enums import TimeUnit
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.enums import OPEN_STATUSES, DossierStatus, Timeliness
from motcua.dossiers.models import Dossier
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.selectors import calendar_for_unit


@dataclass(frozen=True)
class Limit:
    amount: Decimal
    unit: str
    cutoff: time | None


def limit_for(*, version: ProcedureVersion, channel: str, case_name: str = "") -> Limit:
    """The case's own limit, else the channel's, else the procedure's."""
    if case_name:
        for case in version.cases.all():
            if case.name == case_name:
                return Limit(case.time_amount, case.time_unit, case.cutoff)
    for option in version.channels.all():
        if option.kind == channel:
            return Limit(option.time_amount, option.time_unit, option.cutoff)
    return Limit(version.time_amount, version.time_unit, version.cutoff)


def step_unit(procedure_unit: str) -> str:
    """Quotas are in the procedure's unit; same-day and calendar-day ones in working days."""
    if procedure_unit == TimeUnit.WORKING_HOURS:
        return TimeUnit.WORKING_HOURS
    return TimeUnit.WORKING_DAYS


def calendar_for(dossier: Dossier) -> WorkCalendar:
    """The receiving desk's unit decides working days and hours."""
    return calendar_for_unit(unit_id=dossier.desk.unit_id)


def step_due(calendar: WorkCalendar, start: datetime, quota: Decimal, unit: str) -> datetime:
    if quota <= 0:
        return calendar.next_opening(start)
    return calendar.due_at(start, quota, unit).due_at


def same_day(a: datetime, b: datetime, calendar: WorkCalendar) -> bool:
    return a.astimezone(calendar.tz).date() == b.astimezone(calendar.tz).date()


def classify(dossier: Dossier, *, at: datetime, calendar: WorkCalendar) -> Timeliness | None:
    """Early / on time / late once decided; within time / overdue while open.

    Decided dossiers compare at day granularity (the report convention): decided on the
    due day is on time, before it early, after it late.
    """
    if dossier.due_at is None:
        return None
    if dossier.decided_at is not None:
        if same_day(dossier.decided_at, dossier.due_at, calendar):
            return Timeliness.ON_TIME
        return Timeliness.EARLY if dossier.decided_at < dossier.due_at else Timeliness.LATE
    if dossier.status in OPEN_STATUSES:
        due = effective_due(dossier, at=at, calendar=calendar)
        return Timeliness.WITHIN_TIME if at <= due else Timeliness.OVERDUE
    return None


def effective_due(dossier: Dossier, *, at: datetime, calendar: WorkCalendar) -> datetime:
    """The due date, pushed on while a pause is running (the clock stands still)."""
    if dossier.paused_at is not None and dossier.status in (
        DossierStatus.SUPPLEMENT,
        DossierStatus.FINANCIAL,
    ):
        return calendar.shift_for_pause(
            dossier.due_at, dossier.paused_at, max(at, dossier.paused_at)
        )
    return dossier.due_at


def remaining(dossier: Dossier, *, at: datetime, calendar: WorkCalendar) -> timedelta | None:
    """Working time left (negative: overdue by that much)."""
    if dossier.due_at is None:
        return None
    return calendar.working_time_between(at, effective_due(dossier, at=at, calendar=calendar))


def due_preview(
    *, version: ProcedureVersion, channel: str, case_name: str, unit_id: int, at: datetime
):
    """The appointment a dossier received now would get, with its explanation."""
    limit = limit_for(version=version, channel=channel, case_name=case_name)
    calendar = calendar_for_unit(unit_id=unit_id)
    return calendar.due_at(at, limit.amount, limit.unit, cutoff=limit.cutoff)
