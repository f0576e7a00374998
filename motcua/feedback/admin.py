"""Read-only view of feedback, its audit trail and ratings for administrators and inspectors.

Feedback changes only through the services (portal, back office, API); the admin shows
it and never edits it.
"""

from django.contrib import admin

from motcua.feedback.models import Feedback, FeedbackEvent, FeedbackFile, SatisfactionRating


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    fields = ["seq", "at", "action", "actor_name", "from_status", "to_status", "to_agency", "note"]
    readonly_fields = fields


class FileInline(ReadOnlyMixin, admin.TabularInline):
    model = FeedbackFile
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "kind", "topic", "title", "agency", "status", "due_at", "published"]
    list_filter = ["status", "kind", "topic", "channel", "published", "agency"]
    search_fields = ["code", "title"]
    list_select_related = ["agency"]
    date_hierarchy = "submitted_at"
    exclude = ["lookup_secret", "idempotency_key"]
    inlines = [FileInline, EventInline]


@admin.register(FeedbackEvent)
class FeedbackEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["feedback", "seq", "action", "at", "actor_name", "to_status"]
    list_filter = ["action"]
    search_fields = ["feedback__code"]
    list_select_related = ["feedback"]


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["dossier", "overall", "scale", "created_at", "updated_at"]
    list_filter = ["scale", "overall"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]
    date_hierarchy = "created_at"
