from django.contrib import admin

from motcua.outreach.models import OutreachSession, Post, ProcedureReview, ProcedureReviewEvent


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Posts to look up and, if need be, delete; writing and publishing happen in the
    staff news screens, whose services check the editor and record who did what."""

    list_display = ["title", "kind", "unit", "status", "pinned", "published_at", "updated_at"]
    list_filter = ["kind", "status", "pinned", "unit"]
    search_fields = ["title", "title_en", "slug"]
    list_select_related = ["unit"]
    date_hierarchy = "published_at"
    ordering = ["-updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutreachSession)
class OutreachSessionAdmin(admin.ModelAdmin):
    """Sessions to look up and, if recorded by mistake, delete; recording and correcting
    happen in the staff screens, whose services check the record keeper."""

    list_display = ["held_on", "title", "audience", "agency", "unit", "participants"]
    list_filter = ["audience", "unit"]
    search_fields = ["title", "place"]
    list_select_related = ["agency", "unit"]
    date_hierarchy = "held_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ProcedureReviewEvent
    extra = 0
    fields = ["seq", "at", "action", "actor_name", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(ProcedureReview)
class ProcedureReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Reviews with their audited history, read only: they change in the staff screens."""

    list_display = ["procedure", "reviewed_on", "agency", "finding", "proposal", "status"]
    list_filter = ["status", "finding", "proposal"]
    search_fields = ["procedure__code", "description"]
    list_select_related = ["procedure", "agency"]
    date_hierarchy = "reviewed_on"
    inlines = [ReviewEventInline]


@admin.register(ProcedureReviewEvent)
class ProcedureReviewEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["review", "seq", "action", "at", "actor_name", "from_status", "to_status"]
    list_filter = ["action"]
    search_fields = ["review__procedure__code"]
    list_select_related = ["review"]
