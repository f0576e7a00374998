"""Administrators keep the calendar here: announced swaps and each unit's hours."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from motcua.workdays.models import CalendarOverride, WorkingHours


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"
    date_field = "date"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        dates = model_admin.get_queryset(request).dates(self.date_field, "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in dates]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() is None or not self.value().isdigit():
            return queryset
        return queryset.filter(**{f"{self.date_field}__year": int(self.value())})


class EffectiveYearFilter(YearFilter):
    title = _("effective from (year)")
    date_field = "effective_from"


@admin.display(description=_("administrative unit"), ordering="unit__name")
def scope(obj: CalendarOverride | WorkingHours) -> str:
    return str(obj.unit) if obj.unit_id else str(_("every unit"))


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", scope, "reason"]
    # Only the units that have overrides, not every commune of the province.
    list_filter = ["kind", YearFilter, ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reason"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "date"
    ordering = ["-date"]

    @admin.display(description=_("weekday"))
    def weekday(self, override: CalendarOverride) -> str:
        return str(WEEKDAYS[override.date.weekday()])


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = [scope, "effective_from", "morning", "afternoon"]
    list_filter = [EffectiveYearFilter, ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    ordering = ["unit__name", "-effective_from"]

    @admin.display(description=_("morning"))
    def morning(self, hours: WorkingHours) -> str:
        return f"{hours.morning_start:%H:%M}–{hours.morning_end:%H:%M}"

    @admin.display(description=_("afternoon"))
    def afternoon(self, hours: WorkingHours) -> str:
        if hours.afternoon_start is None or hours.afternoon_end is None:
            return "—"
        return f"{hours.afternoon_start:%H:%M}–{hours.afternoon_end:%H:%M}"
