"""A computed due date and the explanation shown to officers and citizens."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext

from motcua.workdays.enums import TimeUnit


class SkippedDay(NamedTuple):
    """A non-working day that moved a due date, and why it is not worked."""

    day: date
    reason: str | Promise  # lazy: a holiday's name follows the reader's language


@dataclass(frozen=True, slots=True)
class DueDate:
    received_at: datetime
    starts_at: datetime  # when counting began: the next opening after receipt
    due_at: datetime
    amount: Decimal
    unit: str
    skipped: tuple[SkippedDay, ...]
    after_cutoff: bool = False

    def explanation(self) -> list[str]:
        """How the due date was reached, one sentence a line, in the active language."""
        lines = [gettext("Received at %(moment)s.") % {"moment": moment_text(self.received_at)}]
        start = {"moment": moment_text(self.starts_at)}
        if self.after_cutoff:
            lines.append(
                gettext("Received after the cut-off time: counting starts at %(moment)s.") % start
            )
        elif self.starts_at != self.received_at:
            lines.append(
                gettext("Received outside working hours: counting starts at %(moment)s.") % start
            )
        lines.append(_limit_text(self.amount, self.unit))
        if self.unit == TimeUnit.CALENDAR_DAYS:
            lines.append(
                gettext(
                    "In calendar days the day counting starts is not counted, and a period "
                    "whose last day is not a working day ends on the next working day."
                )
            )
        for skipped in self.skipped:
            values = {"day": day_text(skipped.day), "reason": skipped.reason}
            lines.append(gettext("%(day)s is not a working day: %(reason)s.") % values)
        lines.append(gettext("Due at %(moment)s.") % {"moment": moment_text(self.due_at)})
        return lines


def day_text(day: date) -> str:
    values = {"weekday": WEEKDAYS[day.weekday()], "date": f"{day:%d/%m/%Y}"}
    return pgettext("weekday and date", "%(weekday)s %(date)s") % values


def moment_text(moment: datetime) -> str:
    values = {"time": f"{moment:%H:%M}", "day": day_text(moment.date())}
    return pgettext("time and day", "%(time)s on %(day)s") % values


def _limit_text(amount: Decimal, unit: str) -> str:
    label = TimeUnit(unit).label
    if unit == TimeUnit.SAME_DAY:
        return gettext("Time limit: %(unit)s.") % {"unit": label}
    # normalize() alone would print 10 as 1E+1.
    shown = amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()
    return gettext("Time limit: %(amount)s, counted in %(unit)s.") % {
        "amount": number_format(shown),
        "unit": label,
    }
