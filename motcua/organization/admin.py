from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from motcua.organization.models import AdministrativeUnit, Agency


class AgencyInline(admin.TabularInline):
    model = Agency
    fields = ["name", "kind", "identifier", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "classification", "code", "identifier", "parent", "agencies"]
    list_filter = ["level", "classification", "parent", "is_active"]
    search_fields = ["name", "name_en", "code", "identifier"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [AgencyInline]
    ordering = ["code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agency_count=Count("agencies"))

    @admin.display(description=_("agencies"), ordering="agency_count")
    def agencies(self, unit: AdministrativeUnit) -> int:
        return unit.agency_count


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "identifier", "is_active"]
    list_filter = ["kind", "unit__level", "unit", "is_active"]
    search_fields = ["name", "name_en", "short_name", "identifier"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    ordering = ["unit__code", "identifier"]
