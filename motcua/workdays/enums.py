from django.db import models
from django.utils.translation import pgettext_lazy


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", pgettext_lazy("time unit", "working days")
    WORKING_HOURS = "working_hours", pgettext_lazy("time unit", "working hours")
    CALENDAR_DAYS = "calendar_days", pgettext_lazy("time unit", "calendar days")
    SAME_DAY = "same_day", pgettext_lazy("time unit", "same working day")


class OverrideKind(models.TextChoices):
    """An announced change to the national calendar for one unit or for all."""

    DAY_OFF = "day_off", pgettext_lazy("calendar override", "Extra day off")
    WORKING_DAY = "working_day", pgettext_lazy("calendar override", "Make-up working day")
