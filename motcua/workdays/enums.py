from django.db import models
from django.utils.translation import pgettext_lazy


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", pgettext_lazy("time unit", "working days")
    WORKING_HOURS = "working_hours", pgettext_lazy("time unit", "working hours")
    CALENDAR_DAYS = "calendar_days", pgettext_lazy("time unit", "calendar days")
    SAME_DAY = "same_day", pgettext_lazy("time unit", "same working day")
