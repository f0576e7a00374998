from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.organization.models import AdministrativeUnit
from motcua.workdays.enums import OverrideKind
from motcua.workdays.sessions import InvalidSessions, Sessions, sessions_from_times


def _unit_field(related_name: str, help_text: str) -> models.ForeignKey:
    return models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        related_name=related_name,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=help_text,
    )


# Callables, not time values: Django's "fixed default" check (fields.W161) compares a
# time default with the clock and warns when it runs within seconds of 07:30 or 17:00.
def default_morning_start() -> time:
    return time(7, 30)


def default_morning_end() -> time:
    return time(11, 30)


def default_afternoon_start() -> time:
    return time(13, 30)


def default_afternoon_end() -> time:
    return time(17, 0)


class WorkingHours(TimeStampedModel):
    """The daily sessions of a unit (or of every unit) from a date on."""

    unit = _unit_field(
        "working_hours", _("Empty: the default for every unit without its own working hours.")
    )
    effective_from = models.DateField(_("effective from"))
    morning_start = models.TimeField(_("morning opens"), default=default_morning_start)
    morning_end = models.TimeField(_("morning closes"), default=default_morning_end)
    afternoon_start = models.TimeField(
        _("afternoon opens"),
        default=default_afternoon_start,
        null=True,
        blank=True,
        help_text=_("Empty for a unit that works the morning only."),
    )
    afternoon_end = models.TimeField(
        _("afternoon closes"), default=default_afternoon_end, null=True, blank=True
    )

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["unit__name", "-effective_from"]
        # NULL never equals NULL in a unique index, so the default rows need their own.
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "effective_from"],
                condition=Q(unit__isnull=False),
                name="workinghours_unique_unit_date",
                violation_error_message=_("This unit already has working hours from that date."),
            ),
            models.UniqueConstraint(
                fields=["effective_from"],
                condition=Q(unit__isnull=True),
                name="workinghours_unique_default_date",
                violation_error_message=_("Default working hours from that date already exist."),
            ),
        ]

    def __str__(self) -> str:
        # Plain formatting: an invalid row being edited must still have a name.
        times = [self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end]
        hours = "–".join(f"{t:%H:%M}" for t in times if t is not None)
        return f"{self.unit or _('every unit')}: {hours} ({self.effective_from:%d/%m/%Y})"

    def sessions(self) -> Sessions:
        return sessions_from_times(
            morning_start=self.morning_start,
            morning_end=self.morning_end,
            afternoon_start=self.afternoon_start,
            afternoon_end=self.afternoon_end,
        )

    def clean(self) -> None:
        if self.morning_start is None or self.morning_end is None:
            return  # the field errors say it already
        try:
            self.sessions()
        except InvalidSessions as exc:
            raise ValidationError(exc.message, code=exc.code, params=exc.params) from exc


class CalendarOverride(TimeStampedModel):
    """An announced day off or make-up working day that the national calendar lacks."""

    unit = _unit_field("calendar_overrides", _("Empty: applies to every unit."))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=OverrideKind.choices)
    reason = models.TextField(
        _("reason"), help_text=_("Shown when a due date is explained, e.g. the announcement.")
    )

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "date"],
                condition=Q(unit__isnull=False),
                name="calendaroverride_unique_unit_date",
                violation_error_message=_("This unit already has a change on that date."),
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(unit__isnull=True),
                name="calendaroverride_unique_global_date",
                violation_error_message=_("A change for every unit already exists on that date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
