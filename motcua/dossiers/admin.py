"""Read-only view of dossiers and their audit trail for administrators and inspectors.

Dossiers change only through the services (desk, agency, portal, API); the admin shows
them and never edits them.
"""

from django.contrib import admin

from motcua.dossiers.models import Dossier, DossierEvent, DossierStep


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = ["order", "name", "role", "agency", "quota", "due_at", "started_at", "finished_at"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["seq", "at", "action", "actor_name", "from_status", "to_status", "to_step", "note"]
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "applicant_name",
        "procedure_version",
        "status",
        "received_at",
        "due_at",
    ]
    list_filter = ["status", "channel", "desk", "agency"]
    search_fields = ["code", "applicant_name"]
    list_select_related = ["procedure_version"]
    date_hierarchy = "received_at"
    inlines = [StepInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
