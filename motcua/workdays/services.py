"""Writes to the working-day calendar. The next ``calendar_for_unit`` call sees them."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.core.services import upsert
from motcua.organization.models import AdministrativeUnit
from motcua.workdays.calendar import FIRST_YEAR, LAST_YEAR, OutsideCalendar
from motcua.workdays.enums import OverrideKind
from motcua.workdays.models import CalendarOverride, WorkingHours
from motcua.workdays.selectors import calendar_cache_clear
from motcua.workdays.sessions import sessions_from_times


class OverrideReasonMissing(DomainError):
    code = "override_reason_missing"
    message = _("Give the reason for the change to the calendar, e.g. the announcement.")


class OverrideKindUnknown(DomainError):
    code = "override_kind_unknown"
    message = _("“%(kind)s” is not a kind of calendar change.")


class OverrideNotFound(DomainError):
    code = "override_not_found"
    message = _("There is no calendar change on %(date)s to remove.")


def _check_year(day: dt.date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise OutsideCalendar(first=FIRST_YEAR, last=LAST_YEAR)


@transaction.atomic
def override_set(
    *, unit: AdministrativeUnit | None, date: dt.date, kind: str, reason: str
) -> CalendarOverride:
    """Declare ``date`` a day off or a working day, for ``unit`` or (None) every unit.

    Setting the same date again replaces the kind and reason.
    """
    if kind not in OverrideKind.values:
        raise OverrideKindUnknown(kind=kind)
    reason = reason.strip()
    if not reason:
        raise OverrideReasonMissing()
    _check_year(date)
    calendar_cache_clear()
    return upsert(
        CalendarOverride,
        lookup={"unit": unit, "date": date},
        fields={"kind": kind, "reason": reason},
    )


def override_remove(*, unit: AdministrativeUnit | None, date: dt.date) -> None:
    """Give ``date`` back to the national calendar (for ``unit``, or for every unit)."""
    deleted, _rows = CalendarOverride.objects.filter(unit=unit, date=date).delete()
    calendar_cache_clear()
    if not deleted:
        raise OverrideNotFound(date=f"{date:%d/%m/%Y}")


@transaction.atomic
def working_hours_set(
    *,
    unit: AdministrativeUnit | None,
    effective_from: dt.date,
    morning_start: dt.time,
    morning_end: dt.time,
    afternoon_start: dt.time | None,
    afternoon_end: dt.time | None,
) -> WorkingHours:
    """The daily sessions of ``unit`` (None: the default) from ``effective_from`` on.

    Leave the afternoon empty (both None) for a unit that works mornings only.
    """
    times = {
        "morning_start": morning_start,
        "morning_end": morning_end,
        "afternoon_start": afternoon_start,
        "afternoon_end": afternoon_end,
    }
    sessions_from_times(**times)  # raises InvalidSessions with a message for people
    _check_year(effective_from)
    calendar_cache_clear()
    return upsert(
        WorkingHours, lookup={"unit": unit, "effective_from": effective_from}, fields=times
    )
