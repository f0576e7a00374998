"""Time limits of feedback and complaints, in working days of the competent agency's unit."""

from datetime import datetime

from django.conf import settings

from motcua.feedback.enums import OPEN_STATUSES, DueState, FeedbackKind
from motcua.feedback.models import Feedback
from motcua.organization.models import AdministrativeUnit
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.enums import TimeUnit
from motcua.workdays.selectors import calendar_for_unit

# Less than this many working days left: the staff list shows "due soon".
DUE_SOON_DAYS = 2


def is_remote(unit: AdministrativeUnit) -> bool:
    """The unit, or a unit above it, is listed as remote (more days for complaints)."""
    listed = set(settings.MOTCUA_REMOTE_UNIT_CODES)
    seen = 0
    while unit is not None and seen < 10:  # the tree is shallow; never loop forever
        if unit.code in listed:
            return True
        unit, seen = unit.parent, seen + 1
    return False


def limit_days(*, kind: str, unit: AdministrativeUnit, complex_case: bool = False) -> int:
    if kind != FeedbackKind.COMPLAINT:
        return settings.MOTCUA_FEEDBACK_DAYS
    days = settings.MOTCUA_COMPLAINT_DAYS
    if complex_case:
        days = settings.MOTCUA_COMPLAINT_COMPLEX_DAYS
    if settings.MOTCUA_REMOTE_UNIT_CODES and is_remote(unit):
        days += settings.MOTCUA_COMPLAINT_REMOTE_EXTRA_DAYS
    return days


def due_for(
    *, kind: str, unit: AdministrativeUnit, start: datetime, complex_case: bool = False
) -> datetime:
    days = limit_days(kind=kind, unit=unit, complex_case=complex_case)
    calendar = calendar_for_unit(unit_id=unit.pk)
    return calendar.due_at(start, days, TimeUnit.WORKING_DAYS).due_at


def due_state(feedback: Feedback, *, at: datetime, calendar: WorkCalendar) -> DueState | None:
    """Within time / due soon / overdue while the agency owes an answer; None after."""
    if feedback.status not in OPEN_STATUSES:
        return None
    if feedback.due_at < at:
        return DueState.OVERDUE
    soon = calendar.due_at(at, DUE_SOON_DAYS, TimeUnit.WORKING_DAYS).due_at
    return DueState.DUE_SOON if feedback.due_at <= soon else DueState.WITHIN_TIME
